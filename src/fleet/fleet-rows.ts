// A fleet view's rows: each inventory device with where its compliance stands NOW, and the pure
// rules that filter and order them. No I/O here: FleetViews gathers the inputs.

import type { ComplianceOutcome, ComplianceStateName } from '../compliance/index.js';
import { normalizeHostname, type InventoryDevice } from '../inventory/index.js';
import type { ComplianceReportData } from '../opswat/index.js';
import type { SortValue } from './cursor.js';
import type { DeviceMatch } from './fleet-index.js';
import { DeviceSortField, type DeviceFilter, type DeviceSort } from './fleet.types.js';

/** One device of a view, with its compliance as of the view's `now`. */
export interface FleetRow {
  device: InventoryDevice;
  outcome: ComplianceOutcome;
  state: ComplianceStateName;
  /** The report, when FRESH or STALE. */
  report: ComplianceReportData | null;
  /** When that report was fetched (epoch ms). */
  fetchedAt: number | null;
  /** How the index matched the device to OPSWAT, or why not, once known. */
  match: DeviceMatch | undefined;
}

/**
 * What a device's compliance is now, from what the index learned (the sweep's answers) and what
 * this process holds in memory (`peek`: a client's lookup may be newer than the sweep's): the
 * newer report wins; a FRESH report past its expiry counts as STALE. Undefined when nothing is
 * known at all: the caller says QUEUED honestly, since no view ever spends a call.
 */
export function currentOutcome(
  known: ComplianceOutcome | undefined,
  peek: ComplianceOutcome | undefined,
  now: number,
): ComplianceOutcome | undefined {
  if (peek?.state === 'FRESH' && !(hasReport(known) && known.answer.fetchedAt > peek.answer.fetchedAt)) return peek;
  if (known?.state === 'FRESH' && known.expiresAt <= now) return { ...known, state: 'STALE' };
  return known ?? peek;
}

/** Builds a row from a device and its current outcome. */
export function toRow(device: InventoryDevice, outcome: ComplianceOutcome, match?: DeviceMatch): FleetRow {
  const withReport = hasReport(outcome);
  return {
    device,
    outcome,
    state: outcome.state,
    report: withReport ? outcome.answer.report : null,
    fetchedAt: withReport ? outcome.answer.fetchedAt : null,
    match: match ?? matchOf(outcome),
  };
}

/** The match an outcome alone tells (the index knows more: hostname matches, ambiguity). */
export function matchOf(outcome: ComplianceOutcome): DeviceMatch | undefined {
  if (hasReport(outcome) && outcome.target.kind === 'MAC_ADDRESS') return { kind: 'MAC_ADDRESS', value: outcome.target.identifier };
  if (outcome.state === 'UNMATCHED') return { kind: 'UNMATCHED', reason: 'NO_USABLE_MAC', opswatDeviceIds: [] };
  if (outcome.state === 'NOT_FOUND') return { kind: 'UNMATCHED', reason: 'UNKNOWN_TO_OPSWAT', opswatDeviceIds: [] };
  return undefined;
}

function hasReport(outcome: ComplianceOutcome | undefined): outcome is Extract<ComplianceOutcome, { state: 'FRESH' | 'STALE' }> {
  return outcome?.state === 'FRESH' || outcome?.state === 'STALE';
}

/** A filter compiled once per query into one predicate (every condition given must hold). */
export function matcher(filter: DeviceFilter | null | undefined, now: number): (row: FleetRow) => boolean {
  if (!filter) return () => true;
  const checks: Array<(row: FleetRow) => boolean> = [];
  const lower = (values: readonly string[]) => new Set(values.map((value) => value.trim().toLowerCase()));
  if (filter.status) {
    const statuses = new Set<string>(filter.status);
    checks.push((row) => row.report !== null && statuses.has(row.report.status));
  }
  if (filter.state) {
    const states = new Set<string>(filter.state);
    checks.push((row) => states.has(row.state));
  }
  if (filter.hasCriticalIssues !== null && filter.hasCriticalIssues !== undefined) {
    const wanted = filter.hasCriticalIssues;
    checks.push((row) => row.report !== null && row.report.hasCriticalIssues === wanted);
  }
  if (filter.osFamily) {
    const families = lower(filter.osFamily);
    checks.push((row) => families.has((row.device.osFamily ?? '').toLowerCase()));
  }
  if (filter.agentConnected !== null && filter.agentConnected !== undefined) {
    const wanted = filter.agentConnected;
    checks.push((row) => row.device.agentConnected === wanted);
  }
  if (filter.automoxPolicy) {
    const { policyId, compliant } = filter.automoxPolicy;
    checks.push((row) => {
      const standing = row.device.automoxPolicies.find((policy) => policy.policyId === policyId);
      return standing !== undefined && (compliant === null || compliant === undefined || standing.compliant === compliant);
    });
  }
  if (filter.serverGroupId) {
    const groups = new Set(filter.serverGroupId);
    checks.push((row) => row.device.serverGroupId !== null && groups.has(row.device.serverGroupId));
  }
  if (filter.tag) {
    const tags = lower(filter.tag);
    checks.push((row) => row.device.tags.some((tag) => tags.has(tag.toLowerCase())));
  }
  if (filter.hostnameContains) {
    const part = filter.hostnameContains.trim().toLowerCase();
    checks.push((row) => row.device.hostname.toLowerCase().includes(part));
  }
  if (filter.matchedBy) {
    const kinds = new Set<string>(filter.matchedBy);
    checks.push((row) => hasReport(row.outcome) && kinds.has(row.outcome.target.kind));
  }
  if (filter.deleted !== null && filter.deleted !== undefined) {
    const wanted = filter.deleted;
    checks.push((row) => (row.device.deletedAt !== null) === wanted);
  }
  if (filter.reportOlderThanSeconds !== null && filter.reportOlderThanSeconds !== undefined) {
    const before = now - filter.reportOlderThanSeconds * 1000;
    checks.push((row) => row.fetchedAt === null || row.fetchedAt < before);
  }
  return (row) => checks.every((check) => check(row));
}

// Verdicts from best to worst: STATUS ASC lists compliant devices first.
const STATUS_RANK: Record<string, number> = { COMPLIANT: 0, EXEMPTED: 1, REPORTING: 2, UNKNOWN: 3, NON_COMPLIANT: 4 };

/** How each sort field reads a row, and which way its ASC runs (REPORT_AGE ASC: newest report first). */
const SORT_KEYS: Record<DeviceSortField, { value: (row: FleetRow) => SortValue; sign: 1 | -1 }> = {
  [DeviceSortField.HOSTNAME]: { value: (row) => normalizeHostname(row.device.hostname), sign: 1 },
  [DeviceSortField.LAST_SEEN]: { value: (row) => epoch(row.device.lastSeenAt), sign: 1 },
  [DeviceSortField.REPORT_AGE]: { value: (row) => row.fetchedAt, sign: -1 },
  [DeviceSortField.ISSUE_COUNT]: { value: (row) => row.report?.totalIssues ?? null, sign: 1 },
  [DeviceSortField.STATUS]: { value: (row) => (row.report ? (STATUS_RANK[row.report.status] ?? 3) : null), sign: 1 },
};

function epoch(iso: string | null): number | null {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** A row's position in a sort: its sort values and its id (the last tie-break). */
export interface Positioned {
  values: SortValue[];
  id: number;
}

/** The sort values of a row. */
export function sortValues(row: FleetRow, sort: readonly DeviceSort[]): SortValue[] {
  return sort.map((key) => SORT_KEYS[key.field].value(row));
}

/**
 * The order of two positions: each key in turn (a missing value after every present one, in
 * either direction), then the device id ascending, so the order is total and a cursor's position
 * is exact.
 */
export function comparePositions(sort: readonly DeviceSort[], a: Positioned, b: Positioned): number {
  for (const [i, key] of sort.entries()) {
    const x = a.values[i] ?? null;
    const y = b.values[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order * SORT_KEYS[key.field].sign * (key.direction === 'DESC' ? -1 : 1);
  }
  return a.id - b.id;
}
