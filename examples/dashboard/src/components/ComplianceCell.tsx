import type { ComplianceSummaryFragment } from '../gql/graphql';
import { age } from '../format';

/**
 * A compliance lookup as it is, never rounded up: FRESH and STALE with their report's age, QUEUED
 * and FAILED with when asking again can help, NOT_FOUND and UNMATCHED saying why there is no report.
 */
export function ComplianceCell({ lookup }: { lookup: ComplianceSummaryFragment }) {
  return (
    <span className={`state state-${lookup.state.toLowerCase()}`} data-state={lookup.state}>
      <b>{lookup.state}</b> {describe(lookup)}
    </span>
  );
}

/** The sentence beside the state. */
function describe(lookup: ComplianceSummaryFragment): string {
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
      return 'no MAC address OPSWAT could be asked with';
  }
}
