/** Options of {@link CostAdmission}. */
export interface CostAdmissionOptions {
  /** Sum of the estimated costs of the operations allowed to execute at once. */
  maxInflightCost: number;
  /** Operations allowed to wait for room; beyond that, refused at once. */
  maxWaiting: number;
  /** Longest wait for room before refusing. */
  maxWaitMs: number;
}

/** Outcome of {@link CostAdmission.admit}: run (and call `release` when done), or refused as busy. */
export type Admission = { kind: 'admitted'; release: () => void } | { kind: 'busy'; retryAfterSeconds: number };

interface Waiter {
  cost: number;
  admit: () => void;
}

/**
 * Admission by estimated cost: operations execute while the sum of their costs stays within a
 * budget, later ones wait in arrival order for a short while, then are refused. Memory follows
 * what executes (rows joined, responses serialized), so a thousand copies of the heaviest document
 * the limits accept run a few at a time instead of all at once, and the process stays up.
 */
export class CostAdmission {
  private inflight = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: CostAdmissionOptions) {
    if (!(Number.isInteger(options.maxInflightCost) && options.maxInflightCost > 0)) {
      throw new TypeError(`CostAdmission: maxInflightCost must be a positive integer, received ${String(options.maxInflightCost)}`);
    }
  }

  /** Cost currently executing. */
  get inflightCost(): number {
    return this.inflight;
  }

  /** Waits (at most `maxWaitMs`) until `cost` fits, then reserves it. */
  async admit(cost: number): Promise<Admission> {
    // A document is never refused for its own size here: the cost limit did that already.
    const units = Math.min(Math.max(1, cost), this.options.maxInflightCost);
    if (this.waiting.length === 0 && this.inflight + units <= this.options.maxInflightCost) return this.reserve(units);
    if (this.waiting.length >= this.options.maxWaiting) return this.busy();
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        cost: units,
        admit: () => {
          clearTimeout(timer);
          resolve(this.reserve(units));
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        resolve(this.busy());
      }, this.options.maxWaitMs);
      timer.unref();
      this.waiting.push(waiter);
    });
  }

  private reserve(units: number): Admission {
    this.inflight += units;
    let released = false;
    return {
      kind: 'admitted',
      release: () => {
        if (released) return;
        released = true;
        this.inflight -= units;
        this.wake();
      },
    };
  }

  /** Admits waiters in arrival order while the head fits. */
  private wake(): void {
    while (this.waiting.length > 0 && this.inflight + this.waiting[0]!.cost <= this.options.maxInflightCost) {
      this.waiting.shift()!.admit();
    }
  }

  private busy(): Admission {
    return { kind: 'busy', retryAfterSeconds: Math.max(1, Math.ceil(this.options.maxWaitMs / 1000)) };
  }
}
