import {
  DEVICE_DETAILS_MAX_IDS,
  type DeviceDetailsOutcome,
  type IdentifierKind,
  type PolicyCheckOutcome,
  type RateLimitInfo,
} from '../opswat/index.js';
import { type CachedAnswer, cacheKey, type IdentifierKey } from './compliance.model.js';

export { DEVICE_DETAILS_MAX_IDS };

/** What the engine needs of the OPSWAT client: two calls, each one billable request, HTTP only. */
export interface ComplianceUpstream {
  /** Device Details: 1..50 identifiers (MACs or device ids) in one call. */
  deviceDetails(ids: readonly string[]): Promise<DeviceDetailsOutcome>;
  /** Device Policy Check v2.2: one identifier of any kind. */
  policyCheck(identifier: string, kind: IdentifierKind): Promise<PolicyCheckOutcome>;
}

/** How MAC lookups reach OPSWAT: 50 a call through Device Details, or one a call through Policy Check. */
export type LookupMode = 'batch' | 'policy-check';

/**
 * Whether an identifier must go alone in its call (Policy Check): HWIDs and SSIDs do (the
 * contract), and everything with OPSWAT_LOOKUP=policy-check. MACs and OPSWAT device ids ride
 * Device Details, 50 a call (its `ids` take both under opt 0).
 */
export function goesAlone(mode: LookupMode, target: IdentifierKey): boolean {
  return mode === 'policy-check' || (target.kind !== 'MAC_ADDRESS' && target.kind !== 'OPSWAT_DEVICE_ID');
}

/** What one call taught: an answer per asked key, answers for other MACs of found devices, and the server's rate-limit view. */
export interface CallAnswers {
  answers: Map<string, CachedAnswer>;
  /** The other adapters' MACs of every device found, so a second adapter never costs a call. */
  alsoKnown: Map<string, CachedAnswer>;
  rateLimit: RateLimitInfo | null;
}

/** Spends one call on `targets` (one alone, or up to 50 MACs) and files each answer under its cache key. */
export async function fetchAnswers(
  upstream: ComplianceUpstream,
  mode: LookupMode,
  targets: readonly IdentifierKey[],
  now: () => number,
): Promise<CallAnswers> {
  const answers = new Map<string, CachedAnswer>();
  const alsoKnown = new Map<string, CachedAnswer>();
  const [first] = targets;
  if (first && targets.length === 1 && goesAlone(mode, first)) {
    const result = await upstream.policyCheck(first.identifier, first.kind);
    const fetchedAt = now();
    answers.set(
      cacheKey(first),
      result.kind === 'found' ? { kind: 'found', report: result.report, fetchedAt } : { kind: 'not_found', fetchedAt },
    );
    return { answers, alsoKnown, rateLimit: result.rateLimit ?? null };
  }
  const outcome = await upstream.deviceDetails(targets.map((target) => target.identifier));
  const fetchedAt = now();
  const byId = new Map(outcome.answers.map((answer) => [answer.id, answer]));
  for (const target of targets) {
    const answer = byId.get(target.identifier);
    if (answer?.kind !== 'found') {
      answers.set(cacheKey(target), { kind: 'not_found', fetchedAt });
      continue;
    }
    const found: CachedAnswer = { kind: 'found', report: answer.report, fetchedAt, deviceId: answer.deviceId };
    answers.set(cacheKey(target), found);
    for (const mac of answer.macAddresses) {
      const key = cacheKey({ identifier: mac, kind: 'MAC_ADDRESS' });
      if (mac !== target.identifier) alsoKnown.set(key, found);
    }
  }
  return { answers, alsoKnown, rateLimit: outcome.rateLimit };
}
