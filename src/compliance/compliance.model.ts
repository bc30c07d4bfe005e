import type { UpstreamErrorCode } from '../common/index.js';
import type { ComplianceReportData, IdentifierKind } from '../opswat/index.js';

/** An identifier as OPSWAT is asked with it. */
export interface IdentifierKey {
  identifier: string;
  kind: IdentifierKind;
}

/** Where a compliance answer stands (mirrors the GraphQL enum). */
export type ComplianceStateName = 'FRESH' | 'STALE' | 'QUEUED' | 'NOT_FOUND' | 'UNMATCHED' | 'FAILED';

/** What a lookup answers; plain data, the parent object of `ComplianceLookup`. */
export interface ComplianceLookupResult {
  state: ComplianceStateName;
  identifier: string | null;
  identifierKind: IdentifierKind | null;
  fetchedAt: string | null;
  expiresAt: string | null;
  retryAfterSeconds: number | null;
  failureCode: UpstreamErrorCode | null;
  /** For FAILED: a safe message for the response's errors list. */
  failureMessage?: string;
  report: ComplianceReportData | null;
}

/** What the cache holds per identifier. Failures are never cached: they must not hide a good report. */
export type CachedAnswer = { kind: 'found'; report: ComplianceReportData; fetchedAt: number } | { kind: 'not_found'; fetchedAt: number };

/** Outcome of one fetch, as the queue hands it to whoever waits. */
export type FetchOutcome =
  | { kind: 'answered'; answer: CachedAnswer }
  | { kind: 'failed'; code: UpstreamErrorCode; message: string; retryAt: number };

/** The cache key of an identifier. */
export function cacheKey({ identifier, kind }: IdentifierKey): string {
  return `report:${kind}:${identifier}`;
}
