/** Time as a dependency of admission (the compliance engine's `Clock` has the same shape). */
export interface AdmissionClock {
  /** Epoch ms. */
  now(): number;
  /** Calls `fn` after `ms`; the timer never keeps a stopping process alive. Returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

/** Date.now and an unref'd setTimeout, which jest's fake timers replace. */
const SYSTEM_CLOCK: AdmissionClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** Options of {@link CostAdmission}. */
export interface CostAdmissionOptions {
  /** Sum of the estimated costs of the operations allowed to execute at once. */
  maxInflightCost: number;
  /** Estimated memory (bytes) the waiting requests may hold together; beyond it, refused at once. */
  maxQueueBytes: number;
  /** Longest wait for room before refusing. */
  maxWaitMs: number;
  clock?: AdmissionClock;
}

/** What one request asks of {@link CostAdmission.admit}. */
export interface AdmissionRequest {
  /** The operation's estimated cost (src/graphql/cost.ts). */
  cost: number;
  /** Estimated memory the request holds while it waits (its body, socket and request objects). */
  bytes: number;
  /** Aborted when the client goes away: a waiting request then leaves the queue at once. */
  signal?: AbortSignal;
}

/**
 * Outcome of {@link CostAdmission.admit}: run (and call `release` when done), refused as busy
 * (with when to retry), or gone (the client disconnected while it waited; nothing is held).
 */
export type Admission =
  | { kind: 'admitted'; release: () => void }
  | { kind: 'busy'; reason: 'queue-full' | 'wait-too-long' | 'timed-out'; retryAfterSeconds: number }
  | { kind: 'gone' };

interface Waiter {
  cost: number;
  bytes: number;
  settle: (admission: Admission) => void;
}

/** Weight of the newest hold time in the running mean the wait estimate uses. */
const HOLD_WEIGHT = 0.2;

/**
 * Admission by estimated cost: operations execute while the sum of their costs stays within a
 * budget; later ones wait in arrival order, then run, or are refused with `SERVER_BUSY` and a
 * `Retry-After`. Memory follows what executes (rows joined, responses serialized), so a thousand
 * copies of the heaviest document the limits accept run a few at a time instead of all at once.
 *
 * The queue is bounded by the memory its requests hold, not by their number: a thousand small
 * waiting requests cost less than a few large bodies. A request is refused at once only when it
 * would not fit: the queue's memory is full, or the wait for the cost ahead of it (estimated
 * from how long admitted operations have held their cost) exceeds `maxWaitMs`. A request that
 * waits that long anyway is refused then. A request whose client disconnects leaves the queue.
 */
export class CostAdmission {
  private inflight = 0;
  private queuedCost = 0;
  private queuedBytes = 0;
  private heldBytes = 0;
  private readonly waiting: Waiter[] = [];
  private readonly clock: AdmissionClock;
  /** Running mean of how long an admitted operation holds its cost; null until one has finished. */
  private meanHoldMs: number | null = null;

  constructor(private readonly options: CostAdmissionOptions) {
    for (const name of ['maxInflightCost', 'maxQueueBytes', 'maxWaitMs'] as const) {
      const value = options[name];
      if (!(Number.isInteger(value) && value > 0)) {
        throw new TypeError(`CostAdmission: ${name} must be a positive integer, received ${String(value)}`);
      }
    }
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Cost currently executing. */
  get inflightCost(): number {
    return this.inflight;
  }

  /** Requests waiting for room. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Estimated memory held by waiting requests (and by requests {@link hold} counts). */
  get queueBytes(): number {
    return this.queuedBytes + this.heldBytes;
  }

  /** Whether a new operation would have to wait: someone already waits, or the budget is spent. */
  get saturated(): boolean {
    return this.waiting.length > 0 || this.inflight >= this.options.maxInflightCost;
  }

  /**
   * Counts `bytes` against the queue's memory bound for something that waits outside the queue (a
   * request sharing the answer of an identical one); null when they do not fit. Call the returned
   * function when it stops waiting.
   */
  hold(bytes: number): (() => void) | null {
    if (this.queueBytes + bytes > this.options.maxQueueBytes) return null;
    this.heldBytes += bytes;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.heldBytes -= bytes;
    };
  }

  /** Reserves `cost` now if it fits, else waits (at most `maxWaitMs`) in arrival order. */
  admit({ cost, bytes, signal }: AdmissionRequest): Promise<Admission> {
    if (signal?.aborted) return Promise.resolve({ kind: 'gone' });
    // A document is never refused for its own size here: the cost limit did that already.
    const units = Math.min(Math.max(1, cost), this.options.maxInflightCost);
    if (this.waiting.length === 0 && this.inflight + units <= this.options.maxInflightCost) return Promise.resolve(this.reserve(units));
    if (this.queueBytes + bytes > this.options.maxQueueBytes) return Promise.resolve(this.busy('queue-full', this.expectedWaitMs(units)));
    const expected = this.expectedWaitMs(units);
    if (expected !== null && expected > this.options.maxWaitMs) return Promise.resolve(this.busy('wait-too-long', expected));
    return new Promise<Admission>((resolve) => {
      const leave = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index === -1) return;
        this.waiting.splice(index, 1);
        this.queuedCost -= units;
        this.queuedBytes -= bytes;
        // The head may have been the one that did not fit; those behind it may now.
        if (index === 0) this.wake();
      };
      const onAbort = (): void => {
        leave();
        waiter.settle({ kind: 'gone' });
      };
      const cancelTimer = this.clock.schedule(() => {
        leave();
        waiter.settle(this.busy('timed-out', this.expectedWaitMs(units)));
      }, this.options.maxWaitMs);
      const waiter: Waiter = {
        cost: units,
        bytes,
        settle: (admission) => {
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
          resolve(admission);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.queuedCost += units;
      this.queuedBytes += bytes;
    });
  }

  private reserve(units: number): Admission {
    this.inflight += units;
    const admittedAt = this.clock.now();
    let released = false;
    return {
      kind: 'admitted',
      release: () => {
        if (released) return;
        released = true;
        this.inflight -= units;
        const held = Math.max(0, this.clock.now() - admittedAt);
        this.meanHoldMs = this.meanHoldMs === null ? held : this.meanHoldMs + HOLD_WEIGHT * (held - this.meanHoldMs);
        this.wake();
      },
    };
  }

  /** Admits waiters in arrival order while the head fits. */
  private wake(): void {
    while (this.waiting.length > 0 && this.inflight + this.waiting[0]!.cost <= this.options.maxInflightCost) {
      const head = this.waiting.shift()!;
      this.queuedCost -= head.cost;
      this.queuedBytes -= head.bytes;
      head.settle(this.reserve(head.cost));
    }
  }

  /**
   * How long a request of `units` joining the queue now would wait: the cost ahead of it (queued,
   * plus what must finish for it to fit), at the rate the budget turns over (its whole size per
   * mean hold time). Null until an operation has finished: nothing to estimate from.
   */
  private expectedWaitMs(units: number): number | null {
    if (this.meanHoldMs === null) return null;
    const ahead = this.queuedCost + Math.max(0, this.inflight + units - this.options.maxInflightCost);
    return (ahead / this.options.maxInflightCost) * this.meanHoldMs;
  }

  private busy(reason: 'queue-full' | 'wait-too-long' | 'timed-out', expectedMs: number | null): Admission {
    const ms = expectedMs ?? this.options.maxWaitMs;
    return { kind: 'busy', reason, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  }
}
