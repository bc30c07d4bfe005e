import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import type { Logger } from '../common/index.js';
import type { Clock, ComplianceOutcome, DeviceRef, FoundAnswer } from '../compliance/index.js';
import type { DeviceIndex, InventoryDevice } from '../inventory/index.js';
import type { LeaseStore } from '../store/index.js';
import type { FleetEntry, FleetIndex } from './fleet-index.js';
import { type CatchUpPass, StoreCatchUp } from './store-catch-up.js';

/** What the sweeper needs of the compliance service: the sweep's own ask, and the store's view after a start. */
export interface SweepCompliance {
  refreshDevice(device: DeviceRef): Promise<ComplianceOutcome>;
  knownOutcome(device: DeviceRef, from?: 'local' | 'shared'): Promise<ComplianceOutcome | undefined>;
  /** Fails the sweep's queued lookups when it stops, so a stopping replica sends no more of them. */
  dropSweep?(): void;
}

/** The sweep's progress as the shared store keeps it, so another replica or a restart carries on. */
export interface SweepProgress {
  /** Which replica sweeps (its lease owner id). */
  owner: string;
  /** Rounds begun: a round begins when the sweep finds due devices after finding none. */
  round: number;
  /** When the current round began (epoch ms). */
  roundStartedAt: number;
  /** Devices asked about in this round so far, and answered. */
  asked: number;
  answered: number;
  /** Eligible devices, and those with a fresh report, when last counted. */
  eligible: number;
  fresh: number;
  updatedAt: number;
}

/** Options of {@link Sweeper}. */
export interface SweeperOptions {
  index: FleetIndex;
  compliance: SweepCompliance;
  /** The inventory, as the devices service reads it (cached, refreshed in the background). */
  inventory: () => Promise<DeviceIndex<InventoryDevice>>;
  leases: LeaseStore;
  /** The shared store's key-value side (the cache's Keyv), where progress is kept. */
  state: Keyv;
  clock: Clock;
  logger: Logger;
  /** A report older than this is refreshed (80% of the compliance TTL, set by the caller), unless `freshUntil` is given. */
  refreshAfterMs: number;
  /**
   * When a report stops being FRESH, by the compliance service's rule (a healthy change feed keeps
   * covered reports fresh longer): the sweep then refreshes each at 80% of its own lifetime.
   */
  freshUntil?: (answer: FoundAnswer) => number;
  /** How long OPSWAT's "not found" is believed before the sweep asks again. */
  notFoundRetryMs: number;
  /** Called on every tick, leader or not (the webhook's silence check). */
  onTick?: () => void;
  /** OPSWAT's listing, read by the leader once the MAC sweep has been through every eligible device (see {@link FleetListing}). */
  listing?: { runIfDue(): Promise<unknown> };
  /** The change feed the leader polls (see {@link ChangeFeed}); none with FLEET_SWEEP=off. */
  feed?: { pollIfDue(): Promise<unknown> };
  /** How often the sweeper renews its lease, re-reads the inventory and tops its lookups up (default 5 s). */
  tickMs?: number;
  /**
   * Sweep lookups outstanding at once (default 1,000: two windows of 10 calls of 50): enough to
   * fill every call the budget grants, few enough that clients' demand is never stuck behind a
   * queue of the whole fleet and that a 100,000-device fleet does not sit in memory as promises.
   */
  outstandingMax?: number;
  /** Devices a replica that is not sweeping reads back from the shared store per tick (default 2,000; see {@link StoreCatchUp}). */
  catchUpMax?: number;
}

/** The lease that makes one replica the sweeper. */
export const SWEEP_LEASE = 'fleet:sweeper';
/** Where the sweep's progress is kept. */
export const SWEEP_PROGRESS_KEY = 'fleet:sweep:progress';

/**
 * Keeps every eligible inventory device's report current, unasked: the list-and-resync half of
 * the fleet index. One replica at a time holds the sweep's lease; on taking it, the sweeper reads
 * the inventory and what the shared store already knows (so a restart resumes, and nothing fresh
 * is asked again), then keeps up to `outstandingMax` devices asked at the sweep's rank, those of
 * which nothing is known first, then the oldest reports. Every call goes through the one
 * scheduler, behind clients' demand, within the sweep's share of the budget.
 */
export class Sweeper {
  private readonly options: SweeperOptions;
  private readonly tickMs: number;
  private readonly outstandingMax: number;
  private readonly owner = randomUUID();
  private leading = false;
  private outstanding = 0;
  private progress: SweepProgress | undefined;
  private cancelTick: (() => void) | undefined;
  private ticking: Promise<void> | undefined;
  private closed = false;
  private lastInventory: DeviceIndex<InventoryDevice> | undefined;
  private readonly catchUp: StoreCatchUp;
  private lastCatchUp: CatchUpPass | undefined;

  constructor(options: SweeperOptions) {
    this.options = options;
    this.tickMs = options.tickMs ?? 5_000;
    this.outstandingMax = options.outstandingMax ?? 1_000;
    this.catchUp = new StoreCatchUp({
      ...options,
      refreshAt: (entry) => this.refreshAt(entry),
      maxPerPass: options.catchUpMax,
      // Half a tick at most: the tick renews the lease, and must not fall behind it.
      budgetMs: this.tickMs / 2,
    });
  }

  /** Whether this replica holds the sweep's lease. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** What the last tick of a replica not sweeping read back from the shared store (undefined until one ran). */
  get lastCatchUpPass(): CatchUpPass | undefined {
    return this.lastCatchUp;
  }

  /** Sweep lookups under way in this process. */
  get inFlight(): number {
    return this.outstanding;
  }

  /** Starts the first tick now; the sweep begins as soon as the inventory is read. */
  start(): void {
    this.schedule(0);
  }

  /**
   * Runs one tick now (the timer runs them otherwise): renews or takes the lease, syncs the index
   * with the inventory, tops the lookups up, saves progress. Never rejects.
   */
  tick(): Promise<void> {
    this.ticking ??= this.runTick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  /** Stops ticking, drops its queued lookups and gives the lease up; calls under way finish on their own. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelTick?.();
    await this.ticking;
    this.options.compliance.dropSweep?.();
    if (this.leading) {
      this.leading = false;
      await this.options.leases.release(SWEEP_LEASE, this.owner).catch(() => undefined);
    }
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.cancelTick?.();
    this.cancelTick = this.options.clock.schedule(() => {
      void this.tick().then(() => this.schedule(this.tickMs));
    }, ms);
  }

  private async runTick(): Promise<void> {
    const { leases, logger } = this.options;
    this.options.onTick?.();
    try {
      const held = await leases.acquire(SWEEP_LEASE, this.owner, 3 * this.tickMs);
      const inventory = await this.options.inventory();
      if (inventory !== this.lastInventory || (held && !this.leading)) {
        this.options.index.sync(inventory.all());
        this.lastInventory = inventory;
      }
      if (!held) {
        if (this.leading) logger.info('fleet sweep: another replica holds the sweep lease; standing by');
        this.leading = false;
        // Standing by, this replica still learns every answer: from the others' messages, and what
        // it missed (started late, restarted, a message lost) from the shared store.
        this.lastCatchUp = await this.catchUp.run();
        return;
      }
      if (!this.leading) {
        this.leading = true;
        await this.survey();
      }
      this.topUp();
      // The feed polls on its own interval; its pages wait for budget slots, so the tick does not wait for them.
      void this.options.feed?.pollIfDue();
      // Hostnames are matched only after the MACs: the listing costs a call per 50 OPSWAT devices.
      if (this.outstanding === 0 && this.options.index.counts(this.options.clock.now()).unknown === 0) {
        void this.options.listing?.runIfDue().then(() => this.topUp());
      }
      await this.saveProgress();
    } catch (error) {
      // A store or inventory failure: the next tick tries again; the lease (if lost) passes on.
      logger.warn({ err: error }, 'fleet sweep: tick failed; trying again next tick');
    }
  }

  /**
   * On taking the lease: what the shared store already holds for each device, so the sweep asks
   * only what is missing or oldest, and a restart resumes instead of starting over.
   */
  private async survey(): Promise<void> {
    const { index, compliance, state, clock, logger } = this.options;
    const saved = (await state.get<SweepProgress>(SWEEP_PROGRESS_KEY).catch(() => undefined)) ?? undefined;
    const pending = [...index.all()].filter((entry) => entry.outcome === undefined);
    // A bounded number of store reads at once: a large fleet must not open thousands at a time.
    for (let start = 0; start < pending.length; start += 64) {
      const slice = pending.slice(start, start + 64);
      const known = await Promise.all(slice.map((entry) => compliance.knownOutcome(entry.device).catch(() => undefined)));
      known.forEach((outcome, i) => {
        const entry = slice[i]!;
        if (outcome) index.record(entry.device.id, outcome, this.retryAtOf(outcome));
      });
    }
    const now = clock.now();
    const counts = index.counts(now);
    this.progress = saved
      ? { ...saved, owner: this.owner, updatedAt: now }
      : { owner: this.owner, round: 1, roundStartedAt: now, asked: 0, answered: 0, eligible: counts.eligible, fresh: 0, updatedAt: now };
    logger.info(
      { eligible: counts.eligible, fresh: counts.fresh, unknown: counts.unknown, round: this.progress.round, resumed: saved !== undefined },
      'fleet sweep: leading the sweep',
    );
  }

  /** Asks about the most needed devices until `outstandingMax` are under way. */
  private topUp(): void {
    if (this.closed || !this.leading) return;
    const { index, clock } = this.options;
    const max = this.outstandingMax;
    if (this.outstanding >= max) return;
    const due = index.due(clock.now(), max - this.outstanding, (entry) => this.refreshAt(entry));
    if (due.length > 0 && this.outstanding === 0 && this.progress && this.progress.asked >= this.progress.eligible) {
      this.progress = { ...this.progress, round: this.progress.round + 1, roundStartedAt: clock.now(), asked: 0, answered: 0 };
    }
    for (const entry of due) this.ask(entry);
  }

  private ask(entry: FleetEntry): void {
    const { index, compliance, logger } = this.options;
    entry.sweeping = true;
    this.outstanding += 1;
    if (this.progress) this.progress.asked += 1;
    compliance
      .refreshDevice(entry.device)
      .then(
        (outcome) => {
          index.record(entry.device.id, outcome, this.retryAtOf(outcome));
          if (this.progress) this.progress.answered += 1;
        },
        (error: unknown) => {
          logger.warn({ err: error, device: entry.device.id }, 'fleet sweep: a device lookup failed');
          entry.notBefore = this.options.clock.now() + this.tickMs;
        },
      )
      .finally(() => {
        entry.sweeping = false;
        this.outstanding -= 1;
        // Refill in bulk, not per answer: each refill scans the fleet.
        if (this.outstanding <= this.outstandingMax / 2) this.topUp();
      });
  }

  /** When the sweep should refresh a device's report: at 80% of its FRESH lifetime. */
  private refreshAt(entry: FleetEntry & { fetchedAt: number }): number {
    const { outcome } = entry;
    const { freshUntil, refreshAfterMs } = this.options;
    if (!freshUntil || (outcome?.state !== 'FRESH' && outcome?.state !== 'STALE')) return entry.fetchedAt + refreshAfterMs;
    return entry.fetchedAt + 0.8 * (freshUntil(outcome.answer) - entry.fetchedAt);
  }

  /** When a device may be swept again after `outcome`: a failure's retry time, or a "not found"'s belief. */
  private retryAtOf(outcome: ComplianceOutcome): number {
    const now = this.options.clock.now();
    switch (outcome.state) {
      case 'FAILED':
        return now + Math.max(outcome.retryAfterMs, 1_000);
      case 'NOT_FOUND':
        return now + this.options.notFoundRetryMs;
      case 'QUEUED':
        return now + outcome.retryAfterMs;
      case 'FRESH':
      case 'STALE':
      case 'UNMATCHED':
        return 0;
    }
  }

  private async saveProgress(): Promise<void> {
    if (!this.progress) return;
    const counts = this.options.index.counts(this.options.clock.now());
    this.progress = { ...this.progress, eligible: counts.eligible, fresh: counts.fresh, updatedAt: this.options.clock.now() };
    await this.options.state.set(SWEEP_PROGRESS_KEY, this.progress).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'fleet sweep: could not save progress');
    });
  }
}
