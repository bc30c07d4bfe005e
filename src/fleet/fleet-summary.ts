// The counts of `fleetSummary` over a view's rows: pure, so the views can memoize them per
// snapshot and filter, and a spec can compare a memoized answer with a fresh count.

import { ComplianceState, ComplianceStatusEnum } from '../compliance/index.js';
import type { FleetRow } from './fleet-rows.js';
import { UnmatchedReason } from './fleet.types.js';

/** What `fleetSummary` counts: everything but the budget's view and the age of the oldest report (both move with time). */
export interface SummaryCounts {
  totalCount: number;
  byStatus: Array<{ status: ComplianceStatusEnum; count: number }>;
  withoutReport: number;
  byState: Array<{ state: ComplianceState; count: number }>;
  byOsFamily: Array<{ osFamily: string | null; count: number }>;
  byAutomoxPolicy: Array<{ policyId: number; policyName: string | null; compliant: number; nonCompliant: number }>;
  freshShare: number;
  /** When the oldest report was fetched (epoch ms): its age is taken when the summary is read. */
  oldestFetchedAt: number | null;
  unmatched: Array<{ reason: UnmatchedReason; count: number }>;
}

/** Counts `rows` (the devices a filter selected) in one pass. */
export function countRows(rows: readonly FleetRow[]): SummaryCounts {
  const byStatus = new Map<ComplianceStatusEnum, number>(Object.values(ComplianceStatusEnum).map((key) => [key, 0]));
  const byState = new Map<ComplianceState, number>(Object.values(ComplianceState).map((key) => [key, 0]));
  const byOs = new Map<string | null, number>();
  const unmatched = new Map<UnmatchedReason, number>(Object.values(UnmatchedReason).map((key) => [key, 0]));
  const policies = new Map<number, SummaryCounts['byAutomoxPolicy'][number]>();
  let fresh = 0;
  let withoutReport = 0;
  let oldest: number | null = null;
  const bump = <K>(counts: Map<K, number>, key: K) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const row of rows) {
    if (row.report) bump(byStatus, row.report.status as ComplianceStatusEnum);
    else withoutReport += 1;
    bump(byState, row.state as ComplianceState);
    bump(byOs, row.device.osFamily);
    if (row.state === 'FRESH') fresh += 1;
    if (row.fetchedAt !== null && (oldest === null || row.fetchedAt < oldest)) oldest = row.fetchedAt;
    if (row.match?.kind === 'UNMATCHED') bump(unmatched, row.match.reason as UnmatchedReason);
    for (const standing of row.device.automoxPolicies) {
      let tally = policies.get(standing.policyId);
      if (!tally) {
        tally = { policyId: standing.policyId, policyName: standing.policyName, compliant: 0, nonCompliant: 0 };
        policies.set(standing.policyId, tally);
      }
      if (standing.compliant) tally.compliant += 1;
      else tally.nonCompliant += 1;
    }
  }
  return {
    totalCount: rows.length,
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
    withoutReport,
    byState: [...byState].map(([state, count]) => ({ state, count })),
    byOsFamily: [...byOs]
      .map(([osFamily, count]) => ({ osFamily, count }))
      .sort((a, b) => b.count - a.count || String(a.osFamily).localeCompare(String(b.osFamily))),
    byAutomoxPolicy: [...policies.values()].sort((a, b) => a.policyId - b.policyId),
    freshShare: rows.length === 0 ? 0 : fresh / rows.length,
    oldestFetchedAt: oldest,
    unmatched: [...unmatched].map(([reason, count]) => ({ reason, count })),
  };
}
