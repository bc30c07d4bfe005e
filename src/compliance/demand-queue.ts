import type { FetchOutcome, IdentifierKey } from './compliance.model.js';

/** A queued lookup, with everyone waiting on it. */
export interface DemandJob extends IdentifierKey {
  key: string;
  /** When it was first demanded; the queue serves the oldest demand first. */
  demandedAt: number;
  /** Arrival order, breaking ties between demands made in the same millisecond. */
  seq: number;
  /** Identifiers to try next if this one is not found (a device's other MACs), in order. */
  fallbacks: IdentifierKey[];
  /** Set while a worker holds the job; such jobs are not handed out again. */
  taken: boolean;
  /** Not handed out before this time (another replica holds its lease). */
  notBefore: number;
  readonly done: Promise<FetchOutcome>;
  resolve(outcome: FetchOutcome): void;
}

/** Result of {@link DemandQueue.demand}. */
export type DemandResult = { kind: 'queued'; job: DemandJob } | { kind: 'full' };

/**
 * Lookups the budget cannot serve yet: deduplicated by identifier (a second demand joins the
 * first), served oldest demand first, bounded so a burst cannot grow memory without limit.
 */
export class DemandQueue {
  private readonly jobs = new Map<string, DemandJob>();
  private nextSeq = 0;

  constructor(private readonly maxSize: number) {}

  /**
   * Queues `target` under `key`, or joins the demand already queued for it. `place` keeps a
   * predecessor's place in line (a device's next MAC takes the place of the one not found).
   */
  demand(
    key: string,
    target: IdentifierKey,
    demandedAt: number,
    fallbacks: IdentifierKey[] = [],
    place?: Pick<DemandJob, 'demandedAt' | 'seq'>,
  ): DemandResult {
    const existing = this.jobs.get(key);
    if (existing) {
      if (existing.fallbacks.length === 0 && fallbacks.length > 0) existing.fallbacks = fallbacks;
      return { kind: 'queued', job: existing };
    }
    if (this.jobs.size >= this.maxSize) return { kind: 'full' };
    let resolve!: (outcome: FetchOutcome) => void;
    const done = new Promise<FetchOutcome>((settle) => {
      resolve = settle;
    });
    this.nextSeq += 1;
    const order = place ? { demandedAt: place.demandedAt, seq: place.seq } : { demandedAt, seq: this.nextSeq };
    const job: DemandJob = {
      identifier: target.identifier,
      kind: target.kind,
      key,
      ...order,
      fallbacks,
      taken: false,
      notBefore: 0,
      done,
      resolve,
    };
    this.jobs.set(key, job);
    return { kind: 'queued', job };
  }

  /** The oldest job that is free to work on now, marked as taken. */
  take(now: number): DemandJob | undefined {
    let oldest: DemandJob | undefined;
    for (const job of this.jobs.values()) {
      if (job.taken || job.notBefore > now) continue;
      if (!oldest || ahead(job, oldest)) oldest = job;
    }
    if (oldest) oldest.taken = true;
    return oldest;
  }

  /** Gives a job back, keeping its place in line; it is not handed out again before `notBefore`. */
  release(job: DemandJob, notBefore = 0): void {
    job.taken = false;
    job.notBefore = notBefore;
  }

  /** Finishes a job: removes it and wakes everyone waiting on it. */
  complete(job: DemandJob, outcome: FetchOutcome): void {
    if (this.jobs.get(job.key) === job) this.jobs.delete(job.key);
    job.resolve(outcome);
  }

  /** 0-based place in line: jobs demanded earlier come first. */
  positionOf(job: DemandJob): number {
    let count = 0;
    for (const other of this.jobs.values()) if (other !== job && ahead(other, job)) count += 1;
    return count;
  }

  /** Earliest `notBefore` among deferred jobs, to know when to look again. */
  nextDeferredAt(now: number): number | undefined {
    let next: number | undefined;
    for (const job of this.jobs.values()) {
      if (!job.taken && job.notBefore > now && (next === undefined || job.notBefore < next)) next = job.notBefore;
    }
    return next;
  }

  /** Jobs waiting or in flight. */
  get size(): number {
    return this.jobs.size;
  }

  /** Fails every job still queued (shutdown), so no waiter hangs. */
  drain(outcome: FetchOutcome): void {
    for (const job of [...this.jobs.values()]) this.complete(job, outcome);
  }
}

/** Whether `a` comes before `b` in line: older demand first, then arrival order. */
function ahead(a: Pick<DemandJob, 'demandedAt' | 'seq'>, b: Pick<DemandJob, 'demandedAt' | 'seq'>): boolean {
  return a.demandedAt < b.demandedAt || (a.demandedAt === b.demandedAt && a.seq < b.seq);
}
