import { ahead, type Lane, planCalls } from './call-plan.js';
import { type Demand, type DemandJob, type FetchOutcome, type IdentifierKey, outranks, type Priority } from './compliance.model.js';

/** Where a job stands in the packed schedule (see {@link DemandQueue.scheduleOf}). */
export interface Schedule {
  /** 0-based index of the call that will carry it, among the calls not yet sent. */
  call: number;
  /** Follow-up identifiers the jobs in earlier calls could add ahead of it. */
  fallbacksAhead: number;
  /** For a job with follow-ups: the call its follow-ups would join (else `call`). */
  followUpCall: number;
  /** Follow-up identifiers the jobs in calls before `followUpCall` could add. */
  fallbacksBeforeFollowUp: number;
}

/** Result of {@link DemandQueue.demand}. */
export type DemandResult =
  /** Queued (or joined); `evicted` is a lower-tier job pushed out to make room (see `evictionCandidate`). */
  | { kind: 'queued'; job: DemandJob; evicted?: DemandJob }
  /** The client already has `clientQueueMax` free-form identifiers queued. */
  | { kind: 'client-full' }
  /** The queue holds `queueMax` jobs and none can make room. */
  | { kind: 'full' };

/** Options of {@link DemandQueue}. */
export interface DemandQueueOptions {
  /** Jobs held at most, across every client. */
  queueMax: number;
  /** Free-form (`lookup`) identifiers one client may have queued; inventory devices do not count. */
  clientQueueMax: number;
  /** Identifiers one call carries at most (50 for Device Details, 1 for Policy Check). */
  batchMax: number;
  /** Jobs that must go alone in their call (HWID/SSID through Policy Check). */
  alone(job: IdentifierKey): boolean;
}

/**
 * Lookups the budget cannot serve yet, deduplicated by identifier and bounded. Each client has
 * its own lane; calls are packed round-robin across clients (inventory devices of every client
 * first, then free-form lookups), oldest first within a lane, so one client's flood delays
 * another's lookups by at most one call. The same packing, run to the end, gives each job the
 * index of the call that will carry it: the basis of an honest retryAfterSeconds.
 */
export class DemandQueue {
  private readonly options: DemandQueueOptions;
  private readonly jobs = new Map<string, DemandJob>();
  private readonly lanes = new Map<string, Lane>();
  private cursor = 0;
  private nextSeq = 0;
  private version = 0;
  private plan: { version: number; callOf: Map<DemandJob, number>; fallbacksUpTo: number[] } | null = null;

  constructor(options: DemandQueueOptions) {
    this.options = options;
  }

  /**
   * Queues `target` under `key` for `demand`, or joins the job already queued for it (a demand
   * of a higher tier lifts the job into its own lane: a client waiting for a device the sweep
   * queued gets it at its own rank). `place` keeps a predecessor's place in line (a device's next
   * MAC takes the place of the one not found). When the queue is full, the sweep's newest job
   * makes room for any client's demand, and a free-form job for an inventory device's.
   */
  demand(
    key: string,
    target: IdentifierKey,
    demand: Demand,
    now: number,
    fallbacks: IdentifierKey[] = [],
    place?: Pick<DemandJob, 'demandedAt' | 'seq'>,
  ): DemandResult {
    const existing = this.jobs.get(key);
    if (existing) {
      // Fallbacks change the job's rank: re-place it (unless a call carries it now).
      if (existing.fallbacks.length === 0 && fallbacks.length > 0 && !existing.taken) {
        this.remove(existing);
        this.jobs.set(key, existing);
        existing.fallbacks = fallbacks;
        this.insert(existing);
      } else if (existing.fallbacks.length === 0 && fallbacks.length > 0) {
        existing.fallbacks = fallbacks;
      }
      if (outranks(demand.priority, existing.demand.priority)) this.move(existing, demand);
      return { kind: 'queued', job: existing };
    }
    const lane = this.lanes.get(demand.clientId);
    if (demand.priority === 'lookup' && (lane?.lookup.length ?? 0) >= this.options.clientQueueMax) return { kind: 'client-full' };
    let evicted: DemandJob | undefined;
    if (this.jobs.size >= this.options.queueMax) {
      evicted = this.evictionCandidate(demand.priority);
      if (!evicted) return { kind: 'full' };
      this.remove(evicted);
    }
    let resolve!: (outcome: FetchOutcome) => void;
    const done = new Promise<FetchOutcome>((settle) => {
      resolve = settle;
    });
    this.nextSeq += 1;
    const job: DemandJob = {
      identifier: target.identifier,
      kind: target.kind,
      key,
      demand,
      demandedAt: place?.demandedAt ?? now,
      seq: place?.seq ?? this.nextSeq,
      fallbacks,
      taken: false,
      notBefore: 0,
      done,
      resolve,
    };
    this.jobs.set(key, job);
    this.insert(job);
    return { kind: 'queued', job, evicted };
  }

  /**
   * The jobs of the next call, marked as taken: round-robin across clients, inventory first. With
   * `room`, at most that many batchable jobs (to fill a call some of whose jobs could not go).
   */
  pack(now: number, room?: number): DemandJob[] {
    const rule = room === undefined ? this.options : { ...this.options, batchMax: room };
    const eligible = (job: DemandJob) => !job.taken && job.notBefore <= now && (room === undefined || !this.options.alone(job));
    const [call = []] = planCalls(this.orderedLanes(), eligible, 1, rule);
    for (const job of call) job.taken = true;
    if (call.length > 0) {
      this.cursor += 1;
      this.version += 1;
    }
    return call;
  }

  /** Whether a job (of `priority`, when given) could be packed now. */
  hasReady(now: number, priority?: Priority): boolean {
    for (const job of this.jobs.values()) {
      if (!job.taken && job.notBefore <= now && (priority === undefined || job.demand.priority === priority)) return true;
    }
    return false;
  }

  /** Jobs of `priority` no call carries and due by `now`: what the next calls led by that tier would carry. */
  readyCount(now: number, priority: Priority): number {
    let count = 0;
    for (const job of this.jobs.values()) if (!job.taken && job.notBefore <= now && job.demand.priority === priority) count += 1;
    return count;
  }

  /**
   * Where `job` stands in the packed schedule if every queued job goes out in order: the 0-based
   * index of the call that will carry it among the calls not yet sent, and how many follow-up
   * identifiers (other MACs) the jobs before that call (or through it) could still add ahead of
   * what follows. Computed once
   * per change of the queue.
   */
  scheduleOf(job: DemandJob): Schedule {
    if (this.plan?.version !== this.version) {
      const callOf = new Map<DemandJob, number>();
      const fallbacksUpTo: number[] = [];
      let fallbacks = 0;
      planCalls(this.orderedLanes(), (candidate) => !candidate.taken, Number.POSITIVE_INFINITY, this.options).forEach((call, index) => {
        for (const planned of call) {
          callOf.set(planned, index);
          fallbacks += planned.fallbacks.length;
        }
        fallbacksUpTo.push(fallbacks);
      });
      this.plan = { version: this.version, callOf, fallbacksUpTo };
    }
    const { callOf, fallbacksUpTo } = this.plan;
    const call = callOf.get(job) ?? 0;
    // Its follow-ups (if OPSWAT does not know it) take its place among jobs without follow-ups:
    // they go with the first such job of its lane that they rank ahead of.
    const probe = { demandedAt: job.demandedAt, seq: job.seq, fallbacks: [] };
    const lane = this.lanes.get(job.demand.clientId)?.[job.demand.priority] ?? [];
    const next = job.fallbacks.length > 0 ? lane.find((other) => !other.taken && other !== job && ahead(probe, other)) : undefined;
    const followUpCall = job.fallbacks.length === 0 ? call : next ? (callOf.get(next) ?? fallbacksUpTo.length) : fallbacksUpTo.length;
    return {
      call,
      fallbacksAhead: fallbacksUpTo[call - 1] ?? 0,
      followUpCall,
      fallbacksBeforeFollowUp: fallbacksUpTo[followUpCall - 1] ?? 0,
    };
  }

  /** Gives a job back, keeping its place in line; it is not packed again before `notBefore`. */
  release(job: DemandJob, notBefore = 0): void {
    job.taken = false;
    job.notBefore = notBefore;
    this.version += 1;
  }

  /** Finishes a job: removes it and wakes everyone waiting on it. */
  complete(job: DemandJob, outcome: FetchOutcome): void {
    if (this.jobs.get(job.key) === job) this.remove(job);
    job.resolve(outcome);
  }

  /** Earliest `notBefore` among deferred jobs, to know when to look again. */
  nextDeferredAt(now: number): number | undefined {
    let next: number | undefined;
    for (const job of this.jobs.values()) {
      if (!job.taken && job.notBefore > now && (next === undefined || job.notBefore < next)) next = job.notBefore;
    }
    return next;
  }

  /** Every job not carried by a call right now. */
  waiting(): DemandJob[] {
    return [...this.jobs.values()].filter((job) => !job.taken);
  }

  /** Jobs waiting or in flight. */
  get size(): number {
    return this.jobs.size;
  }

  /** Completes every job of `priority` no call carries now with `outcome` (the sweep stopping). */
  drainTier(priority: Priority, outcome: FetchOutcome): void {
    for (const job of [...this.jobs.values()]) if (!job.taken && job.demand.priority === priority) this.complete(job, outcome);
  }

  /** {@link size} by the rank of each job's demand (a job a client joined counts at the client's rank). */
  sizeByPriority(): Record<Priority, number> {
    const counts: Record<Priority, number> = { inventory: 0, lookup: 0, sweep: 0 };
    for (const job of this.jobs.values()) counts[job.demand.priority] += 1;
    return counts;
  }

  /** Fails every job still queued (shutdown), so no waiter hangs. */
  drain(outcome: FetchOutcome): void {
    for (const job of [...this.jobs.values()]) this.complete(job, outcome);
  }

  /** The lanes in round-robin order, starting with the client whose turn it is. */
  private orderedLanes(): Lane[] {
    const lanes = [...this.lanes.values()];
    const offset = lanes.length === 0 ? 0 : this.cursor % lanes.length;
    return [...lanes.slice(offset), ...lanes.slice(0, offset)];
  }

  private insert(job: DemandJob): void {
    let lane = this.lanes.get(job.demand.clientId);
    if (!lane) {
      lane = { inventory: [], lookup: [], sweep: [] };
      this.lanes.set(job.demand.clientId, lane);
    }
    const list = lane[job.demand.priority];
    let index = list.length;
    while (index > 0 && ahead(job, list[index - 1]!)) index -= 1;
    list.splice(index, 0, job);
    this.version += 1;
  }

  private remove(job: DemandJob): void {
    this.jobs.delete(job.key);
    const lane = this.lanes.get(job.demand.clientId);
    if (lane) {
      const list = lane[job.demand.priority];
      const index = list.indexOf(job);
      if (index >= 0) list.splice(index, 1);
      if (lane.inventory.length === 0 && lane.lookup.length === 0 && lane.sweep.length === 0) this.lanes.delete(job.demand.clientId);
    }
    this.version += 1;
  }

  private move(job: DemandJob, demand: Demand): void {
    this.remove(job);
    this.jobs.set(job.key, job);
    job.demand = demand;
    this.insert(job);
  }

  /**
   * The job that makes room for a demand of `priority` in a full queue: the newest waiting job of
   * the lowest tier below it, from the lane with the most of them (the sweep's before any
   * client's free-form lookup; a sweep job makes room for nothing).
   */
  private evictionCandidate(priority: Priority): DemandJob | undefined {
    for (const tier of ['sweep', 'lookup'] as const) {
      if (!outranks(priority, tier)) continue;
      let heaviest: Lane | undefined;
      for (const lane of this.lanes.values()) if (lane[tier].length > (heaviest?.[tier].length ?? 0)) heaviest = lane;
      const job = heaviest?.[tier].findLast((candidate) => !candidate.taken);
      if (job) return job;
    }
    return undefined;
  }
}
