import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../common/index.js';
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
}

/** The identity provider's keys could not be fetched: the token could not be checked either way. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

/**
 * Verifies bearer JWTs against a remote JWKS with jose: RS256 or ES256 only (so `alg: none` and
 * HMAC-with-the-public-key tricks fail), the configured issuer and audience, `exp`/`nbf` with a
 * small skew. Keys are cached and refetched on an unknown `kid`, rate limited.
 */
export class TokenVerifier {
  readonly #keys: ReturnType<typeof createRemoteJWKSet>;
  readonly #options: TokenVerifierOptions;

  constructor(options: TokenVerifierOptions) {
    this.#options = options;
    this.#keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.refetchCooldownMs ?? 30_000,
      cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
      timeoutDuration: options.timeoutMs ?? 5_000,
    });
  }

  /**
   * The caller an `Authorization` header stands for. Throws {@link UnauthenticatedError} with a
   * message safe to return (it names what is wrong, never the token), or
   * {@link KeysUnavailableError} when the identity provider cannot be reached.
   */
  async verify(authorization: string | undefined): Promise<Caller> {
    const token = bearerToken(authorization);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: this.#options.clockToleranceSeconds ?? 30,
      }));
    } catch (error) {
      throw refusal(error);
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

/** Turns jose's verdict into a reason the client can act on, without echoing the token. */
function refusal(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new UnauthenticatedError(`The token's ${error.claim} claim is not accepted`);
  if (error instanceof errors.JWKSNoMatchingKey)
    return new UnauthenticatedError('The token is signed with a key the identity provider does not list');
  if (error instanceof errors.JOSEAlgNotAllowed) return new UnauthenticatedError('The token must be signed with RS256 or ES256');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new UnauthenticatedError('The token signature is not valid');
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof Error && error.name === 'TypeError')
  ) {
    return new KeysUnavailableError('The identity provider keys (AUTH_JWKS_URL) could not be fetched');
  }
  if (error instanceof errors.JOSEError) return new UnauthenticatedError('The token is not a valid JWT');
  return new KeysUnavailableError('The identity provider keys (AUTH_JWKS_URL) could not be fetched');
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
