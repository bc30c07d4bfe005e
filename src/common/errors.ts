import type { RateLimitInfo } from './rate-limit.js';

/**
 * Typed errors with stable codes. Services throw these; the GraphQL boundary (src/graphql/errors.ts)
 * is the one place that turns them into `extensions.code`.
 */

/** Every code a client can see in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'STORE_UNAVAILABLE'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_NOT_FOUND'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'SLOW_CONSUMER';

/** Codes an upstream failure can carry. */
export type UpstreamErrorCode = Exclude<
  ErrorCode,
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'STORE_UNAVAILABLE' | 'TOO_MANY_SUBSCRIPTIONS' | 'SLOW_CONSUMER'
>;

/** The two SaaS APIs this graph joins. */
export type Upstream = 'automox' | 'opswat';

/** Base of every error this service raises on purpose. */
export abstract class PostureError extends Error {
  /** Stable, machine-readable code; never changes for a given failure kind. */
  abstract readonly code: ErrorCode;
}

/** A client sent an argument that cannot be served (bad UUID, limit out of range, unparseable MAC…). */
export class BadUserInputError extends PostureError {
  override readonly name = 'BadUserInputError';
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(
    message: string,
    /** The argument at fault, when there is one. */
    readonly argument?: string,
  ) {
    super(message);
  }
}

/** Extra facts about an upstream failure; none of them may hold a secret. */
export interface UpstreamErrorDetails {
  /** HTTP status the upstream answered with, if it answered. */
  status?: number;
  /** How long the upstream asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** The failing operation, e.g. `policy-history.listPolicyRuns`. */
  operation?: string;
  /** A sanitized cause; raw HTTP-library errors are never kept because they carry URLs and headers. */
  cause?: Error;
  /** What the upstream's rate-limit headers said on the failed response (OPSWAT sends them on 429s too). */
  rateLimit?: RateLimitInfo;
}

/** An upstream call failed; `code` says how, `upstream` says which API. */
export class UpstreamError extends PostureError {
  override readonly name = 'UpstreamError';
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly operation?: string;
  readonly rateLimit?: RateLimitInfo;
  constructor(
    readonly code: UpstreamErrorCode,
    readonly upstream: Upstream,
    message: string,
    details: UpstreamErrorDetails = {},
  ) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.operation = details.operation;
    this.rateLimit = details.rateLimit;
  }
}

/** Narrow an unknown thrown value to one of ours. */
export function isPostureError(error: unknown): error is PostureError {
  return error instanceof PostureError;
}

/**
 * The cache/budget store (Redis or the embedded SQLite) cannot be read or written: a full disk, a
 * read-only DATA_DIR, Redis down. Never reported as an upstream failure: OPSWAT did nothing wrong.
 */
export class StoreUnavailableError extends PostureError {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request carries no valid credentials (missing, forged, expired, wrong issuer or audience). */
export class UnauthenticatedError extends PostureError {
  override readonly name = 'UnauthenticatedError';
  readonly code = 'UNAUTHENTICATED' as const;
}

/** The caller is authenticated but its scopes do not cover what it asked for. */
export class ForbiddenError extends PostureError {
  override readonly name = 'ForbiddenError';
  readonly code = 'FORBIDDEN' as const;
  constructor(
    message: string,
    /** The scopes that would have allowed it. */
    readonly requiredScopes: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A subscription would pass a cap: the client's own (SUBSCRIPTIONS_MAX_PER_CLIENT) or the replica's (SUBSCRIPTIONS_MAX). */
export class SubscriptionLimitError extends PostureError {
  override readonly name = 'SubscriptionLimitError';
  readonly code = 'TOO_MANY_SUBSCRIPTIONS' as const;
  constructor(
    message: string,
    /** Which cap: the client's, or the whole replica's. */
    readonly limit: 'client' | 'replica',
  ) {
    super(message);
  }
}

/** A subscriber did not read its events fast enough: its stream is ended rather than buffered without bound. */
export class SlowConsumerError extends PostureError {
  override readonly name = 'SlowConsumerError';
  readonly code = 'SLOW_CONSUMER' as const;
}
