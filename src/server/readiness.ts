import { oneLine } from '../common/index.js';

/** What `/readyz` answers: ready, or not with one line saying why. */
export type Readiness = { ok: true } | { ok: false; reason: string };

/** Options for {@link ReadinessProbe}. */
export interface ReadinessOptions {
  /** The store's write-and-read-back check. */
  check: () => Promise<Readiness>;
  /** A check result is reused for this long, so a busy prober cannot turn into a write load (default 5 s). */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Readiness of this replica: not ready while shutting down, else what the store check last said.
 * Checks are rate-limited and single-flight: probes from several load balancers share one write.
 */
export class ReadinessProbe {
  readonly #check: () => Promise<Readiness>;
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  #last: { at: number; result: Readiness } | undefined;
  #pending: Promise<Readiness> | undefined;
  #draining = false;

  constructor(options: ReadinessOptions) {
    this.#check = options.check;
    this.#minIntervalMs = options.minIntervalMs ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  /** From now on the replica answers not ready, so the router stops sending it traffic. */
  drain(): void {
    this.#draining = true;
  }

  /** Whether the replica should receive traffic. */
  async state(): Promise<Readiness> {
    if (this.#draining) return { ok: false, reason: 'shutting down' };
    if (this.#last && this.#now() - this.#last.at < this.#minIntervalMs) return this.#last.result;
    this.#pending ??= this.#check()
      .catch((error: unknown): Readiness => ({ ok: false, reason: oneLine(error) }))
      .then((result) => {
        this.#last = { at: this.#now(), result };
        this.#pending = undefined;
        return result;
      });
    return this.#pending;
  }
}
