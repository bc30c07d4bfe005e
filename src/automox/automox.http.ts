import type { Got } from 'got';
import type { z } from 'zod';
import { parseWire, toUpstreamError, UpstreamError } from '../common/index.js';

/** Automox's documented penalty for a client over its rate limit. */
const RATE_LIMIT_PENALTY_MS = 60_000;

/**
 * GETs an Automox path and validates the body; every failure becomes an UpstreamError. `signal`
 * (the asking request's) ends the call and its retries when the client has gone.
 */
export async function getAutomoxJson<T extends z.ZodType>(
  http: Got,
  operation: string,
  path: string,
  schema: T,
  signal?: AbortSignal,
): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await http.get(path, signal ? { signal } : {}).json();
  } catch (error) {
    const failure = toUpstreamError(error, 'automox', operation);
    // Automox documents a one-minute penalty for an offender; without Retry-After, that is the honest delay.
    if (failure.code === 'UPSTREAM_RATE_LIMITED' && failure.retryAfterMs === undefined) {
      throw new UpstreamError(failure.code, 'automox', failure.message, {
        status: failure.status,
        operation,
        retryAfterMs: RATE_LIMIT_PENALTY_MS,
      });
    }
    throw failure;
  }
  return parseWire(schema, body, 'automox', operation);
}
