import { StoreUnavailableError, type UpstreamError, type UpstreamErrorCode } from '../common/index.js';
import type { Clock } from './clock.js';
import type { LookupFailure } from './compliance.model.js';

/** How long a failed identifier answers FAILED before it may spend budget again. */
const FAILURE_BACKOFF_MS: Record<UpstreamErrorCode | 'STORE_UNAVAILABLE', number> = {
  UPSTREAM_UNAUTHORIZED: 60_000,
  UPSTREAM_RATE_LIMITED: 10_000,
  UPSTREAM_UNAVAILABLE: 15_000,
  UPSTREAM_BAD_RESPONSE: 60_000,
  UPSTREAM_NOT_FOUND: 60_000,
  STORE_UNAVAILABLE: 5_000,
};

/** The failure memory's key for "the store is down" (no identifier can collide with it). */
export const STORE_DOWN = '\u0000store';

/** An upstream failure as waiters see it, with its backoff. */
export function upstreamFailure(error: UpstreamError, now: number): LookupFailure {
  return { code: error.code, message: error.message, retryAt: now + FAILURE_BACKOFF_MS[error.code] };
}

/** A store failure (budget, leases) as waiters see it: STORE_UNAVAILABLE, never an OPSWAT code. */
export function storeFailure(error: unknown, now: number): LookupFailure {
  const wrapped =
    error instanceof StoreUnavailableError
      ? error
      : new StoreUnavailableError('The compliance store cannot be read or written', { cause: error });
  return { code: 'STORE_UNAVAILABLE', message: wrapped.message, retryAt: now + FAILURE_BACKOFF_MS.STORE_UNAVAILABLE };
}

/** Failures remembered per identifier for their backoff, bounded so an outage cannot grow memory. */
export class FailureMemory {
  private readonly failures = new Map<string, LookupFailure>();

  constructor(
    private readonly max: number,
    private readonly clock: Clock,
  ) {}

  /** The failure `key` still answers with, if its backoff has not passed. */
  get(key: string): LookupFailure | undefined {
    const failure = this.failures.get(key);
    if (failure && failure.retryAt > this.clock.now()) return failure;
    if (failure) this.failures.delete(key);
    return undefined;
  }

  /** Remembers a failure; expired ones are pruned first when the memory is full. */
  set(key: string, failure: LookupFailure): void {
    if (this.failures.size >= this.max) {
      const now = this.clock.now();
      for (const [other, { retryAt }] of this.failures) if (retryAt <= now) this.failures.delete(other);
      if (this.failures.size >= this.max) this.failures.delete(this.failures.keys().next().value as string);
    }
    this.failures.set(key, failure);
  }

  /** Forgets `key` (it was answered). */
  delete(key: string): void {
    this.failures.delete(key);
  }
}
