import { age } from '../format';
import type { ComplianceSummaryFragment, UnmatchedReason } from '../gql/graphql';

/** How the fleet index matched the device, as far as the cell says it (`Device.match`). */
export interface MatchSummary {
  reason?: UnmatchedReason | null;
  candidates?: readonly string[];
}

/**
 * A compliance lookup as it is, never rounded up: FRESH and STALE with their report's age, QUEUED
 * and FAILED with when asking again can help, NOT_FOUND and UNMATCHED saying why there is no report.
 */
export function ComplianceCell({ lookup, match }: { lookup: ComplianceSummaryFragment; match?: MatchSummary | null }) {
  return (
    <span className={`state state-${lookup.state.toLowerCase()}`} data-state={lookup.state}>
      <b>{lookup.state}</b> {describe(lookup, match)}
    </span>
  );
}

/** The sentence beside the state. */
function describe(lookup: ComplianceSummaryFragment, match?: MatchSummary | null): string {
  const retry = `retry in ${lookup.retryAfterSeconds ?? '?'} s`;
  const checked = lookup.fetchedAt ? `${age(lookup.fetchedAt)} ago` : 'at an unknown time';
  switch (lookup.state) {
    case 'FRESH':
      return `${lookup.report?.status ?? 'UNKNOWN'}, checked ${checked}`;
    case 'STALE':
      return `${lookup.report?.status ?? 'UNKNOWN'}, report from ${checked}; a refresh is queued`;
    case 'QUEUED':
      return `waiting for OPSWAT's budget; ${retry}`;
    case 'FAILED':
      return `OPSWAT could not be asked (${lookup.failureCode ?? 'unknown error'}); ${retry}`;
    case 'NOT_FOUND':
      return `OPSWAT does not know ${lookup.identifier ?? 'this device'}`;
    case 'UNMATCHED':
      return match?.reason ? unmatched(match.reason, match.candidates ?? []) : 'no MAC address OPSWAT could be asked with';
  }
}

/** Why the fleet index matched a device to no OPSWAT report, in words. */
export function unmatched(reason: UnmatchedReason, candidates: readonly string[] = []): string {
  switch (reason) {
    case 'NO_USABLE_MAC':
      return 'the inventory lists no MAC address OPSWAT could be asked with';
    case 'UNKNOWN_TO_OPSWAT':
      return 'OPSWAT knows none of its MACs, nor lists its hostname';
    case 'AMBIGUOUS_HOSTNAME':
      return `OPSWAT lists its hostname ${candidates.length > 1 ? `${candidates.length} times` : 'more than once'}; never guessed`;
  }
}
