import type { Logger } from '../common/index.js';
import type { Clock, ComplianceOutcome, DeviceRef } from '../compliance/index.js';
import type { FleetEntry, FleetIndex } from './fleet-index.js';

/** Options of {@link StoreCatchUp}. */
export interface StoreCatchUpOptions {
  index: FleetIndex;
  /** What the shared store holds of a device, read past this process's copies (`from: 'shared'`): never a call. */
  compliance: { knownOutcome(device: DeviceRef, from?: 'local' | 'shared'): Promise<ComplianceOutcome | undefined> };
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  /** When the sweep refreshes an entry's report: past it, the store may hold a newer copy than this index. */
  refreshAt: (entry: FleetEntry & { fetchedAt: number }) => number;
  /** Devices read per pass at most (default 2,000): a pass holds no more than this many entries. */
  maxPerPass?: number;
  /** Devices read from the store at once (default 64). */
  concurrency?: number;
  /** A pass stops starting reads after this long (default 2.5 s: half the sweep's default tick). */
  budgetMs?: number;
}

/** What one pass did. */
export interface CatchUpPass {
  /** Devices whose stored state was read. */
  read: number;
  /** Of those, the ones the store told this index something new of. */
  learned: number;
}

/**
 * How a replica that is not sweeping learns what it missed: changes travel between replicas once,
 * by pub/sub, so a replica started (or restarted) after the sweep began, or one that lost a message,
 * would never hear of them. Every answer is in the shared store, though, so on each sweep tick this
 * reads it back for a bounded number of devices, most needed first: those the index knows nothing
 * of (or only QUEUED / FAILED), then those whose report the sweep would have refreshed by now, then
 * a window that moves through the rest of the fleet each pass (a missed feed or push update that
 * did not change when the report is due). What is newer than the index is recorded
 * ({@link FleetIndex.replay}); no call is spent.
 */
export class StoreCatchUp {
  private readonly options: StoreCatchUpOptions;
  /** Where the moving window over the rest of the fleet starts next pass (an inventory position). */
  private cursor = 0;

  constructor(options: StoreCatchUpOptions) {
    this.options = options;
  }

  /** One pass: reads what the store holds of the most needed devices and records what is newer. Never rejects. */
  async run(): Promise<CatchUpPass> {
    const { index, compliance, clock, logger } = this.options;
    const concurrency = this.options.concurrency ?? 64;
    const budgetMs = this.options.budgetMs ?? 2_500;
    const startedAt = clock.now();
    const picked = this.pick(startedAt);
    let read = 0;
    let learned = 0;
    for (let start = 0; start < picked.length && clock.now() - startedAt < budgetMs; start += concurrency) {
      const slice = picked.slice(start, start + concurrency);
      const known = await Promise.all(
        slice.map((entry) =>
          compliance.knownOutcome(entry.device, 'shared').catch((error: unknown) => {
            logger.warn({ err: error, device: entry.device.id }, 'fleet catch-up: could not read a device from the store');
            return undefined;
          }),
        ),
      );
      read += slice.length;
      known.forEach((outcome, i) => {
        const entry = slice[i]!;
        // The entry may have left the index (an inventory reload) while the store was read.
        if (outcome && index.get(entry.device.id) === entry && index.replay(entry.device.id, outcome)) learned += 1;
      });
    }
    return { read, learned };
  }

  /** The devices to read this pass, most needed first, at most `maxPerPass`; moves the window on. */
  private pick(now: number): FleetEntry[] {
    const { index, refreshAt } = this.options;
    const max = this.options.maxPerPass ?? 2_000;
    const unknown: FleetEntry[] = [];
    const behind: FleetEntry[] = [];
    // The window: entries at or after the cursor first, then from the start of the inventory.
    const ahead: Array<[number, FleetEntry]> = [];
    const wrapped: Array<[number, FleetEntry]> = [];
    let position = -1;
    for (const entry of index.all()) {
      position += 1;
      // Every live device, those without a MAC too: the leader may have matched one by hostname.
      if (entry.device.deletedAt !== null) continue;
      const outcome = entry.outcome;
      if (!outcome || outcome.state === 'QUEUED' || outcome.state === 'FAILED') {
        if (unknown.length < max) unknown.push(entry);
      } else if (entry.fetchedAt !== undefined && now >= refreshAt(entry as FleetEntry & { fetchedAt: number })) {
        if (behind.length < max) behind.push(entry);
      } else if (position >= this.cursor) {
        if (ahead.length < max) ahead.push([position, entry]);
      } else if (wrapped.length < max) wrapped.push([position, entry]);
    }
    const room = Math.max(0, max - unknown.length - behind.length);
    const window = [...ahead, ...wrapped].slice(0, room);
    const last = window.at(-1);
    if (last) this.cursor = last[0] + 1;
    return [...unknown, ...behind, ...window.map(([, entry]) => entry)].slice(0, max);
  }
}
