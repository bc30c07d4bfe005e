import type { Logger, UpstreamError } from '../common/index.js';
import type { CallBudget } from '../store/index.js';
import type { Clock } from './clock.js';
import type { RateLimitInfo } from '../opswat/index.js';

/** What {@link PauseGuard} needs. */
export interface PauseGuardOptions {
  clock: Clock;
  logger: Logger;
  /** The pause after a 429 that names none: one window (plus margin). */
  windowMs: number;
  /** The longest pause OPSWAT can impose (OPSWAT_MAX_PAUSE_MS). */
  maxPauseMs: number;
}

/**
 * What OPSWAT itself says about our spending: a 429 pauses every replica for its Retry-After
 * (or the reset time of its rate-limit headers, or one window), never longer than maxPauseMs,
 * since a misconfigured or hostile `Retry-After: 864000` must not stop the fleet for ten days and
 * survive restarts. X-RateLimit-Remaining is an allowance until X-RateLimit-Reset-Time: this
 * replica never sends more calls than it says remain before that reset.
 */
export class PauseGuard {
  private pausedUntil = 0;
  private allowance: { remaining: number; resetAt: number; sent: number } | null = null;

  constructor(private readonly options: PauseGuardOptions) {}

  /** Until when no call may go out (0 or a past time: now). */
  blockedUntil(): number {
    const now = this.options.clock.now();
    const { allowance } = this;
    if (allowance && allowance.resetAt <= now) this.allowance = null;
    const exhaustedUntil = this.allowance && this.allowance.remaining - this.allowance.sent <= 0 ? this.allowance.resetAt : 0;
    return Math.max(this.pausedUntil, exhaustedUntil);
  }

  /** Ms until a call may go out. */
  remainingMs(): number {
    return Math.max(0, this.blockedUntil() - this.options.clock.now());
  }

  /** A call went out. */
  spent(): void {
    if (this.allowance) this.allowance.sent += 1;
  }

  /** Reads a response's rate-limit headers; none left means a (capped) pause for every replica until the reset. */
  async observe(info: RateLimitInfo | null | undefined, budget: CallBudget): Promise<void> {
    const now = this.options.clock.now();
    if (!info || info.remaining === null || info.resetAt === null || info.resetAt <= now) return;
    const resetAt = Math.min(info.resetAt, now + this.options.maxPauseMs);
    this.allowance = { remaining: info.remaining, resetAt, sent: 0 };
    if (info.remaining <= 0) await this.share(resetAt, budget);
  }

  /** After a 429: the pause it asks for, capped, recorded for every replica. Returns its end. */
  async after429(error: UpstreamError, budget: CallBudget): Promise<number> {
    const { clock, logger, windowMs, maxPauseMs } = this.options;
    const now = clock.now();
    const resetMs = error.rateLimit?.resetAt ? error.rateLimit.resetAt - now : undefined;
    const askedMs = error.retryAfterMs ?? (resetMs !== undefined && resetMs > 0 ? resetMs : windowMs);
    const pauseMs = Math.min(askedMs, maxPauseMs);
    if (askedMs > maxPauseMs) {
      logger.warn({ askedMs, pauseMs }, 'OPSWAT asked for a pause longer than OPSWAT_MAX_PAUSE_MS; pausing for the maximum instead');
    } else {
      logger.warn({ pauseMs }, 'OPSWAT answered 429; pausing every replica');
    }
    return this.share(now + pauseMs, budget);
  }

  private async share(until: number, budget: CallBudget): Promise<number> {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    await budget
      .pauseUntil(until)
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'could not record the OPSWAT pause for other replicas'));
    return until;
  }
}
