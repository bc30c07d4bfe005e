import type Keyv from 'keyv';
import type { Logger } from '../common/index.js';
import { type DeviceRecord, normalizeHostname } from '../inventory/index.js';
import type { Metrics } from '../metrics/index.js';
import { type IdentifierKind, type RateLimitInfo, validateLookupIdentifier } from '../opswat/index.js';
import type { CallBudget, LeaseStore } from '../store/index.js';
import { AnswerCache, type FreshnessCoverage } from './answer-cache.js';
import { CallScheduler } from './call-scheduler.js';
import { type Clock, systemClock, within } from './clock.js';
import {
  type CachedAnswer,
  cacheKey,
  type ComplianceOutcome,
  type Demand,
  type FetchOutcome,
  type IdentifierKey,
} from './compliance.model.js';
import type { ComplianceUpstream, LookupMode } from './upstream.js';

/** Options for {@link ComplianceService}. */
export interface ComplianceServiceOptions {
  client: ComplianceUpstream;
  /** How MACs are looked up (OPSWAT_LOOKUP): 50 a call through Device Details (default), or one a call through Policy Check. */
  lookup?: LookupMode;
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
  /** Free-form identifiers one client may have queued (COMPLIANCE_CLIENT_QUEUE_MAX; default 500). */
  clientQueueMax?: number;
  /** The budget's window plus margin; the pause after a 429 without Retry-After. */
  windowMs: number;
  /** Upper bound of one OPSWAT call (its HTTP timeout); sizes the lease. */
  callTimeoutMs: number;
  /** The longest pause a 429 may impose (OPSWAT_MAX_PAUSE_MS; default three windows). */
  maxPauseMs?: number;
  /** Share of each window calls led by the background sweep may take while clients are asking (default 0.6). */
  sweepShare?: number;
  /** The change feed's coverage, when it runs: covered reports stay FRESH longer (see FreshnessCoverage). */
  coverage?: () => FreshnessCoverage | null;
  /** Calls this process keeps in flight at once (default 1). */
  concurrency?: number;
  /** See {@link AnswerCache}: how long a miss or a stale answer is trusted locally (default 5 s). */
  localTtlMs?: number;
  /** Entries of the local layer (default 50,000). */
  localMax?: number;
  logger: Logger;
  metrics?: Metrics;
  clock?: Clock;
}

/** What a device lookup needs of a device. */
export type DeviceRef = Pick<DeviceRecord, 'hostname' | 'macAddresses'> & { automoxId?: number | null };

/** The demand of a lookup nobody named: the anonymous client, free-form. */
const ANONYMOUS_LOOKUP: Demand = { clientId: 'anonymous', priority: 'lookup' };

/** The background sweep's demand: its own lane, below every client's. */
export const SWEEP_DEMAND: Demand = Object.freeze({ clientId: 'fleet-sweep', priority: 'sweep' });

/**
 * Device compliance within OPSWAT's budget. Reads the cache (FRESH, or STALE while a refresh is
 * queued), otherwise asks the {@link CallScheduler}, waits at most `maxWaitMs`, and answers
 * QUEUED with when to ask again. Answers are {@link ComplianceOutcome}s; GraphQL maps them in
 * `toComplianceLookup`.
 */
export class ComplianceService {
  private readonly options: ComplianceServiceOptions;
  private readonly clock: Clock;
  private readonly cache: AnswerCache;
  private readonly scheduler: CallScheduler;
  private readonly listeners = new Set<(target: IdentifierKey, outcome: ComplianceOutcome) => void>();

  constructor(options: ComplianceServiceOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.cache = new AnswerCache({ ...options, clock: this.clock });
    this.scheduler = new CallScheduler({
      ...options,
      upstream: options.client,
      mode: options.lookup ?? 'batch',
      cache: this.cache,
      clock: this.clock,
      clientQueueMax: options.clientQueueMax ?? 500,
      maxPauseMs: options.maxPauseMs ?? 3 * options.windowMs,
      onAnswer: (target, answer) => {
        if (this.listeners.size === 0) return;
        const outcome = this.fromFetch(target, { kind: 'answered', answer });
        for (const listener of this.listeners) listener(target, outcome);
      },
      onFailure: (target, failure) => {
        if (this.listeners.size === 0) return;
        const outcome = this.fromFetch(target, { kind: 'failed', ...failure });
        for (const listener of this.listeners) listener(target, outcome);
      },
    });
  }

  /**
   * Calls `listener` with every answer OPSWAT gives this process, whoever asked (a client, the
   * sweep), as the outcome of the identifier asked, and with every lookup that failed (FAILED);
   * returns the function that stops it.
   */
  onOutcome(listener: (target: IdentifierKey, outcome: ComplianceOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes when what {@link peekDevice} can answer changes (other than by time): a write or read of this process's cache. */
  get cacheVersion(): number {
    return this.cache.version;
  }

  /** Lookups queued or in flight in this process. */
  get queueDepth(): number {
    return this.scheduler.depth;
  }

  /** Lookups queued or in flight in this process, clients' (inventory and free-form) apart from the sweep's. */
  queuedLookups(): { interactive: number; sweep: number } {
    const byPriority = this.scheduler.depthByPriority();
    return { interactive: byPriority.inventory + byPriority.lookup, sweep: byPriority.sweep };
  }

  /** Compliance of one identifier, validated first (`compliance(identifier:, kind:)`). */
  lookupIdentifier(identifier: string, kind: IdentifierKind, demand: Demand = ANONYMOUS_LOOKUP): Promise<ComplianceOutcome> {
    return this.lookup(validateIdentifier(identifier, kind), demand, this.clock.now() + this.options.maxWaitMs);
  }

  /**
   * Compliance of a device: asks with the identifier that answered for it last time, else its
   * MACs best first, falling back to the next MAC when OPSWAT does not know one.
   */
  async lookupDevice(device: DeviceRef, demand: Demand = { ...ANONYMOUS_LOOKUP, priority: 'inventory' }): Promise<ComplianceOutcome> {
    const deadline = this.clock.now() + this.options.maxWaitMs;
    return this.throughCandidates(device, (candidate, rest) => this.lookup(candidate, demand, deadline, rest));
  }

  /**
   * The background sweep's refresh of a device: asks OPSWAT (at the sweep's rank unless a client
   * asks too) even when the report is still fresh, and resolves once the lookup has its answer,
   * however long the queue: the sweep waits, a client never does. A report another replica
   * fetched after the ask counts as the answer; no call is spent on it, nor on a MAC OPSWAT
   * recently said it does not know (the device's next MAC is asked instead).
   */
  refreshDevice(device: DeviceRef, demand: Demand = SWEEP_DEMAND): Promise<ComplianceOutcome> {
    return this.throughCandidates(device, async (candidate, rest) => {
      // A MAC OPSWAT said it does not know, not long ago, is not asked again: the device's next one is.
      const cached = await this.cache.read(cacheKey(candidate));
      if (cached?.kind === 'not_found' && this.cache.isFresh(cached)) return { state: 'NOT_FOUND', target: candidate };
      const asked = this.scheduler.ask(candidate, demand, rest);
      return this.fromFetch(candidate, asked.kind === 'refused' ? { kind: 'failed', ...asked.failure } : await asked.job.done);
    });
  }

  /**
   * What the shared store already holds for a device, without asking OPSWAT: its report (FRESH or
   * STALE), NOT_FOUND when every MAC is known to be unknown, UNMATCHED without MACs, or undefined
   * when nothing is known yet. The sweep's survey reads the fleet's state with it after a start;
   * a replica catching up reads `from: 'shared'`, past this process's copies, to see a newer report
   * another replica stored. Reading the store is free: no call is ever spent.
   */
  async knownOutcome(device: DeviceRef, from: 'local' | 'shared' = 'local'): Promise<ComplianceOutcome | undefined> {
    const { candidates } = await this.candidatesOf(device);
    if (candidates.length === 0) return { state: 'UNMATCHED' };
    let notFound = 0;
    for (const target of candidates) {
      const cached = await this.cache.read(cacheKey(target), from);
      if (cached?.kind === 'found') {
        const state = this.cache.isFresh(cached) ? 'FRESH' : 'STALE';
        return { state, target, answer: cached, expiresAt: this.cache.freshUntil(cached) };
      }
      if (cached?.kind === 'not_found' && this.cache.isFresh(cached)) notFound += 1;
    }
    return notFound === candidates.length ? { state: 'NOT_FOUND', target: candidates[0] as IdentifierKey } : undefined;
  }

  /**
   * A device's identifiers in turn, the one that answered last time first, then its MACs best
   * first, moving on while OPSWAT does not know one; remembers the one that answered.
   */
  private async throughCandidates(
    device: DeviceRef,
    ask: (candidate: IdentifierKey, rest: IdentifierKey[]) => Promise<ComplianceOutcome>,
  ): Promise<ComplianceOutcome> {
    const { memoKey, remembered, candidates } = await this.candidatesOf(device);
    if (candidates.length === 0) return { state: 'UNMATCHED' };
    let firstNotFound: ComplianceOutcome | undefined;
    for (const [index, candidate] of candidates.entries()) {
      const outcome = await ask(candidate, candidates.slice(index + 1));
      if (outcome.state !== 'NOT_FOUND') {
        if ((outcome.state === 'FRESH' || outcome.state === 'STALE') && remembered?.identifier !== candidate.identifier) {
          await this.cache.writeMemo(memoKey, candidate);
        }
        return outcome;
      }
      firstNotFound ??= outcome;
    }
    return firstNotFound ?? { state: 'NOT_FOUND', target: candidates[0] as IdentifierKey };
  }

  private async candidatesOf(device: DeviceRef): Promise<{ memoKey: string; remembered?: IdentifierKey; candidates: IdentifierKey[] }> {
    const memoKey = memoKeyOf(device);
    const remembered = stillHeld(await this.cache.readMemo(memoKey), device);
    const macs = device.macAddresses.map((mac): IdentifierKey => ({ identifier: mac, kind: 'MAC_ADDRESS' }));
    const candidates = remembered ? [remembered, ...macs.filter((mac) => mac.identifier !== remembered.identifier)] : macs;
    return { memoKey, remembered, candidates };
  }

  /**
   * One batched pass over many devices (a DataLoader batch, a page, a router's entities): devices
   * with a fresh answer in memory are answered synchronously, against one reading of the clock and
   * one metrics update; the rest are looked up concurrently against one deadline, so a page of N
   * uncached devices waits `maxWaitMs` once, not N times.
   */
  lookupDevices(devices: readonly DeviceRef[], demand?: Demand): Promise<ComplianceOutcome[]> {
    const now = this.clock.now();
    const outcomes = new Array<ComplianceOutcome>(devices.length);
    const pending: Array<Promise<void>> = [];
    let hits = 0;
    devices.forEach((device, i) => {
      const warm = this.peekDevice(device, now);
      if (warm) {
        outcomes[i] = warm;
        if (warm.state === 'FRESH') hits += 1;
        return;
      }
      pending.push(
        this.lookupDevice(device, demand).then((outcome) => {
          outcomes[i] = outcome;
        }),
      );
    });
    if (hits > 0) this.options.metrics?.cacheReads.inc({ result: 'hit' }, hits);
    return pending.length > 0 ? Promise.all(pending).then(() => outcomes) : Promise.resolve(outcomes);
  }

  /**
   * Spends one budget slot on a call that is not a lookup (a page of the change feed or of the
   * OPSWAT listing), through the one scheduler: see {@link CallScheduler.spend}.
   */
  spend<T extends { rateLimit: RateLimitInfo | null }>(label: string, run: () => Promise<T>): Promise<T> {
    return this.scheduler.spend(label, run);
  }

  /**
   * Files what the change feed or a push taught about a device (a new verdict, its removal) under
   * the identifier it was answered by, as if OPSWAT had answered it now, and tells the listeners.
   * No call is spent; the caller says in the report which fields came from where.
   */
  async record(target: IdentifierKey, answer: CachedAnswer): Promise<ComplianceOutcome> {
    await this.cache.write(cacheKey(target), answer);
    const outcome = this.fromFetch(target, { kind: 'answered', answer });
    for (const listener of this.listeners) listener(target, outcome);
    return outcome;
  }

  /**
   * Ties a device to OPSWAT's device id (the fleet listing matched it by hostname): its lookups,
   * a client's or the sweep's, ask by that id first, through Device Details.
   */
  async rememberMatch(device: DeviceRef, opswatDeviceId: string): Promise<void> {
    await this.cache.writeMemo(memoKeyOf(device), validateIdentifier(opswatDeviceId, 'OPSWAT_DEVICE_ID'));
  }

  /** Unties a device from any OPSWAT device id remembered for it (its hostname match no longer holds). */
  async forgetMatch(device: DeviceRef): Promise<void> {
    await this.cache.deleteMemo(memoKeyOf(device));
  }

  /** When an answer stops being FRESH: the one freshness rule (a healthy change feed's coverage included). */
  freshUntil(answer: CachedAnswer): number {
    return this.cache.freshUntil(answer);
  }

  /** Fails the background sweep's queued lookups (the sweep stopped); clients' lookups are untouched. */
  dropSweep(): void {
    this.scheduler.dropSweep();
  }

  /**
   * Stops sending; queued waiters are told the service is shutting down. Resolves once the calls
   * under way have answered and their answers are cached, so a stopping replica wastes none.
   */
  async close(): Promise<void> {
    this.scheduler.close();
    await this.scheduler.settled();
  }

  /**
   * The warm path, synchronously and without any call: UNMATCHED for a device without MACs (and no
   * hostname match), FRESH when its remembered identifier has a fresh answer in this process's
   * memory at `now`, else undefined (nothing known here: the caller decides whether to ask). The
   * fleet views read it.
   */
  peekDevice(device: DeviceRef, now = this.clock.now()): ComplianceOutcome | undefined {
    if (device.macAddresses.length === 0) {
      // Without a MAC, only a hostname match (an OPSWAT device id remembered for it) can answer.
      const known = this.cache.peekMemoEntry(memoKeyOf(device), now);
      if (!known) return undefined;
      if (!known.memo) return { state: 'UNMATCHED' };
    }
    const memo = stillHeld(this.cache.peekMemo(memoKeyOf(device), now), device);
    const answer = memo ? this.cache.peek(cacheKey(memo), now) : undefined;
    if (!memo || answer?.kind !== 'found' || !this.cache.isFresh(answer, now)) return undefined;
    return { state: 'FRESH', target: memo, answer, expiresAt: this.cache.freshUntil(answer) };
  }

  private async lookup(
    target: IdentifierKey,
    demand: Demand,
    deadline: number,
    fallbacks: IdentifierKey[] = [],
  ): Promise<ComplianceOutcome> {
    const cached = await this.cache.read(cacheKey(target));
    const reads = this.options.metrics?.cacheReads;
    if (cached?.kind === 'found') {
      if (this.cache.isFresh(cached)) {
        reads?.inc({ result: 'hit' });
        return { state: 'FRESH', target, answer: cached, expiresAt: this.cache.freshUntil(cached) };
      }
      reads?.inc({ result: 'stale' });
      this.scheduler.ask(target, demand, fallbacks);
      return { state: 'STALE', target, answer: cached, expiresAt: this.cache.freshUntil(cached) };
    }
    if (cached?.kind === 'not_found' && this.cache.isFresh(cached)) {
      reads?.inc({ result: 'hit' });
      return { state: 'NOT_FOUND', target };
    }
    reads?.inc({ result: 'miss' });
    const asked = this.scheduler.ask(target, demand, fallbacks);
    if (asked.kind === 'refused') return this.fromFetch(target, { kind: 'failed', ...asked.failure });
    const outcome = await within(this.clock, asked.job.done, deadline - this.clock.now());
    if (outcome) return this.fromFetch(target, outcome);
    return { state: 'QUEUED', target, retryAfterMs: await this.scheduler.retryAfterMs(asked.job) };
  }

  private fromFetch(target: IdentifierKey, outcome: FetchOutcome): ComplianceOutcome {
    if (outcome.kind === 'failed') {
      const { kind: _failed, ...failure } = outcome;
      return { state: 'FAILED', target, failure, retryAfterMs: failure.retryAt - this.clock.now() };
    }
    const { answer } = outcome;
    if (answer.kind === 'not_found') return { state: 'NOT_FOUND', target };
    return { state: 'FRESH', target, answer, expiresAt: this.cache.freshUntil(answer) };
  }
}

/** Validates and normalizes an identifier for its kind (the rules live with the OPSWAT client, whose URLs they protect). */
export function validateIdentifier(identifier: string, kind: IdentifierKind): IdentifierKey {
  return validateLookupIdentifier(identifier, kind);
}

/** The remembered identifier, unless it is a MAC the device no longer has (adapter replaced): that one is forgotten, not asked. */
function stillHeld(memo: IdentifierKey | undefined, device: DeviceRef): IdentifierKey | undefined {
  return memo && (memo.kind !== 'MAC_ADDRESS' || device.macAddresses.includes(memo.identifier)) ? memo : undefined;
}

/** Where the identifier that answered for a device is remembered: by Automox id, since hostnames are not unique. */
function memoKeyOf(device: DeviceRef): string {
  return `answered:${device.automoxId ?? normalizeHostname(device.hostname)}`;
}
