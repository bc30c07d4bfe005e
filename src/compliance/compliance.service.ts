import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import { toUpstreamError, UpstreamError, type Logger, type UpstreamErrorCode } from '../common/index.js';
import { normalizeHostname, type DeviceRecord } from '../inventory/index.js';
import type { Metrics } from '../metrics/index.js';
import { validateLookupIdentifier, type IdentifierKind, type OpswatClient } from '../opswat/index.js';
import type { CallBudget, LeaseStore } from '../store/index.js';
import { cacheKey, type CachedAnswer, type ComplianceLookupResult, type FetchOutcome, type IdentifierKey } from './compliance.model.js';
import { DemandQueue, type DemandJob } from './demand-queue.js';

/** Options for {@link ComplianceService}. */
export interface ComplianceServiceOptions {
  client: Pick<OpswatClient, 'policyCheck'>;
  cache: Keyv;
  budget: CallBudget;
  leases: LeaseStore;
  /** A report younger than this is FRESH. */
  ttlMs: number;
  /** How long "OPSWAT does not know this identifier" is believed. */
  notFoundTtlMs: number;
  /** How long a report is kept after it stops being fresh, to be served as STALE. */
  staleTtlMs: number;
  /** The longest a request waits for a live OPSWAT call before answering QUEUED. */
  maxWaitMs: number;
  queueMax: number;
  /** The budget's window plus margin; the pause after a 429 without Retry-After. */
  windowMs: number;
  /** Upper bound of one OPSWAT call (its HTTP timeout); sizes the lease. */
  callTimeoutMs: number;
  /**
   * Calls this process keeps in flight at once. One by default: at 10 calls a minute there is
   * no throughput to gain, a 429 then stops the very next call, and "oldest first" is exact.
   */
  concurrency?: number;
  /**
   * How long this process trusts its own copy of a miss, or of an answer that is no longer
   * fresh, before reading the shared store again (default 5 s): how late it sees another
   * replica's refresh. A fresh answer is trusted until it stops being fresh, since no replica
   * fetches an identifier whose answer is fresh. Its own writes show at once.
   */
  localTtlMs?: number;
  /** Entries of that local layer, least recently used evicted first (default 50,000; see README, "Memory"). */
  localMax?: number;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
}

/** What a device lookup needs of a device. */
export type DeviceRef = Pick<DeviceRecord, 'hostname' | 'macAddresses'> & { automoxId?: number | null };

/** How long a failed identifier answers FAILED before it may spend budget again. */
const FAILURE_BACKOFF_MS: Record<UpstreamErrorCode, number> = {
  UPSTREAM_UNAUTHORIZED: 60_000,
  UPSTREAM_RATE_LIMITED: 10_000,
  UPSTREAM_UNAVAILABLE: 15_000,
  UPSTREAM_BAD_RESPONSE: 60_000,
  UPSTREAM_NOT_FOUND: 60_000,
};

/** Another replica holds the identifier's lease: look again after this long. */
const LEASE_RETRY_MS = 200;

/**
 * Device compliance within OPSWAT's 10-calls-a-minute account budget. Answers from the shared
 * cache when it can (FRESH, or STALE while a refresh is queued); otherwise queues the lookup,
 * waits at most `maxWaitMs`, and answers QUEUED with an honest `retryAfterSeconds`. Queued
 * lookups are worked oldest first, each under a cross-replica lease so no identifier is fetched
 * twice, each call passing the shared budget (inside the OPSWAT client's gate).
 */
export class ComplianceService {
  private readonly options: ComplianceServiceOptions;
  private readonly now: () => number;
  private readonly queue: DemandQueue;
  private readonly owner = randomUUID();
  private readonly failures = new Map<string, { code: UpstreamErrorCode; message: string; retryAt: number }>();
  private readonly built = new WeakMap<CachedAnswer, ComplianceLookupResult>();
  private readonly hits: { inc(): void } | undefined;
  /** Parsed answers, remembered identifiers and misses read from the shared store, each trusted until `until`. */
  private readonly local: LRUCache<string, LocalEntry>;
  private active = 0;
  private wakeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: ComplianceServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.queue = new DemandQueue(options.queueMax);
    this.hits = options.metrics?.cacheReads.labels({ result: 'hit' });
    this.local = new LRUCache({ max: options.localMax ?? 50_000 });
  }

  /** Lookups queued or in flight in this process. */
  get queueDepth(): number {
    return this.queue.size;
  }

  /** Compliance of one identifier, validated first (`compliance(identifier:, kind:)`). */
  lookupIdentifier(identifier: string, kind: IdentifierKind): Promise<ComplianceLookupResult> {
    return this.lookup(validateIdentifier(identifier, kind), this.now() + this.options.maxWaitMs);
  }

  /**
   * Compliance of a device: asks with the identifier that answered for it last time, else its
   * MACs best first, falling back to the next MAC when OPSWAT does not know one.
   */
  async lookupDevice(device: DeviceRef): Promise<ComplianceLookupResult> {
    if (device.macAddresses.length === 0) return UNMATCHED;
    const deadline = this.now() + this.options.maxWaitMs;
    const memoKey = memoKeyOf(device);
    const remembered = stillHeld(await this.readMemo(memoKey), device);
    const macs = device.macAddresses.map((mac): IdentifierKey => ({ identifier: mac, kind: 'MAC_ADDRESS' }));
    const candidates = remembered ? [remembered, ...macs.filter((mac) => mac.identifier !== remembered.identifier)] : macs;
    let firstNotFound: ComplianceLookupResult | undefined;
    for (const [index, candidate] of candidates.entries()) {
      const result = await this.lookup(candidate, deadline, candidates.slice(index + 1));
      if (result.state !== 'NOT_FOUND') {
        if ((result.state === 'FRESH' || result.state === 'STALE') && remembered?.identifier !== candidate.identifier) {
          await this.safeSet(memoKey, candidate, this.options.staleTtlMs, this.memoTrustedUntil());
        }
        return result;
      }
      firstNotFound ??= result;
    }
    return firstNotFound ?? emptyResult('NOT_FOUND', candidates[0] ?? null);
  }

  /**
   * One batched pass over many devices (a DataLoader batch): lookups run concurrently against
   * one deadline, so a page of N uncached devices waits `maxWaitMs` once, not N times.
   */
  lookupDevices(devices: readonly DeviceRef[]): Promise<ComplianceLookupResult[]> {
    return Promise.all(devices.map((device) => this.peekDevice(device) ?? this.lookupDevice(device)));
  }

  /**
   * The warm path, synchronously: a device whose remembered identifier has a fresh answer in the
   * local layer. Anything else (a miss, stale, not found) takes the full path.
   */
  private peekDevice(device: DeviceRef): ComplianceLookupResult | undefined {
    if (device.macAddresses.length === 0) return UNMATCHED;
    const memo = stillHeld(this.fromLocal(memoKeyOf(device))?.value as IdentifierKey | undefined, device);
    if (!memo) return undefined;
    const answer = this.fromLocal(cacheKey(memo))?.value as CachedAnswer | undefined;
    if (answer?.kind !== 'found' || !this.isFresh(answer)) return undefined;
    this.hits?.inc();
    return this.answered(memo, answer);
  }

  /** Stops the workers; queued waiters are told the service is shutting down. */
  close(): void {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.queue.drain({
      kind: 'failed',
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'The compliance service is shutting down',
      retryAt: this.now() + 5000,
    });
  }

  private async lookup(target: IdentifierKey, deadline: number, fallbacks: IdentifierKey[] = []): Promise<ComplianceLookupResult> {
    const key = cacheKey(target);
    const cached = await this.readCache(key);
    const now = this.now();
    if (cached?.kind === 'found') {
      if (now - cached.fetchedAt < this.options.ttlMs) {
        this.hits?.inc();
        return this.answered(target, cached);
      }
      this.options.metrics?.cacheReads.inc({ result: 'stale' });
      this.enqueue(key, target, now, fallbacks);
      return { ...this.answered(target, cached), state: 'STALE' };
    }
    if (cached?.kind === 'not_found' && now - cached.fetchedAt < this.options.notFoundTtlMs) {
      this.options.metrics?.cacheReads.inc({ result: 'hit' });
      return this.answered(target, cached);
    }
    this.options.metrics?.cacheReads.inc({ result: 'miss' });
    const failure = this.failures.get(key);
    if (failure && failure.retryAt > now) return this.fromOutcome(target, { kind: 'failed', ...failure });
    const job = this.enqueue(key, target, now, fallbacks);
    if (!job) {
      const waitMs = await this.options.budget.estimateWaitMs(this.queue.size).catch(() => this.options.windowMs);
      return {
        ...emptyResult('FAILED', target),
        failureCode: 'UPSTREAM_RATE_LIMITED',
        retryAfterSeconds: toSeconds(waitMs),
        failureMessage: 'The compliance queue is full; OPSWAT allows only a few calls a minute',
      };
    }
    const outcome = await waitFor(job.done, deadline - now);
    if (outcome) return this.fromOutcome(target, outcome);
    return { ...emptyResult('QUEUED', target), retryAfterSeconds: await this.estimateRetrySeconds(job) };
  }

  private enqueue(key: string, target: IdentifierKey, now: number, fallbacks: IdentifierKey[]): DemandJob | undefined {
    const demand = this.queue.demand(key, target, now, fallbacks);
    this.pump();
    return demand.kind === 'queued' ? demand.job : undefined;
  }

  /** Starts workers up to the concurrency limit; wakes later for jobs deferred behind a lease. */
  private pump(): void {
    if (this.closed) return;
    const concurrency = this.options.concurrency ?? 1;
    while (this.active < concurrency) {
      const job = this.queue.take(this.now());
      if (!job) break;
      this.active += 1;
      void this.work(job).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
    const next = this.queue.nextDeferredAt(this.now());
    if (next !== undefined && !this.wakeTimer) {
      this.wakeTimer = setTimeout(
        () => {
          this.wakeTimer = null;
          this.pump();
        },
        Math.max(1, next - this.now()),
      );
      this.wakeTimer.unref();
    }
  }

  private async work(job: DemandJob): Promise<void> {
    const { leases, client, logger, metrics } = this.options;
    try {
      const cached = await this.readCache(job.key, 'shared');
      if (cached && this.isFresh(cached)) return this.finish(job, { kind: 'answered', answer: cached });
      if (!(await leases.acquire(job.key, this.owner, this.leaseTtlMs()))) {
        this.queue.release(job, this.now() + LEASE_RETRY_MS);
        return;
      }
      try {
        // Another replica may have fetched it while we waited for the lease.
        const again = await this.readCache(job.key, 'shared');
        if (again && this.isFresh(again)) return this.finish(job, { kind: 'answered', answer: again });
        const result = await client.policyCheck(job.identifier, job.kind);
        metrics?.opswatCalls.inc({ outcome: result.kind });
        const answer: CachedAnswer =
          result.kind === 'found'
            ? { kind: 'found', report: result.report, fetchedAt: this.now() }
            : { kind: 'not_found', fetchedAt: this.now() };
        await this.safeSet(
          job.key,
          answer,
          answer.kind === 'found' ? this.options.ttlMs + this.options.staleTtlMs : this.options.notFoundTtlMs,
          this.answerTrustedUntil(answer),
        );
        this.failures.delete(job.key);
        this.finish(job, { kind: 'answered', answer });
      } finally {
        await leases
          .release(job.key, this.owner)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not release a compliance lease'));
      }
    } catch (thrown) {
      if (this.closed) return;
      const error = thrown instanceof UpstreamError ? thrown : toUpstreamError(thrown, 'opswat', 'policy check');
      metrics?.upstreamErrors.inc({ upstream: 'opswat', code: error.code });
      metrics?.opswatCalls.inc({ outcome: 'error' });
      if (error.code === 'UPSTREAM_RATE_LIMITED') {
        // OPSWAT disagrees with our count: every replica stops until it says, or a full window.
        const until = this.now() + (error.retryAfterMs ?? this.options.windowMs);
        logger.warn({ pauseMs: until - this.now() }, 'OPSWAT answered 429; pausing every replica');
        await this.options.budget
          .pauseUntil(until)
          .catch((pauseError: unknown) => logger.error({ err: pauseError }, 'could not record the OPSWAT pause'));
        // Back in line, keeping its place, but not before the pause ends.
        this.queue.release(job, until);
        return;
      }
      logger.warn({ code: error.code, identifierKind: job.kind }, error.message);
      const failure = { code: error.code, message: error.message, retryAt: this.now() + FAILURE_BACKOFF_MS[error.code] };
      this.rememberFailure(job.key, failure);
      this.finish(job, { kind: 'failed', ...failure });
    }
  }

  /** Completes a job; a "not found" with fallbacks queues the next identifier in the same place in line. */
  private finish(job: DemandJob, outcome: FetchOutcome): void {
    this.queue.complete(job, outcome);
    const [next, ...rest] = job.fallbacks;
    if (outcome.kind === 'answered' && outcome.answer.kind === 'not_found' && next) {
      this.queue.demand(cacheKey(next), next, job.demandedAt, rest, job);
    }
  }

  /** Remembers a failure for its backoff; expired ones are pruned so an outage cannot grow memory without bound. */
  private rememberFailure(key: string, failure: { code: UpstreamErrorCode; message: string; retryAt: number }): void {
    if (this.failures.size >= this.options.queueMax) {
      const now = this.now();
      for (const [other, { retryAt }] of this.failures) if (retryAt <= now) this.failures.delete(other);
    }
    this.failures.set(key, failure);
  }

  private fromOutcome(target: IdentifierKey, outcome: FetchOutcome): ComplianceLookupResult {
    if (outcome.kind === 'answered') return this.answered(target, outcome.answer);
    return {
      ...emptyResult('FAILED', target),
      failureCode: outcome.code,
      failureMessage: outcome.message,
      retryAfterSeconds: toSeconds(outcome.retryAt - this.now()),
    };
  }

  private answered(target: IdentifierKey, answer: CachedAnswer): ComplianceLookupResult {
    if (answer.kind === 'not_found') return emptyResult('NOT_FOUND', target);
    // One result per cached answer: a warm page reuses it instead of building dates and objects
    // per row per request. Results are never mutated (STALE copies it).
    let result = this.built.get(answer);
    if (!result) {
      result = {
        ...emptyResult('FRESH', target),
        fetchedAt: new Date(answer.fetchedAt).toISOString(),
        expiresAt: new Date(answer.fetchedAt + this.options.ttlMs).toISOString(),
        report: answer.report,
      };
      this.built.set(answer, result);
    }
    return result;
  }

  private async estimateRetrySeconds(job: DemandJob): Promise<number> {
    // Some jobs ahead will turn out unknown and queue a device's next MAC in their own place in
    // line; leave room for one in ten, so asking again after this delay finds the answer.
    const position = Math.ceil(this.queue.positionOf(job) * 1.1);
    const waitMs = await this.options.budget.estimateWaitMs(position).catch(() => this.options.windowMs);
    // The slot's time, plus the call itself.
    return toSeconds(waitMs + Math.min(this.options.callTimeoutMs, 1000));
  }

  private isFresh(answer: CachedAnswer): boolean {
    const age = this.now() - answer.fetchedAt;
    return answer.kind === 'found' ? age < this.options.ttlMs : age < this.options.notFoundTtlMs;
  }

  private leaseTtlMs(): number {
    // Covers waiting for a budget slot behind the other in-flight calls, then the call itself.
    return 2 * this.options.windowMs + 2 * this.options.callTimeoutMs;
  }

  private readCache(key: string, from: 'local' | 'shared' = 'local'): Promise<CachedAnswer | undefined> {
    return this.safeGet<CachedAnswer>(key, from, (answer) => this.answerTrustedUntil(answer));
  }

  private readMemo(key: string): Promise<IdentifierKey | undefined> {
    return this.safeGet<IdentifierKey>(key, 'local', (memo) => (memo ? this.memoTrustedUntil() : this.shortTrustUntil()));
  }

  /**
   * Until when this process may answer from its own copy of `answer`. No replica fetches an
   * identifier whose answer is fresh (each checks the shared store under the lease first), so a
   * fresh answer cannot change elsewhere before it goes stale: it is trusted until then, and a
   * warm fleet is served from memory with no store read and no parsing. A miss or a stale answer
   * may be refreshed by another replica at any moment: trusted only briefly.
   */
  private answerTrustedUntil(answer: CachedAnswer | undefined): number {
    const freshUntil = answer ? answer.fetchedAt + (answer.kind === 'found' ? this.options.ttlMs : this.options.notFoundTtlMs) : 0;
    return Math.max(freshUntil, this.shortTrustUntil());
  }

  /**
   * A remembered identifier only picks which identifier to ask first; an outdated one costs a
   * fallback to the device's other MACs (and is then rewritten), never a wrong answer.
   */
  private memoTrustedUntil(): number {
    return this.now() + this.options.ttlMs;
  }

  private shortTrustUntil(): number {
    return this.now() + (this.options.localTtlMs ?? 5_000);
  }

  /** The local copy of `key`, unless it is past its trust. */
  private fromLocal(key: string): LocalEntry | undefined {
    const entry = this.local.get(key);
    if (entry === undefined || entry.until > this.now()) return entry;
    this.local.delete(key);
    return undefined;
  }

  /**
   * Reads through the local layer (or straight from the shared store, for the checks that must
   * see other replicas' writes). A store failure is a miss plus a log line, never a failed request.
   */
  private async safeGet<T>(key: string, from: 'local' | 'shared', trustUntil: (value: T | undefined) => number): Promise<T | undefined> {
    const local = from === 'local' ? this.fromLocal(key) : undefined;
    if (local) return local.value as T | undefined;
    try {
      const value = (await this.options.cache.get<T>(key)) ?? undefined;
      this.local.set(key, { value, until: trustUntil(value) });
      return value;
    } catch (error) {
      this.options.metrics?.cacheReads.inc({ result: 'error' });
      this.options.logger.warn({ err: error, key }, 'compliance cache read failed; treating as a miss');
      return undefined;
    }
  }

  private async safeSet(key: string, value: unknown, ttlMs: number, trustedUntil: number): Promise<void> {
    this.local.set(key, { value, until: trustedUntil });
    try {
      await this.options.cache.set(key, value, ttlMs);
    } catch (error) {
      this.options.logger.warn({ err: error, key }, 'compliance cache write failed');
    }
  }
}

/** A value of the local layer (undefined: the shared store had nothing) and the time it is trusted until. */
interface LocalEntry {
  value: unknown;
  until: number;
}

/** Validates and normalizes an identifier for its kind (the rules live with the OPSWAT client, whose URLs they protect). */
export function validateIdentifier(identifier: string, kind: IdentifierKind): IdentifierKey {
  return validateLookupIdentifier(identifier, kind);
}

const UNMATCHED: ComplianceLookupResult = Object.freeze(emptyResult('UNMATCHED', null)) as ComplianceLookupResult;

/** The remembered identifier, unless it is a MAC the device no longer has (adapter replaced): that one is forgotten, not asked. */
function stillHeld(memo: IdentifierKey | undefined, device: DeviceRef): IdentifierKey | undefined {
  return memo && (memo.kind !== 'MAC_ADDRESS' || device.macAddresses.includes(memo.identifier)) ? memo : undefined;
}

/** Where the identifier that answered for a device is remembered: by Automox id, since hostnames are not unique. */
function memoKeyOf(device: DeviceRef): string {
  return `answered:${device.automoxId ?? normalizeHostname(device.hostname)}`;
}

function emptyResult(state: ComplianceLookupResult['state'], target: IdentifierKey | null): ComplianceLookupResult {
  return {
    state,
    identifier: target?.identifier ?? null,
    identifierKind: target?.kind ?? null,
    fetchedAt: null,
    expiresAt: null,
    retryAfterSeconds: null,
    failureCode: null,
    report: null,
  };
}

function toSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Resolves with the promise's value, or undefined once `ms` has passed. */
async function waitFor<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.race([promise, Promise.resolve(undefined)]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
