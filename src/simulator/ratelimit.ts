/** Rate limits as the two upstreams enforce them. */

/** The outcome of asking for a slot: admitted, or how long until one frees. */
export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

/** At most `limit` admitted calls in any trailing `windowMs`; rejected calls do not take a slot. */
export class SlidingWindow {
  private stamps: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Admits a call arriving at `now`, or says how long until the oldest admitted one leaves the window. */
  tryAdmit(now: number): Admission {
    this.prune(now);
    if (this.stamps.length < this.limit) {
      this.stamps.push(now);
      return { admitted: true };
    }
    return { admitted: false, retryAfterMs: Math.max(1, (this.stamps[0] as number) + this.windowMs - now) };
  }

  /** Calls left in the window at `now`, and when the oldest counted one leaves it (`now` when none is counted). */
  state(now: number): { remaining: number; resetAt: number } {
    this.prune(now);
    const oldest = this.stamps[0];
    return { remaining: this.limit - this.stamps.length, resetAt: oldest === undefined ? now : oldest + this.windowMs };
  }

  private prune(now: number): void {
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= now - this.windowMs) this.stamps.shift();
  }
}

/** Automox /servers: once over the limit, every call is refused for a whole penalty period. */
export class PenaltyWindow {
  private readonly window: SlidingWindow;
  private penaltyUntil = 0;
  constructor(
    limit: number,
    windowMs: number,
    private readonly penaltyMs: number,
  ) {
    this.window = new SlidingWindow(limit, windowMs);
  }

  /** Calls during the penalty neither count nor extend it; the first offending call starts it. */
  tryAdmit(now: number): Admission {
    if (now < this.penaltyUntil) return { admitted: false, retryAfterMs: this.penaltyUntil - now };
    const admission = this.window.tryAdmit(now);
    if (admission.admitted) return admission;
    this.penaltyUntil = now + this.penaltyMs;
    return { admitted: false, retryAfterMs: this.penaltyMs };
  }
}

/** Seconds for a Retry-After header: rounded up, never 0. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}
