import type { ComplianceOutcome } from '../compliance/index.js';
import type { InventoryDevice } from '../inventory/index.js';

/**
 * How a device is matched to OPSWAT, or why it is not: by one of its MACs (the one that answered),
 * by hostname against OPSWAT's listing (then asked by OPSWAT's device id), or UNMATCHED with the
 * reason: no usable MAC and no listed hostname, MACs OPSWAT does not know and no listed hostname,
 * or a hostname OPSWAT lists more than once (never guessed).
 */
export type DeviceMatch =
  | { kind: 'MAC_ADDRESS'; value: string }
  | { kind: 'HOSTNAME'; value: string; opswatDeviceId: string }
  | { kind: 'UNMATCHED'; reason: 'NO_USABLE_MAC' | 'UNKNOWN_TO_OPSWAT' | 'AMBIGUOUS_HOSTNAME'; opswatDeviceIds: string[] };

/** One inventory device as the fleet index holds it: the device, and what is known of its compliance. */
export interface FleetEntry {
  device: InventoryDevice;
  /** The last outcome learned for it (by the sweep, a client's lookup, the survey after a start), if any. */
  outcome: ComplianceOutcome | undefined;
  /** When a report for it was last fetched from OPSWAT (epoch ms), from the outcome. */
  fetchedAt: number | undefined;
  /** OPSWAT's own id of the device, once an answer named it: what the change feed and the webhook name it by. */
  opswatDeviceId: string | null;
  /** How it is matched to OPSWAT, once anything is known (see {@link DeviceMatch}). */
  match: DeviceMatch | undefined;
  /** Not swept again before this time (a failed or refused attempt backs off). */
  notBefore: number;
  /** A sweep lookup for it is under way. */
  sweeping: boolean;
}

/** What changed in the index, for its listeners (subscriptions, metrics). */
export type FleetChange =
  | { kind: 'added'; entry: FleetEntry }
  | {
      kind: 'updated';
      entry: FleetEntry;
      previous: ComplianceOutcome | undefined;
      previousDevice: InventoryDevice;
      /** Read back from the shared store (see {@link FleetIndex.replay}): every replica can read it there, so it is not news to publish. */
      fromStore?: true;
    }
  | { kind: 'deleted'; entry: FleetEntry };

/** Counts the sweep reports on. */
export interface FleetCounts {
  /** Devices in the inventory. */
  devices: number;
  /** Live devices with at least one usable MAC: the ones the sweep keeps current. */
  eligible: number;
  /** Eligible devices with a FRESH report. */
  fresh: number;
  /** Eligible devices of which nothing is known yet. */
  unknown: number;
}

/**
 * The fleet's compliance in memory, one entry per inventory device (keyed by Automox id: hostnames
 * repeat). The sweeper owns its writes, as client-go's informer owns its cache: `sync` is the
 * list, `record` the updates; listeners hear every change. Reads are synchronous and cost no call.
 */
export class FleetIndex {
  private readonly entries = new Map<number, FleetEntry>();
  /** Normalized MAC → Automox id, for answers to a MAC asked by anyone. */
  private readonly byMac = new Map<string, number>();
  /** OPSWAT device id → Automox id, for the change feed and the webhook. */
  private readonly byOpswatId = new Map<string, number>();
  private readonly listeners = new Set<(change: FleetChange) => void>();
  private changes = 0;

  /** Counts every change listeners hear: views memoize what they compute from the index per version. */
  get version(): number {
    return this.changes;
  }

  /** Every entry, in inventory order. */
  all(): IterableIterator<FleetEntry> {
    return this.entries.values();
  }

  /** The entry of an Automox device id. */
  get(id: number): FleetEntry | undefined {
    return this.entries.get(id);
  }

  /** The entry OPSWAT names by `deviceId` (its HWID), once an answer has tied the two. */
  byOpswatDevice(deviceId: string): FleetEntry | undefined {
    const id = this.byOpswatId.get(deviceId.toLowerCase());
    return id === undefined ? undefined : this.entries.get(id);
  }

  /** Devices in the index. */
  get size(): number {
    return this.entries.size;
  }

  /** Calls `listener` on every change from now on; returns the function that stops it. */
  subscribe(listener: (change: FleetChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Makes the index list exactly `devices` (the inventory as last read): new devices are added,
   * known ones take the inventory's latest facts and keep what is known of their compliance (unless
   * their MACs changed: then their report may be another device's), gone ones are deleted.
   */
  sync(devices: Iterable<InventoryDevice>): void {
    const seen = new Set<number>();
    for (const device of devices) {
      seen.add(device.id);
      const entry = this.entries.get(device.id);
      if (!entry) {
        this.add(device);
        continue;
      }
      if (entry.device === device) continue;
      const macsChanged = entry.device.macAddresses.join() !== device.macAddresses.join();
      const previous = entry.outcome;
      const previousDevice = entry.device;
      if (macsChanged) this.unindexMacs(entry);
      entry.device = device;
      if (macsChanged) {
        this.indexMacs(entry);
        entry.outcome = undefined;
        entry.fetchedAt = undefined;
        entry.match = undefined;
        entry.notBefore = 0;
      }
      this.emit({ kind: 'updated', entry, previous, previousDevice });
    }
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      this.entries.delete(id);
      this.unindexMacs(entry);
      if (entry.opswatDeviceId !== null && this.byOpswatId.get(entry.opswatDeviceId) === id) this.byOpswatId.delete(entry.opswatDeviceId);
      this.emit({ kind: 'deleted', entry });
    }
  }

  /** Records what was learned of a device's compliance; `retryAt` defers its next sweep (a failure's backoff). */
  record(id: number, outcome: ComplianceOutcome, retryAt = 0): void {
    const entry = this.entries.get(id);
    if (entry) this.write(entry, outcome, retryAt, false);
  }

  private write(entry: FleetEntry, outcome: ComplianceOutcome, retryAt: number, fromStore: boolean): void {
    const id = entry.device.id;
    const previous = entry.outcome;
    entry.outcome = outcome;
    if (outcome.state === 'FRESH' || outcome.state === 'STALE') {
      entry.fetchedAt = outcome.answer.fetchedAt;
      const opswatId = outcome.answer.deviceId?.toLowerCase();
      if (opswatId) {
        entry.opswatDeviceId = opswatId;
        this.byOpswatId.set(opswatId, id);
      }
      if (outcome.target.kind === 'MAC_ADDRESS') entry.match = { kind: 'MAC_ADDRESS', value: outcome.target.identifier };
    } else if (entry.match?.kind !== 'HOSTNAME') {
      if (outcome.state === 'UNMATCHED') entry.match ??= { kind: 'UNMATCHED', reason: 'NO_USABLE_MAC', opswatDeviceIds: [] };
      if (outcome.state === 'NOT_FOUND') entry.match = { kind: 'UNMATCHED', reason: 'UNKNOWN_TO_OPSWAT', opswatDeviceIds: [] };
    }
    entry.notBefore = retryAt;
    this.emit(
      fromStore
        ? { kind: 'updated', entry, previous, previousDevice: entry.device, fromStore }
        : { kind: 'updated', entry, previous, previousDevice: entry.device },
    );
  }

  /**
   * Records an outcome another replica learned (a subscription event carried it, with the device as
   * that replica's inventory has it), unless this index already holds one at least as recent:
   * messages between replicas may cross, and an older one must not undo a newer answer. A device
   * this index does not list yet (this replica has not read the inventory) is added from the
   * message; the next sync keeps it, or deletes it if the inventory does not list it. Keeps the
   * entry's sweep backoff as it is.
   */
  mirror(device: InventoryDevice, outcome: ComplianceOutcome): boolean {
    let entry = this.entries.get(device.id);
    if (!entry) {
      entry = this.add(device);
    }
    const known = entry.outcome ? learnedAt(entry.outcome) : undefined;
    const incoming = learnedAt(outcome);
    if (known !== undefined && incoming !== undefined && known >= incoming) return false;
    this.record(device.id, outcome, entry.notBefore);
    return true;
  }

  /**
   * Records what the shared store holds of a device (the store catch-up of a replica that missed
   * messages: started late, restarted, or lost one), when it tells more than this index does: any
   * outcome where nothing is known yet (or only QUEUED / FAILED), a report where there is none, a
   * newer report than the one held. Never a "not found" over a report, never an older report. The
   * change is marked `fromStore`. Keeps the entry's sweep backoff; returns whether it recorded.
   */
  replay(id: number, outcome: ComplianceOutcome): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    const known = entry.outcome;
    const unknown = !known || known.state === 'QUEUED' || known.state === 'FAILED';
    const incoming = learnedAt(outcome);
    const held = known ? learnedAt(known) : undefined;
    if (!unknown && (incoming === undefined || (held !== undefined && held >= incoming))) return false;
    this.write(entry, outcome, entry.notBefore, true);
    return true;
  }

  /** Records how a device is matched (the listing's hostname match, or why none holds). */
  setMatch(id: number, match: DeviceMatch): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.match = match;
    if (match.kind === 'HOSTNAME') {
      entry.opswatDeviceId = match.opswatDeviceId;
      this.byOpswatId.set(match.opswatDeviceId, id);
      // A device only a hostname matches is swept by OPSWAT's id from now on.
      if (entry.outcome?.state === 'UNMATCHED' || entry.outcome?.state === 'NOT_FOUND') entry.notBefore = 0;
    }
    this.emit({ kind: 'updated', entry, previous: entry.outcome, previousDevice: entry.device });
  }

  /**
   * Learns from an answer to one identifier, whoever asked (a client's page, the sweep): a report
   * found by one of a device's MACs is that device's. A "not found" for one MAC says nothing of the
   * device (another MAC may be known): the device-level lookups record those.
   */
  learn(target: { identifier: string; kind: string }, outcome: ComplianceOutcome): void {
    if (outcome.state !== 'FRESH' && outcome.state !== 'STALE') return;
    const entry = this.deviceOf(target);
    if (!entry) return;
    if (entry.fetchedAt !== undefined && entry.fetchedAt > outcome.answer.fetchedAt) return;
    this.record(entry.device.id, outcome);
  }

  /** The entry an identifier OPSWAT was asked by belongs to: one of its MACs, or OPSWAT's id of it. */
  deviceOf(target: { identifier: string; kind: string }): FleetEntry | undefined {
    const id =
      target.kind === 'MAC_ADDRESS'
        ? this.byMac.get(target.identifier)
        : target.kind === 'OPSWAT_DEVICE_ID'
          ? this.byOpswatId.get(target.identifier.toLowerCase())
          : undefined;
    return id === undefined ? undefined : this.entries.get(id);
  }

  /**
   * Up to `max` eligible devices the sweep should ask about now, most needed first: those of
   * which nothing is known, then those whose report is oldest, once `now` has reached the time
   * `refreshAt` gives for their report. A device being swept, or deferred after a failure or a
   * "not found", is skipped.
   */
  due(now: number, max: number, refreshAt: (entry: FleetEntry & { fetchedAt: number }) => number): FleetEntry[] {
    const due: FleetEntry[] = [];
    for (const entry of this.entries.values()) {
      if (!isSwept(entry) || entry.sweeping || entry.notBefore > now) continue;
      // A device matched by hostname whose last outcome was from before the match is due at once.
      const matchedSince =
        entry.match?.kind === 'HOSTNAME' && (entry.outcome?.state === 'UNMATCHED' || entry.outcome?.state === 'NOT_FOUND');
      if (!matchedSince && entry.fetchedAt !== undefined && now < refreshAt(entry as FleetEntry & { fetchedAt: number })) continue;
      due.push(entry);
    }
    // Never fetched (undefined) sorts first, as the oldest possible report.
    due.sort((a, b) => (a.fetchedAt ?? Number.NEGATIVE_INFINITY) - (b.fetchedAt ?? Number.NEGATIVE_INFINITY));
    return due.slice(0, max);
  }

  /** The counts of the fleet at `now`. */
  counts(now: number): FleetCounts {
    const counts: FleetCounts = { devices: this.entries.size, eligible: 0, fresh: 0, unknown: 0 };
    for (const entry of this.entries.values()) {
      if (!isEligible(entry.device)) continue;
      counts.eligible += 1;
      const outcome = entry.outcome;
      if (!outcome || outcome.state === 'QUEUED') counts.unknown += 1;
      else if (outcome.state === 'FRESH' && outcome.expiresAt > now) counts.fresh += 1;
    }
    return counts;
  }

  private add(device: InventoryDevice): FleetEntry {
    const added: FleetEntry = {
      device,
      outcome: undefined,
      fetchedAt: undefined,
      opswatDeviceId: null,
      match: undefined,
      notBefore: 0,
      sweeping: false,
    };
    this.entries.set(device.id, added);
    this.indexMacs(added);
    this.emit({ kind: 'added', entry: added });
    return added;
  }

  private indexMacs(entry: FleetEntry): void {
    for (const mac of entry.device.macAddresses) this.byMac.set(mac, entry.device.id);
  }

  private unindexMacs(entry: FleetEntry): void {
    for (const mac of entry.device.macAddresses) if (this.byMac.get(mac) === entry.device.id) this.byMac.delete(mac);
  }

  private emit(change: FleetChange): void {
    this.changes += 1;
    for (const listener of this.listeners) listener(change);
  }
}

/** Whether the sweep keeps a device current: it is live, and OPSWAT can be asked by one of its MACs. */
export function isEligible(device: InventoryDevice): boolean {
  return device.deletedAt === null && device.macAddresses.length > 0;
}

/** Whether the sweep asks about an entry: an eligible device, or a live one matched by hostname. */
export function isSwept(entry: FleetEntry): boolean {
  return isEligible(entry.device) || (entry.device.deletedAt === null && entry.match?.kind === 'HOSTNAME');
}

/** When an outcome's newest fact was learned (a report's fetch, or the feed's or a push's update); undefined without a report. */
function learnedAt(outcome: ComplianceOutcome): number | undefined {
  if (outcome.state !== 'FRESH' && outcome.state !== 'STALE') return undefined;
  return Math.max(outcome.answer.fetchedAt, outcome.answer.update?.at ?? 0);
}
