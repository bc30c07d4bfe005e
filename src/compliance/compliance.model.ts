import type { UpstreamErrorCode } from '../common/index.js';
import type { ComplianceReportData, IdentifierKind } from '../opswat/index.js';

/** An identifier as OPSWAT is asked with it. */
export interface IdentifierKey {
  identifier: string;
  kind: IdentifierKind;
}

/** Where a compliance answer stands (mirrors the GraphQL enum). */
export type ComplianceStateName = 'FRESH' | 'STALE' | 'QUEUED' | 'NOT_FOUND' | 'UNMATCHED' | 'FAILED';

/** Why a lookup failed: an upstream's code, or the store (cache, budget, leases) being unusable. */
export type LookupFailureCode = UpstreamErrorCode | 'STORE_UNAVAILABLE';

/** What a lookup answers; plain data, the parent object of `ComplianceLookup`. */
export interface ComplianceLookupResult {
  state: ComplianceStateName;
  identifier: string | null;
  identifierKind: IdentifierKind | null;
  fetchedAt: string | null;
  expiresAt: string | null;
  retryAfterSeconds: number | null;
  failureCode: LookupFailureCode | null;
  /** For FAILED: a safe message for the response's errors list. */
  failureMessage?: string;
  report: ComplianceReportData | null;
  /** When the change feed or a push updated the report: from where, when, which fields. */
  updatedBy?: { source: ReportUpdate['source']; at: string; fields: string[]; detailsFetchedAt: string } | null;
}

/**
 * A report OPSWAT returned, as the cache holds it, with OPSWAT's own id of the device when the
 * answer carried one (Device Details does): the key its change feed and webhook name devices by.
 */
export type FoundAnswer = {
  kind: 'found';
  report: ComplianceReportData;
  /** When the report was last known current: a Device Details call, or a change-feed entry or push that updated it. */
  fetchedAt: number;
  deviceId?: string | null;
  /** Set when the change feed or a webhook push updated the report after its Device Details call. */
  update?: ReportUpdate;
};

/** Where a report's newest fields came from, when not from a Device Details call. */
export interface ReportUpdate {
  source: 'STATUS_CHANGE' | 'WEBHOOK';
  /** When the update was applied (epoch ms). */
  at: number;
  /** The report's fields it set (`status`, `totalIssues`, …); the others are as of `detailsFetchedAt`. */
  fields: string[];
  /** When Device Details last answered for the device (epoch ms): the age of the issues and infections. */
  detailsFetchedAt: number;
}

/** What the cache holds per identifier. Failures are never cached: they must not hide a good report. */
export type CachedAnswer = FoundAnswer | { kind: 'not_found'; fetchedAt: number };

/** A failure as waiters see it: its code, a safe message, and when asking again can help. */
export interface LookupFailure {
  code: LookupFailureCode;
  message: string;
  retryAt: number;
}

/** Outcome of one fetch, as the queue hands it to whoever waits. */
export type FetchOutcome = { kind: 'answered'; answer: CachedAnswer } | ({ kind: 'failed' } & LookupFailure);

/**
 * Where one lookup stands, as the service answers it. The GraphQL mapping
 * (`toComplianceLookup`) is the one exhaustive switch over it.
 */
export type ComplianceOutcome =
  | { state: 'FRESH'; target: IdentifierKey; answer: FoundAnswer; expiresAt: number }
  | { state: 'STALE'; target: IdentifierKey; answer: FoundAnswer; expiresAt: number }
  | { state: 'NOT_FOUND'; target: IdentifierKey }
  | { state: 'UNMATCHED' }
  | { state: 'QUEUED'; target: IdentifierKey; retryAfterMs: number }
  | { state: 'FAILED'; target: IdentifierKey; failure: LookupFailure; retryAfterMs: number };

/**
 * How a lookup ranks in the queue: inventory devices a client waits for, then free-form
 * identifiers a client waits for, then the background sweep that keeps the fleet current (it
 * rides along in calls the others leave room in, and leads a call only when nobody waits).
 */
export type Priority = 'inventory' | 'lookup' | 'sweep';

/** The tiers, highest first: the order calls are packed in. */
export const PRIORITIES: readonly Priority[] = ['inventory', 'lookup', 'sweep'];

/** Whether demand of priority `a` ranks ahead of `b`. */
export function outranks(a: Priority, b: Priority): boolean {
  return PRIORITIES.indexOf(a) < PRIORITIES.indexOf(b);
}

/** Who asked, and how: a lookup is counted against its client and ranked by its priority. */
export interface Demand {
  clientId: string;
  priority: Priority;
}

/** The cache key of an identifier. */
export function cacheKey({ identifier, kind }: IdentifierKey): string {
  return `report:${kind}:${identifier}`;
}

/** A queued lookup, with everyone waiting on it. */
export interface DemandJob extends IdentifierKey {
  key: string;
  /** The client whose lane holds the job, and its rank there. */
  demand: Demand;
  /** When it was first demanded; a lane serves its oldest demand first. */
  demandedAt: number;
  /** Arrival order, breaking ties between demands made in the same millisecond. */
  seq: number;
  /** Identifiers to try next if this one is not found (a device's other MACs), in order. */
  fallbacks: IdentifierKey[];
  /** Set while a call carries the job; such jobs are not packed again. */
  taken: boolean;
  /** Not packed before this time (another replica holds its lease, or OPSWAT paused us). */
  notBefore: number;
  /** Already sent again once after OPSWAT rejected the access token. */
  retriedToken?: boolean;
  readonly done: Promise<FetchOutcome>;
  resolve(outcome: FetchOutcome): void;
}
