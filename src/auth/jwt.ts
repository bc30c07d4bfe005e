import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { oneLine, redactUrl, UnauthenticatedError } from '../common/index.js';
import type { Caller } from './caller.js';

/** Options of {@link TokenVerifier}. */
export interface TokenVerifierOptions {
  /** The identity provider's JWKS (AUTH_JWKS_URL). */
  jwksUrl: string;
  /** The token's `iss` must equal this (AUTH_ISSUER). */
  issuer: string;
  /** The token's `aud` must contain this (AUTH_AUDIENCE). */
  audience: string;
  /** Clock skew tolerated on `exp` and `nbf` (default 30 s). */
  clockToleranceSeconds?: number;
  /**
   * An unknown `kid` refetches the JWKS (a rotated key), but at most once per this many ms
   * (default 30 s), so forged tokens with random kids cannot make us hammer the identity provider.
   */
  refetchCooldownMs?: number;
  /** Keys are refetched at least this often (default 10 minutes). */
  cacheMaxAgeMs?: number;
  /** Longest wait for the JWKS (default 5 s). */
  timeoutMs?: number;
  /**
   * Longest life a token may have (AUTH_MAX_TOKEN_LIFETIME_SECONDS, default a day), counted from its
   * `iat` or from now, whichever is earlier: a leaked token is worth at most this long.
   */
  maxTokenLifetimeSeconds?: number;
  /** The clock, in epoch ms (default `Date.now`). */
  now?: () => number;
}

/** Default of {@link TokenVerifierOptions.maxTokenLifetimeSeconds}: a day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/** The identity provider's keys could not be fetched: the token could not be checked either way. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
  constructor(
    /** The JWKS asked, with any credential in it replaced: safe to log. */
    readonly jwksUrl: string,
    options?: { cause?: unknown },
  ) {
    super('The identity provider keys (AUTH_JWKS_URL) could not be fetched; retry shortly', options);
  }

  /** Why the keys could not be had (the identity provider's answer, a timeout, …), as one line; never holds the token. */
  get reason(): string {
    return this.cause === undefined ? this.message : oneLine(this.cause);
  }
}

/**
 * Verifies bearer JWTs against a remote JWKS with jose: RS256 or ES256 only (so `alg: none` and
 * HMAC-with-the-public-key tricks fail), the configured issuer and audience, `exp`/`nbf` with a
 * small skew. Keys are cached and refetched on an unknown `kid`, rate limited.
 */
export class TokenVerifier {
  readonly #keys: JWTVerifyGetKey;
  readonly #options: TokenVerifierOptions;
  readonly #now: () => number;

  constructor(options: TokenVerifierOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const remote = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.refetchCooldownMs ?? 30_000,
      cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
      timeoutDuration: options.timeoutMs ?? 5_000,
    });
    const jwksUrl = redactUrl(options.jwksUrl);
    // jose reports a JWKS that answers 503 or HTML with the same JOSEError class as a malformed
    // token, so the two are told apart here, by where they happen: whatever goes wrong while
    // getting the keys is the identity provider's trouble (503, retry), except "no key has this
    // kid", which is the token's. Tokens that are not JWTs, or use a refused alg, fail before this.
    this.#keys = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
        throw new KeysUnavailableError(jwksUrl, { cause: error });
      }
    };
  }

  /**
   * The caller an `Authorization` header stands for. Throws {@link UnauthenticatedError} with a
   * message safe to return (it names what is wrong, never the token), or
   * {@link KeysUnavailableError} when the identity provider cannot be reached.
   */
  async verify(authorization: string | undefined): Promise<Caller> {
    const token = bearerToken(authorization);
    const tolerance = this.#options.clockToleranceSeconds ?? 30;
    const now = this.#now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: tolerance,
        // Without exp a stolen token would be good forever.
        requiredClaims: ['exp'],
        currentDate: new Date(now),
      }));
    } catch (error) {
      throw refusal(error);
    }
    const max = this.#options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    // From iat, or from now when iat is later (or absent): an iat set in the future must not pass
    // a token valid for a year off as one valid for an hour.
    const nowSeconds = Math.floor(now / 1000);
    const from = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
    if ((payload.exp as number) - from > max + tolerance) {
      throw new UnauthenticatedError(`The token is valid for longer than the ${max} s this graph accepts`);
    }
    return callerFromClaims(payload);
  }
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new UnauthenticatedError('Authentication required: send Authorization: Bearer <JWT>');
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new UnauthenticatedError('The Authorization header must be "Bearer <JWT>"');
  return match[1];
}

/**
 * Turns jose's verdict into a reason the client can act on, without echoing the token. The keys'
 * unavailability passes through; anything else that is not jose's is a bug, and is not dressed
 * up as a verdict on the token either.
 */
function refusal(error: unknown): unknown {
  if (error instanceof KeysUnavailableError) return error;
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') {
    return new UnauthenticatedError(`The token must carry an ${error.claim} claim`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) return new UnauthenticatedError(`The token's ${error.claim} claim is not accepted`);
  if (error instanceof errors.JWKSNoMatchingKey)
    return new UnauthenticatedError('The token is signed with a key the identity provider does not list');
  if (error instanceof errors.JOSEAlgNotAllowed) return new UnauthenticatedError('The token must be signed with RS256 or ES256');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new UnauthenticatedError('The token signature is not valid');
  if (error instanceof errors.JOSEError) return new UnauthenticatedError('The token is not a valid JWT');
  return error;
}

/** Scopes from `scope` (space-separated) or `scp` (array or string); the client from `azp`, `client_id` or `sub`. */
export function callerFromClaims(payload: JWTPayload): Caller {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
    for (const value of values) if (typeof value === 'string' && value !== '') scopes.add(value);
  }
  const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  const clientId = [payload.azp, payload.client_id, subject].find((value): value is string => typeof value === 'string' && value !== '');
  if (!clientId) throw new UnauthenticatedError('The token names no client (azp, client_id or sub)');
  return { kind: 'token', clientId, subject, scopes };
}
