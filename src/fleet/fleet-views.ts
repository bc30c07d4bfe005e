import { BadUserInputError } from '../common/index.js';
import {
  type Clock,
  type ComplianceLookupResult,
  type ComplianceOutcome,
  type ComplianceService,
  type ComplianceState,
  type ComplianceStatusEnum,
  toComplianceLookup,
} from '../compliance/index.js';
import type { DeviceWithCompliance } from '../device/index.js';
import { type AdapterFact, type DeviceIndex, type InventoryDevice, isLocallyAdministered } from '../inventory/index.js';
import { SortDirection } from '../policy/index.js';
import { CursorCodec } from './cursor.js';
import { type FleetBudgetData, FleetBudgetView, type FleetBudgetViewOptions } from './fleet-budget.js';
import { type DeviceMatch, type FleetIndex, isEligible } from './fleet-index.js';
import { comparePositions, currentOutcome, type FleetRow, matchOf, matcher, type Positioned, sortValues, toRow } from './fleet-rows.js';
import { countRows, type SummaryCounts } from './fleet-summary.js';
import {
  type AdapterMatch,
  AdapterOutcome,
  type DeviceFilter,
  type DeviceMatchInfo,
  type DeviceSort,
  DeviceSortField,
  MatchKind,
  type UnmatchedReason,
} from './fleet.types.js';

/** Rows of a page when `first` is not given. */
export const FIRST_DEFAULT = 50;
/** The largest page: a client pages on with `after` beyond it. */
export const FIRST_MAX = 500;
/** The default order: by hostname (then id). */
const DEFAULT_SORT: readonly DeviceSort[] = Object.freeze([{ field: DeviceSortField.HOSTNAME, direction: SortDirection.ASC }]);
/**
 * The longest a snapshot is reused while no version moves. The versions and the earliest expiry
 * cover what changes a row; this bounds what they cannot see (a local cache entry's trust running
 * out, the change feed's coverage lengthening or lapsing, `reportOlderThanSeconds` against the
 * clock) to one second, at one recomputation a second under load.
 */
const SNAPSHOT_MAX_AGE_MS = 1_000;
/** Filters (with their sort) whose selection and counts one snapshot keeps: a dashboard asks a handful. */
const MEMO_QUERIES_MAX = 32;
/** Queries whose fingerprint is remembered. */
const MEMO_FINGERPRINTS_MAX = 512;

/** How fast the background sweep works through the fleet, for estimates; null with FLEET_SWEEP=off. */
export interface SweepPace {
  /** Sweep calls the budget grants per window at least (its share of OPSWAT_RATE_LIMIT). */
  callsPerWindow: number;
  windowMs: number;
  /** Identifiers one call carries (50 through Device Details, 1 through Policy Check). */
  batchSize: number;
}

/** Options of {@link FleetViews}. */
export interface FleetViewsOptions {
  index: FleetIndex;
  /** The inventory as the devices service reads it (cached, refreshed in the background). */
  inventory: () => Promise<DeviceIndex<InventoryDevice>>;
  compliance: Pick<ComplianceService, 'peekDevice' | 'queuedLookups' | 'cacheVersion'>;
  budget: FleetBudgetViewOptions['budget'];
  cursors: CursorCodec;
  clock: Clock;
  sweep: SweepPace | null;
}

/** Arguments of `devices`. */
export interface DevicesArgs {
  filter?: DeviceFilter | null;
  sort?: readonly DeviceSort[] | null;
  first?: number | null;
  after?: string | null;
}

/** A page of `devices`: the parent object of `DeviceConnection`. */
export interface DevicePage {
  edges: Array<{ cursor: string; node: DeviceWithCompliance }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** The `FleetSummary` parent object; `budget` is read only when selected (graphql-js calls a function-valued field). */
export interface FleetSummaryData {
  totalCount: number;
  byStatus: Array<{ status: ComplianceStatusEnum; count: number }>;
  withoutReport: number;
  byState: Array<{ state: ComplianceState; count: number }>;
  byOsFamily: Array<{ osFamily: string | null; count: number }>;
  byAutomoxPolicy: Array<{ policyId: number; policyName: string | null; compliant: number; nonCompliant: number }>;
  freshShare: number;
  oldestReportAgeSeconds: number | null;
  unmatched: Array<{ reason: UnmatchedReason; count: number }>;
  budget: () => FleetBudgetData | Promise<FleetBudgetData>;
}

/** A row selected by a query, with its position and, once handed out, its cursor. */
interface Selected extends Positioned {
  row: FleetRow;
  cursor?: string;
}

/**
 * Every device's compliance at `now`, and how long the sweep needs until every eligible one is
 * FRESH; memoized with what it was computed from, and what queries computed from it.
 */
interface FleetSnapshot {
  rows: FleetRow[];
  now: number;
  untilAllFreshMs: number | null;
  inventory: DeviceIndex<InventoryDevice>;
  indexVersion: number;
  cacheVersion: number;
  /** Reused before this time only: the earliest FRESH report's expiry, at most SNAPSHOT_MAX_AGE_MS on. */
  validUntil: number;
  /** Each query's rows in order, by fingerprint of filter and sort. */
  selections: Map<string, Selected[]>;
  /** Each filter's counts, by fingerprint of the filter. */
  summaries: Map<string, SummaryCounts>;
  /** Each row's `Device`, built once per snapshot. */
  nodes: Map<FleetRow, DeviceWithCompliance>;
}

/**
 * `devices` and `fleetSummary`: answered from the fleet index and the cached inventory, never
 * from OPSWAT. A view spends no OPSWAT call and, warm, no Automox call either; cold, it waits
 * for the inventory's pages once. What a device's compliance is comes from the index (the
 * sweep's answers) or this process's warm cache (a client's lookup); a device of which nothing
 * is known yet is QUEUED, with the sweep's estimate (null with FLEET_SWEEP=off: nothing will ask
 * until a client asks for the device itself).
 */
export class FleetViews {
  private readonly options: FleetViewsOptions;
  /** The inventory the index was last synced with: with no sweeper running, reads keep it in step. */
  private synced: DeviceIndex<InventoryDevice> | undefined;
  /** The last snapshot: warm `devices` and `fleetSummary` reuse it while nothing it was computed from changed. */
  private memo: FleetSnapshot | undefined;
  private readonly budgetView: FleetBudgetView;

  constructor(options: FleetViewsOptions) {
    this.options = options;
    this.budgetView = new FleetBudgetView(options);
  }

  /** One page of the devices `filter` selects, in `sort` order, after the cursor `after`. */
  async devices({ filter, sort, first, after }: DevicesArgs): Promise<DevicePage> {
    const size = first ?? FIRST_DEFAULT;
    if (!Number.isInteger(size) || size < 0 || size > FIRST_MAX) {
      throw new BadUserInputError(`first must be an integer from 0 to ${FIRST_MAX}, got ${String(first)}`, 'first');
    }
    checkFilter(filter);
    const order =
      sort && sort.length > 0 ? sort.map((key) => ({ field: key.field, direction: key.direction ?? SortDirection.ASC })) : DEFAULT_SORT;
    const fingerprint = fingerprintOf(filter, order);
    // Decoded before any read: a bad cursor costs nothing.
    const from = after ? this.options.cursors.decode(after, fingerprint, order.length) : undefined;
    const snapshot = await this.snapshot();
    let selected = snapshot.selections.get(fingerprint);
    if (!selected) {
      const match = matcher(filter, snapshot.now);
      selected = [];
      for (const row of snapshot.rows) if (match(row)) selected.push({ row, values: sortValues(row, order), id: row.device.id });
      selected.sort((a, b) => comparePositions(order, a, b));
      remember(snapshot.selections, fingerprint, selected);
    }
    const start = from ? firstAfter(selected, (candidate) => comparePositions(order, candidate, from) > 0) : 0;
    const page = selected.slice(start, start + size);
    const edges = page.map((item) => {
      item.cursor ??= this.options.cursors.encode(fingerprint, item);
      return { cursor: item.cursor, node: this.nodeOf(snapshot, item.row) };
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: start + page.length < selected.length,
        hasPreviousPage: start > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: selected.length,
    };
  }

  /** Counts over the devices `filter` selects. */
  async summary(filter: DeviceFilter | null | undefined): Promise<FleetSummaryData> {
    checkFilter(filter);
    const snapshot = await this.snapshot();
    const key = fingerprintOf(filter);
    let counts = snapshot.summaries.get(key);
    if (!counts) {
      counts = countRows(snapshot.rows.filter(matcher(filter, snapshot.now)));
      remember(snapshot.summaries, key, counts);
    }
    const { oldestFetchedAt, ...rest } = counts;
    const { untilAllFreshMs } = snapshot;
    return {
      ...rest,
      oldestReportAgeSeconds:
        oldestFetchedAt === null ? null : Math.max(0, Math.floor((this.options.clock.now() - oldestFetchedAt) / 1000)),
      budget: () => this.budgetView.read(untilAllFreshMs),
    };
  }

  /**
   * How the index matched a device to OPSWAT, or null while nothing is known; where the index has
   * no record yet (FLEET_SWEEP=off, or a replica that has not heard), what this replica's cache
   * tells of the device (a client's lookup by one of its MACs), never a lookup of its own.
   */
  matchOf(device: DeviceWithCompliance & { automoxId: number }): DeviceMatchInfo | null {
    const entry = this.options.index.get(device.automoxId);
    const adapters = entry?.device ?? device;
    if (entry?.match) return toMatchInfo(entry.match, adapters);
    const known = this.options.compliance.peekDevice(device, this.options.clock.now());
    return toMatchInfo(known ? matchOf(known) : undefined, adapters);
  }

  /**
   * Brings the index in step with the inventory (a no-op when it already is): a replica that
   * serves subscriptions needs every device in its index before another replica's news arrives.
   */
  async sync(): Promise<void> {
    await this.snapshot();
  }

  /**
   * A device as a subscription event carries it: its row (what filters read) and the `Device` it
   * resolves to, with its compliance as of now from `outcome` (a FRESH report past its expiry is
   * STALE; nothing known is QUEUED), never from a lookup: an event spends no call.
   */
  eventOf(device: InventoryDevice, outcome: ComplianceOutcome | undefined): { row: FleetRow; node: DeviceWithCompliance } {
    const now = this.options.clock.now();
    const current = currentOutcome(outcome, undefined, now) ?? {
      state: 'QUEUED' as const,
      target: { identifier: device.macAddresses[0] ?? '', kind: 'MAC_ADDRESS' as const },
      retryAfterMs: 0,
    };
    const row = toRow(device, current);
    return { row, node: { ...device, compliance: this.lookupOf(current, null) } };
  }

  /**
   * A filter as subscriptions use it: refused as the views refuse it (BAD_USER_INPUT, at once),
   * then matched against rows exactly as `devices` matches them.
   */
  filterOf(filter: DeviceFilter | null | undefined): (row: FleetRow) => boolean {
    checkFilter(filter);
    return (row) => matcher(filter, this.options.clock.now())(row);
  }

  /**
   * Every inventory device with its compliance now. Syncs the index first when the inventory
   * object changed (a refresh): the sweeper does too when it runs, but the views must be right
   * with FLEET_SWEEP=off, and a sync with the same inventory is a no-op.
   */
  private async snapshot(): Promise<FleetSnapshot> {
    const { index, compliance, clock, sweep } = this.options;
    const inventory = await this.options.inventory();
    if (inventory !== this.synced) {
      index.sync(inventory.all());
      this.synced = inventory;
    }
    const now = clock.now();
    const memo = this.memo;
    if (
      memo &&
      memo.inventory === inventory &&
      memo.indexVersion === index.version &&
      memo.cacheVersion === compliance.cacheVersion &&
      now >= memo.now &&
      now < memo.validUntil
    ) {
      return memo;
    }
    const indexVersion = index.version;
    const cacheVersion = compliance.cacheVersion;
    const rows: FleetRow[] = [];
    const unknown: InventoryDevice[] = [];
    const unmatched: ComplianceOutcome = { state: 'UNMATCHED' };
    let notFresh = 0;
    let validUntil = now + SNAPSHOT_MAX_AGE_MS;
    for (const entry of index.all()) {
      const outcome = currentOutcome(entry.outcome, compliance.peekDevice(entry.device, now), now);
      if (isEligible(entry.device) && outcome?.state !== 'FRESH') notFresh += 1;
      // A FRESH row turns STALE at its expiry: the snapshot ends there, whatever else holds still.
      if (outcome?.state === 'FRESH' && outcome.expiresAt < validUntil) validUntil = outcome.expiresAt;
      if (outcome) rows.push(toRow(entry.device, outcome, entry.match));
      // No MAC and no hostname match: nothing could be asked, whatever this replica has read yet.
      else if (entry.device.macAddresses.length === 0 && entry.match?.kind !== 'HOSTNAME')
        rows.push(toRow(entry.device, unmatched, entry.match));
      else unknown.push(entry.device);
    }
    const untilAllFreshMs = sweep ? Math.ceil(Math.ceil(notFresh / sweep.batchSize) / sweep.callsPerWindow) * sweep.windowMs : null;
    for (const device of unknown) {
      // Nothing known yet: queued behind the sweep (a device matched by hostname is asked by OPSWAT's id).
      const queued: ComplianceOutcome = {
        state: 'QUEUED',
        target: { identifier: device.macAddresses[0] ?? '', kind: 'MAC_ADDRESS' },
        retryAfterMs: untilAllFreshMs ?? 0,
      };
      rows.push(toRow(device, queued));
    }
    const snapshot: FleetSnapshot = {
      rows,
      now,
      untilAllFreshMs,
      inventory,
      indexVersion,
      cacheVersion,
      validUntil,
      selections: new Map(),
      summaries: new Map(),
      nodes: new Map(),
    };
    this.memo = snapshot;
    return snapshot;
  }

  /** A row's `Device`, built once per snapshot: shared by every page that shows it, never changed after. */
  private nodeOf(snapshot: FleetSnapshot, row: FleetRow): DeviceWithCompliance {
    const known = snapshot.nodes.get(row);
    if (known) return known;
    const node: DeviceWithCompliance & { match: DeviceMatchInfo | null } = {
      ...row.device,
      compliance: this.lookupOf(row.outcome, snapshot.untilAllFreshMs),
      match: toMatchInfo(row.match, row.device),
    };
    snapshot.nodes.set(row, node);
    return node;
  }

  /** A row's `Device.compliance`; with no sweep, a QUEUED device has no time to promise. */
  private lookupOf(outcome: ComplianceOutcome, untilAllFreshMs: number | null): ComplianceLookupResult {
    const lookup = toComplianceLookup(outcome);
    return outcome.state === 'QUEUED' && untilAllFreshMs === null ? { ...lookup, retryAfterSeconds: null } : lookup;
  }
}

/** Keeps a query's result in a snapshot's memo, unless it holds MEMO_QUERIES_MAX already (odd queries are computed each time). */
function remember<T>(memo: Map<string, T>, key: string, value: T): void {
  if (memo.size < MEMO_QUERIES_MAX) memo.set(key, value);
}

/** The GraphQL `DeviceMatch` of the index's match. */
function toMatchInfo(
  match: DeviceMatch | undefined,
  device: Partial<Pick<InventoryDevice, 'adapters' | 'macAddresses'>>,
): DeviceMatchInfo | null {
  if (!match) return null;
  const adapters = explainAdapters(
    match,
    device.adapters ?? (device.macAddresses ?? []).map((mac) => ({ mac, name: null, skipped: null })),
  );
  switch (match.kind) {
    case 'MAC_ADDRESS':
      return { kind: MatchKind.MAC_ADDRESS, value: match.value, opswatDeviceId: null, reason: null, candidates: [], adapters };
    case 'HOSTNAME':
      return { kind: MatchKind.HOSTNAME, value: match.value, opswatDeviceId: match.opswatDeviceId, reason: null, candidates: [], adapters };
    case 'UNMATCHED':
      return {
        kind: MatchKind.UNMATCHED,
        value: null,
        opswatDeviceId: null,
        reason: match.reason as UnmatchedReason,
        candidates: match.opswatDeviceIds,
        adapters,
      };
  }
}

/**
 * What the match made of each adapter. MACs are asked best first and the first that OPSWAT knows
 * ends the asking, so those ranked before the matched MAC were asked and unknown, and those after
 * it never asked. Without a MAC match (by hostname, or none) every asked MAC was unknown: that is
 * why the hostname listing was consulted, or why the device is NOT_FOUND. A matched MAC the
 * inventory no longer lists (an adapter replaced since) says nothing of the others: NOT_ASKED.
 */
function explainAdapters(match: DeviceMatch, adapters: readonly AdapterFact[]): AdapterMatch[] {
  const matched = match.kind === 'MAC_ADDRESS' ? match.value : null;
  let beforeMatch = matched === null || adapters.some((adapter) => adapter.skipped === null && adapter.mac === matched);
  return adapters.map(({ mac, name, skipped }) => {
    let outcome: AdapterOutcome;
    if (skipped !== null) outcome = AdapterOutcome[skipped];
    else if (matched !== null && mac === matched) {
      outcome = AdapterOutcome.MATCHED;
      beforeMatch = false;
    } else outcome = beforeMatch ? AdapterOutcome.UNKNOWN_TO_OPSWAT : AdapterOutcome.NOT_ASKED;
    return { mac, name, outcome, locallyAdministered: mac !== null && isLocallyAdministered(mac) };
  });
}

/** Refuses filter values no device could meet for a reason the caller should hear about. */
function checkFilter(filter: DeviceFilter | null | undefined): void {
  if (!filter) return;
  const seconds = filter.reportOlderThanSeconds;
  if (seconds !== null && seconds !== undefined && seconds < 0) {
    throw new BadUserInputError(`filter.reportOlderThanSeconds must be 0 or more, got ${seconds}`, 'filter');
  }
  if (filter.hostnameContains && filter.hostnameContains.length > 253) {
    throw new BadUserInputError('filter.hostnameContains must be at most 253 characters', 'filter');
  }
}

/** Fingerprints by the query as sent (a dashboard polls a handful of queries): no canonical form nor hash per request. */
const fingerprints = new Map<string, string>();

/**
 * The fingerprint of a page's query (filter and sort: what its cursors are bound to) or of a
 * summary's filter (no sort): of the canonical form, so equal filters written in another order
 * share it; remembered by the query as written.
 */
function fingerprintOf(filter: DeviceFilter | null | undefined, order?: readonly DeviceSort[]): string {
  const written = JSON.stringify([filter ?? null, order ?? null]);
  let fingerprint = fingerprints.get(written);
  if (fingerprint === undefined) {
    fingerprint = CursorCodec.fingerprint(order ? { f: canonical(filter), s: order } : canonical(filter));
    // Bounded: odd queries beyond a few hundred are fingerprinted each time.
    if (fingerprints.size < MEMO_FINGERPRINTS_MAX) fingerprints.set(written, fingerprint);
  }
  return fingerprint;
}

/** A filter as plain data with keys in order and unset fields dropped: what a cursor is bound to. */
function canonical(filter: DeviceFilter | null | undefined): unknown {
  if (!filter) return null;
  const entries = Object.entries(filter)
    .filter(([, value]) => value !== null && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => [
      key,
      value !== null && typeof value === 'object' && !Array.isArray(value) ? canonical(value as DeviceFilter) : value,
    ]);
  return Object.fromEntries(entries);
}

/** The index of the first element of sorted `list` for which `after` holds (binary search; `after` is monotone). */
function firstAfter<T>(list: readonly T[], after: (item: T) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (after(list[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}
