import { randomUUID } from 'node:crypto';
import { toUpstreamError, UpstreamError, type Logger } from '../common/index.js';
import type { Metrics } from '../metrics/index.js';
import type { RateLimitInfo } from '../opswat/index.js';
import type { CallBudget, LeaseStore } from '../store/index.js';
import type { AnswerCache } from './answer-cache.js';
import type { Clock } from './clock.js';
import type { CachedAnswer, Demand, DemandJob, FetchOutcome, IdentifierKey, LookupFailure, Priority } from './compliance.model.js';
import { cacheKey } from './compliance.model.js';
import { DemandQueue } from './demand-queue.js';
import { estimateRetryMs, reservedForInventoryUntil, reservedUntil, Share, sweepReserve } from './estimate.js';
import { FailureMemory, STORE_DOWN, storeFailure, upstreamFailure } from './failures.js';
import { PauseGuard } from './pause.js';
import { type ComplianceUpstream, DEVICE_DETAILS_MAX_IDS, fetchAnswers, goesAlone, type LookupMode } from './upstream.js';

/** Options for {@link CallScheduler}. */
export interface CallSchedulerOptions {
  upstream: ComplianceUpstream;
  mode: LookupMode;
  budget: CallBudget;
  leases: LeaseStore;
  cache: AnswerCache;
  clock: Clock;
  /** The budget's window plus margin: the pause after a 429 that names none. */
  windowMs: number;
  /** Upper bound of one OPSWAT call (its HTTP timeout); sizes the lease. */
  callTimeoutMs: number;
  /** The longest pause any 429 or rate-limit header can impose (OPSWAT_MAX_PAUSE_MS). */
  maxPauseMs: number;
  queueMax: number;
  clientQueueMax: number;
  /** Calls in flight at once from this process (default 1: packing and "oldest first" stay exact). */
  concurrency?: number;
  /**
   * How long a first demand waits for more before a call is packed (default 25 ms): a page's
   * lookups arrive over a few ms of cache reads, and should share one call, not spend two.
   */
  gatherMs?: number;
  /** Share of each window calls led by the background sweep may take while clients are asking (default 0.6). */
  sweepShare?: number;
  /** Told of every answer a call brings, once it is in the cache (the fleet index learns from clients' lookups too). */
  onAnswer?: (target: IdentifierKey, answer: CachedAnswer) => void;
  /** Told of every lookup that failed (a client that was answered QUEUED hears how it ended through the fleet index). */
  onFailure?: (target: IdentifierKey, failure: LookupFailure) => void;
  logger: Logger;
  metrics?: Metrics;
}

/** A call that is not a lookup (a page of the change feed, of the OPSWAT listing), waiting for its slot. */
interface OtherCall {
  label: string;
  run: () => Promise<{ rateLimit: RateLimitInfo | null }>;
  settle: (outcome: { ok: true; value: unknown } | { ok: false; error: UpstreamError }) => void;
}

/** The answer of {@link CallScheduler.ask}. */
export type AskResult = { kind: 'queued'; job: DemandJob } | { kind: 'refused'; failure: LookupFailure };

/** Whether an answer was last updated by the change feed or a push, not by Device Details. */
function isUpdate(answer: CachedAnswer): boolean {
  return answer.kind === 'found' && answer.update !== undefined;
}

/** Another replica holds the identifier's lease: look again after this long. */
const LEASE_RETRY_MS = 200;

/**
 * The one owner of spending an OPSWAT call. Lookups are queued (deduplicated, bounded, a fair
 * lane per client), packed up to 50 MACs a call, and sent only when the shared budget grants a
 * slot, no 429 pause or exhausted server allowance holds, and this replica holds every packed
 * identifier's lease. The call's slot is completed when its response arrives (see CallBudget).
 */
export class CallScheduler {
  private readonly options: CallSchedulerOptions;
  private readonly queue: DemandQueue;
  private readonly owner = randomUUID();
  private readonly failures: FailureMemory;
  private readonly pause: PauseGuard;
  private inFlight = 0;
  /** Calls under way, so shutdown can wait for their answers to be cached. */
  private readonly calls = new Set<Promise<void>>();
  private pumping = false;
  private wanted = false;
  private wake: { at: number; cancel: () => void } | null = null;
  private closed = false;
  /** Recent call durations, for the "call itself" part of an estimate. */
  private callMs = 1_000;
  /** How often a job with fallbacks turns out unknown (its follow-ups then join the schedule). */
  private readonly fallbackRate = new Share(0.5);
  private readonly batchMax: number;
  /** Calls that are not lookups, in the order asked: they rank with free-form lookups (see {@link spend}). */
  private readonly others: OtherCall[] = [];
  /** When a client (not the sweep) last asked: the sweep leaves them more room for a window after. */
  private lastClientAskAt = Number.NEGATIVE_INFINITY;

  constructor(options: CallSchedulerOptions) {
    this.options = options;
    this.batchMax = options.mode === 'batch' ? DEVICE_DETAILS_MAX_IDS : 1;
    this.queue = new DemandQueue({
      queueMax: options.queueMax,
      clientQueueMax: options.clientQueueMax,
      batchMax: this.batchMax,
      alone: (job) => goesAlone(options.mode, job),
    });
    this.failures = new FailureMemory(options.queueMax, options.clock);
    this.pause = new PauseGuard(options);
  }

  /** Lookups queued or in flight in this process. */
  get depth(): number {
    return this.queue.size;
  }

  /** {@link depth} by the rank of each lookup's demand. */
  depthByPriority(): Record<Priority, number> {
    return this.queue.sizeByPriority();
  }

  /**
   * Asks for `target` on behalf of `demand`: queued (or joined), or refused at once when it
   * failed recently, the store is down, or the client's share of the queue is used up.
   */
  ask(target: IdentifierKey, demand: Demand, fallbacks: IdentifierKey[] = []): AskResult {
    const key = cacheKey(target);
    const now = this.options.clock.now();
    if (demand.priority !== 'sweep') this.lastClientAskAt = now;
    const failure = this.failures.get(key) ?? this.failures.get(STORE_DOWN);
    if (failure) return { kind: 'refused', failure };
    const result = this.queue.demand(key, target, demand, now, fallbacks);
    switch (result.kind) {
      case 'queued':
        if (result.evicted)
          this.queue.complete(result.evicted, {
            kind: 'failed',
            ...this.queueFull(
              now,
              demand.priority === 'inventory' ? 'an inventory device needed its place' : 'a client lookup needed its place',
            ),
          });
        this.wakeAt(now + (this.options.gatherMs ?? 25));
        return { kind: 'queued', job: result.job };
      case 'client-full':
        return { kind: 'refused', failure: this.queueFull(now, 'this client has too many lookups queued') };
      case 'full':
        return { kind: 'refused', failure: this.queueFull(now, 'the compliance queue is full') };
    }
  }

  /**
   * Spends one slot of the budget on a call that is not a lookup (a Status Change page, a Get
   * Devices page): it waits its turn like a free-form lookup (after clients' inventory devices, and
   * never in the window's last fifth), its response's rate-limit headers count like any other, and
   * a 429 pauses every replica. Resolves with what `run` returned; rejects with its UpstreamError.
   */
  spend<T extends { rateLimit: RateLimitInfo | null }>(label: string, run: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new UpstreamError('UPSTREAM_UNAVAILABLE', 'opswat', 'The compliance service is shutting down'));
    return new Promise<T>((resolve, reject) => {
      this.others.push({
        label,
        run,
        settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)),
      });
      this.pump();
    });
  }

  /** When asking again for `job` can help: its call's slot in the packed schedule, plus the call itself. */
  retryAfterMs(job: DemandJob): Promise<number> {
    return estimateRetryMs(job, this.queue.scheduleOf(job), {
      budget: this.options.budget,
      windowMs: this.options.windowMs,
      batchMax: this.batchMax,
      inFlight: this.inFlight,
      callMs: this.callMs + (this.options.gatherMs ?? 25),
      followUpShare: this.fallbackRate.share(),
      pausedMs: this.pause.remainingMs(),
    });
  }

  /** Fails every queued job of the background sweep (it stopped); clients' jobs and calls under way go on. */
  dropSweep(): void {
    this.queue.drainTier('sweep', {
      kind: 'failed',
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'The fleet sweep stopped',
      retryAt: this.options.clock.now() + 5000,
    });
  }

  /** Resolves once no call is in flight: their answers are cached and their leases freed (shutdown waits on it). */
  async settled(): Promise<void> {
    while (this.calls.size > 0) await Promise.allSettled([...this.calls]);
  }

  private track(call: Promise<void>): void {
    const tracked = call.finally(() => {
      this.inFlight -= 1;
      this.calls.delete(tracked);
      this.pump();
    });
    this.calls.add(tracked);
  }

  /** Stops sending; every queued waiter is told the service is shutting down. */
  close(): void {
    this.closed = true;
    this.wake?.cancel();
    for (const other of this.others.splice(0)) {
      other.settle({ ok: false, error: new UpstreamError('UPSTREAM_UNAVAILABLE', 'opswat', 'The compliance service is shutting down') });
    }
    this.queue.drain({
      kind: 'failed',
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'The compliance service is shutting down',
      retryAt: this.options.clock.now() + 5000,
    });
  }

  private queueFull(now: number, why: string): LookupFailure {
    return {
      code: 'UPSTREAM_RATE_LIMITED',
      message: `The compliance lookup was not queued: ${why}; OPSWAT allows only a few calls a minute`,
      retryAt: now + this.options.windowMs,
    };
  }

  private pump(): void {
    this.wanted = true;
    if (this.pumping || this.closed) return;
    this.pumping = true;
    void (async () => {
      try {
        while (this.wanted && !this.closed) {
          this.wanted = false;
          await this.drive();
        }
      } finally {
        this.pumping = false;
      }
    })();
  }

  /** Sends calls while the budget, the pauses and the concurrency allow; sets a wake-up otherwise. */
  private async drive(): Promise<void> {
    const { budget, clock } = this.options;
    while (!this.closed && this.inFlight < (this.options.concurrency ?? 1)) {
      const now = clock.now();
      const blockedUntil = this.pause.blockedUntil();
      if (blockedUntil > now) return this.wakeAt(blockedUntil);
      if (!this.queue.hasReady(now) && this.others.length === 0) return this.wakeAt(this.queue.nextDeferredAt(now));
      const reserved = await this.reservedUntil(now);
      if (reserved > now) return this.wakeAt(reserved);
      let decision: Awaited<ReturnType<CallBudget['tryAcquire']>>;
      try {
        decision = await budget.tryAcquire();
      } catch (error) {
        return this.storeFailed(error);
      }
      if (decision.kind !== 'granted') return this.wakeAt(clock.now() + Math.max(1, decision.retryInMs));
      const other = this.queue.hasReady(clock.now(), 'inventory') ? undefined : this.others.shift();
      if (other) {
        this.inFlight += 1;
        this.pause.spent();
        this.track(this.callOther(other, decision.id));
        continue;
      }
      const packedAt = clock.now();
      const jobs = await this.claim(this.queue.pack(packedAt));
      // Jobs another replica holds wait their turn; the call takes others in their place rather
      // than spend a whole slot on what is left (a crashed replica's leases hold 20 s).
      for (let room = this.batchMax - jobs.length; room > 0 && jobs.length > 0 && !goesAlone(this.options.mode, jobs[0]!); ) {
        const more = await this.claim(this.queue.pack(clock.now(), room));
        if (more.length === 0) break;
        jobs.push(...more);
        room = this.batchMax - jobs.length;
      }
      if (jobs.length === 0) {
        await budget
          .cancel(decision.id)
          .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not free an unused budget slot'));
        continue;
      }
      this.inFlight += 1;
      this.pause.spent();
      this.track(this.call(jobs, decision.id, packedAt));
    }
  }

  /**
   * Until when the next call must wait for the slots kept for a higher tier than the one that
   * would lead it: inventory devices take any slot; free-form lookups leave a fifth of the window
   * for inventory devices; the sweep leaves room for clients (see {@link sweepReserve}).
   */
  private reservedUntil(now: number): Promise<number> | number {
    const { budget, windowMs } = this.options;
    if (this.queue.hasReady(now, 'inventory')) return now;
    if (this.others.length > 0 || this.queue.hasReady(now, 'lookup')) return reservedForInventoryUntil(budget, now);
    const clientsActive = now - this.lastClientAskAt < windowMs;
    const sweepCallsLeft = clientsActive ? undefined : Math.ceil(this.queue.readyCount(now, 'sweep') / this.batchMax);
    return reservedUntil(budget, now, (limit) => sweepReserve(limit, this.options.sweepShare ?? 0.6, clientsActive, sweepCallsLeft));
  }

  /**
   * The packed jobs this replica may send: answered meanwhile by another replica (fresh in the
   * shared store) completes at once; held under another replica's lease waits its turn.
   */
  private async claim(jobs: DemandJob[]): Promise<DemandJob[]> {
    const { cache, leases, clock } = this.options;
    const claimed: DemandJob[] = [];
    for (const job of jobs) {
      const cached = await cache.read(job.key, 'shared');
      // The sweep asks to refresh a report before it ages out, or to verify what a push said: only a
      // Device Details answer fetched since it asked answers it.
      if (
        cached &&
        cache.isFresh(cached) &&
        (job.demand.priority !== 'sweep' || (cached.fetchedAt >= job.demandedAt && !isUpdate(cached)))
      ) {
        this.finish(job, { kind: 'answered', answer: cached });
        continue;
      }
      let held: boolean;
      try {
        held = await leases.acquire(job.key, this.owner, this.leaseTtlMs());
      } catch (error) {
        this.fail([job, ...jobs.slice(jobs.indexOf(job) + 1)], storeFailure(error, clock.now()));
        break;
      }
      if (held) claimed.push(job);
      else this.queue.release(job, clock.now() + LEASE_RETRY_MS);
    }
    return claimed;
  }

  /** One billable call for `jobs`; every outcome completes the budget slot and frees the leases. */
  private async call(jobs: DemandJob[], grantId: string, packedAt: number): Promise<void> {
    const { upstream, mode, budget, cache, clock, logger, metrics } = this.options;
    try {
      const result = await fetchAnswers(upstream, mode, jobs, clock.now);
      await this.completeSlot(grantId);
      // From packing (cache checks and leases included) to the response: what a call really takes.
      this.callMs = Math.round(0.8 * this.callMs + 0.2 * (clock.now() - packedAt));
      await this.pause.observe(result.rateLimit, budget);
      metrics?.opswatCalls.inc({ outcome: 'answered' });
      for (const [key, answer] of result.alsoKnown) await cache.write(key, answer);
      for (const job of jobs) {
        const answer = result.answers.get(job.key) ?? { kind: 'not_found' as const, fetchedAt: clock.now() };
        await cache.write(job.key, answer);
        this.failures.delete(job.key);
        this.finish(job, { kind: 'answered', answer });
        this.tell(job, answer);
      }
    } catch (thrown) {
      await this.completeSlot(grantId);
      if (this.closed) return;
      const error = thrown instanceof UpstreamError ? thrown : toUpstreamError(thrown, 'opswat', 'compliance lookup');
      metrics?.upstreamErrors.inc({ upstream: 'opswat', code: error.code });
      metrics?.opswatCalls.inc({ outcome: 'error' });
      if (error.code === 'UPSTREAM_RATE_LIMITED') {
        // OPSWAT disagrees with our count: every replica stops until it says (capped), or a full window.
        const until = await this.pause.after429(error, budget);
        for (const job of jobs) this.queue.release(job, until);
      } else if (error.code === 'UPSTREAM_UNAUTHORIZED' && error.status === 401 && !jobs.some((job) => job.retriedToken)) {
        // The access token was rejected (revoked, expired early) and the client dropped it: one
        // more call with a new token, granted by the budget like any other.
        for (const job of jobs) {
          job.retriedToken = true;
          this.queue.release(job);
        }
      } else {
        logger.warn({ code: error.code, identifiers: jobs.length }, error.message);
        this.fail(jobs, upstreamFailure(error, clock.now()));
      }
    } finally {
      for (const job of jobs) {
        await this.options.leases
          .release(job.key, this.owner)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not release a compliance lease'));
      }
    }
  }

  /** One billable call that is not a lookup; its slot is completed however it ends. */
  private async callOther(other: OtherCall, grantId: string): Promise<void> {
    const { budget, metrics } = this.options;
    try {
      const value = await other.run();
      await this.completeSlot(grantId);
      await this.pause.observe(value.rateLimit, budget);
      metrics?.opswatCalls.inc({ outcome: 'answered' });
      other.settle({ ok: true, value });
    } catch (thrown) {
      await this.completeSlot(grantId);
      const error = thrown instanceof UpstreamError ? thrown : toUpstreamError(thrown, 'opswat', other.label);
      metrics?.upstreamErrors.inc({ upstream: 'opswat', code: error.code });
      metrics?.opswatCalls.inc({ outcome: 'error' });
      // OPSWAT disagrees with our count: every replica stops until it says (capped), or a full window.
      if (error.code === 'UPSTREAM_RATE_LIMITED') await this.pause.after429(error, budget);
      other.settle({ ok: false, error });
    }
  }

  /** The response arrived: its slot counts its window from now. A failure leaves the provisional (later) time. */
  private async completeSlot(grantId: string): Promise<void> {
    await this.options.budget
      .complete(grantId)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not record the end of an OPSWAT call'));
  }

  /**
   * Completes a job. A "not found" with fallbacks (a device's other MACs) queues ALL of them at
   * once, in the same place in line: they share the next call instead of a chain of calls.
   */
  private finish(job: DemandJob, outcome: FetchOutcome): void {
    this.queue.complete(job, outcome);
    if (outcome.kind !== 'answered') return;
    if (job.fallbacks.length > 0) this.fallbackRate.add(outcome.answer.kind === 'not_found');
    if (outcome.answer.kind !== 'not_found') return;
    for (const next of job.fallbacks) this.queue.demand(cacheKey(next), next, job.demand, job.demandedAt, [], job);
  }

  /** A listener's failure is logged, never the call's: the answer is cached and its waiters served already. */
  private tell(target: IdentifierKey, answer: CachedAnswer): void {
    try {
      this.options.onAnswer?.({ identifier: target.identifier, kind: target.kind }, answer);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'an answer listener failed');
    }
  }

  private fail(jobs: DemandJob[], failure: LookupFailure): void {
    for (const job of jobs) {
      this.failures.set(job.key, failure);
      this.queue.complete(job, { kind: 'failed', ...failure });
      try {
        this.options.onFailure?.({ identifier: job.identifier, kind: job.kind }, failure);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'a failure listener failed');
      }
    }
  }

  /** The budget store failed: every waiting lookup answers STORE_UNAVAILABLE, and new ones do for a short backoff. */
  private storeFailed(error: unknown): void {
    const failure = storeFailure(error, this.options.clock.now());
    this.options.logger.error({ err: error }, failure.message);
    this.failures.set(STORE_DOWN, failure);
    this.fail(this.queue.waiting(), failure);
    this.wakeAt(failure.retryAt);
  }

  private wakeAt(at: number | undefined): void {
    if (at === undefined || this.closed) return;
    if (this.wake && this.wake.at <= at) return;
    this.wake?.cancel();
    const cancel = this.options.clock.schedule(() => {
      this.wake = null;
      this.pump();
    }, at - this.options.clock.now());
    this.wake = { at, cancel };
  }

  private leaseTtlMs(): number {
    // The lease is taken after the budget's grant, so it covers the call alone (and its one 401 retry).
    return 2 * this.options.callTimeoutMs + 1_000;
  }
}
