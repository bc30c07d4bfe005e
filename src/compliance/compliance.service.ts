import type Keyv from 'keyv';
import type { Logger } from '../common/index.js';
import { type DeviceRecord, normalizeHostname } from '../inventory/index.js';
import type { Metrics } from '../metrics/index.js';
import { type IdentifierKind, validateLookupIdentifier } from '../opswat/index.js';
import type { CallBudget, LeaseStore } from '../store/index.js';
import { AnswerCache } from './answer-cache.js';
import { CallScheduler } from './call-scheduler.js';
import { type Clock, systemClock, within } from './clock.js';
import { cacheKey, type ComplianceOutcome, type Demand, type FetchOutcome, type IdentifierKey } from './compliance.model.js';
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
    });
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
   * fetched after the ask counts as the answer; no call is spent on it.
   */
  refreshDevice(device: DeviceRef, demand: Demand = SWEEP_DEMAND): Promise<ComplianceOutcome> {
    return this.throughCandidates(device, async (candidate, rest) => {
      const asked = this.scheduler.ask(candidate, demand, rest);
      return this.fromFetch(candidate, asked.kind === 'refused' ? { kind: 'failed', ...asked.failure } : await asked.job.done);
    });
  }

  /**
   * What the shared store already holds for a device, without asking OPSWAT: its report (FRESH or
   * STALE), NOT_FOUND when every MAC is known to be unknown, UNMATCHED without MACs, or undefined
   * when nothing is known yet. The sweep's survey reads the fleet's state with it after a start.
   */
  async knownOutcome(device: DeviceRef): Promise<ComplianceOutcome | undefined> {
    if (device.macAddresses.length === 0) return { state: 'UNMATCHED' };
    const { candidates } = await this.candidatesOf(device);
    let notFound = 0;
    for (const target of candidates) {
      const cached = await this.cache.read(cacheKey(target));
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
    if (device.macAddresses.length === 0) return { state: 'UNMATCHED' };
    const { memoKey, remembered, candidates } = await this.candidatesOf(device);
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

  /** Stops sending; queued waiters are told the service is shutting down. */
  close(): void {
    this.scheduler.close();
  }

  /**
   * The warm path, synchronously and without any call: UNMATCHED for a device without MACs, FRESH
   * when its remembered identifier has a fresh answer in this process's memory at `now`, else
   * undefined (nothing known here: the caller decides whether to ask). The fleet views read it.
   */
  peekDevice(device: DeviceRef, now = this.clock.now()): ComplianceOutcome | undefined {
    if (device.macAddresses.length === 0) return { state: 'UNMATCHED' };
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
