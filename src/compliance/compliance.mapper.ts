import type { ComplianceLookupResult, ComplianceOutcome, FoundAnswer, IdentifierKey } from './compliance.model.js';

// One result per cached answer: a warm page reuses it instead of building dates and objects per
// row per request. Results are never mutated (STALE builds its own).
// Keyed by the answer, checked against the identifier and the expiry (a feed's coverage moves it).
const built = new WeakMap<FoundAnswer, { result: ComplianceLookupResult; expiresAt: number }>();

/** The GraphQL `ComplianceLookup` of an outcome: the one exhaustive switch over its states. */
export function toComplianceLookup(outcome: ComplianceOutcome): ComplianceLookupResult {
  switch (outcome.state) {
    case 'FRESH': {
      const cached = built.get(outcome.answer);
      // One answer may serve several identifiers (a device's other MACs): build per identifier.
      if (cached?.result.identifier === outcome.target.identifier && cached.expiresAt === outcome.expiresAt) return cached.result;
      const result = withReport(outcome.target, 'FRESH', outcome.answer, outcome.expiresAt);
      built.set(outcome.answer, { result, expiresAt: outcome.expiresAt });
      return result;
    }
    case 'STALE':
      return withReport(outcome.target, 'STALE', outcome.answer, outcome.expiresAt);
    case 'NOT_FOUND':
      return empty('NOT_FOUND', outcome.target);
    case 'UNMATCHED':
      return UNMATCHED;
    case 'QUEUED':
      return { ...empty('QUEUED', outcome.target), retryAfterSeconds: toSeconds(outcome.retryAfterMs) };
    case 'FAILED':
      return {
        ...empty('FAILED', outcome.target),
        failureCode: outcome.failure.code,
        failureMessage: outcome.failure.message,
        retryAfterSeconds: toSeconds(outcome.retryAfterMs),
      };
    default:
      return unreachable(outcome);
  }
}

function withReport(target: IdentifierKey, state: 'FRESH' | 'STALE', answer: FoundAnswer, expiresAt: number): ComplianceLookupResult {
  return {
    ...empty(state, target),
    fetchedAt: new Date(answer.fetchedAt).toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
    report: answer.report,
    updatedBy: answer.update
      ? {
          source: answer.update.source,
          at: new Date(answer.update.at).toISOString(),
          fields: answer.update.fields,
          detailsFetchedAt: new Date(answer.update.detailsFetchedAt).toISOString(),
        }
      : null,
  };
}

function empty(state: ComplianceLookupResult['state'], target: IdentifierKey | null): ComplianceLookupResult {
  return {
    state,
    identifier: target?.identifier ?? null,
    identifierKind: target?.kind ?? null,
    fetchedAt: null,
    expiresAt: null,
    retryAfterSeconds: null,
    failureCode: null,
    report: null,
  };
}

const UNMATCHED: ComplianceLookupResult = Object.freeze(empty('UNMATCHED', null)) as ComplianceLookupResult;

/** Whole seconds, rounded up, at least 1: "ask again after" must never say 0. */
function toSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function unreachable(value: never): never {
  throw new Error(`Unhandled compliance outcome: ${JSON.stringify(value)}`);
}
