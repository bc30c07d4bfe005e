/** OPSWAT's documented rate-limit headers, read the same way on every response. */
import type { IncomingHttpHeaders } from 'node:http';

/** What OPSWAT's rate-limit headers said on a response, when present (X-RateLimit-Limit/-Remaining/-Reset-Time). */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
  /** Epoch ms when the window resets, or null. Reset-Time may be seconds-until or epoch seconds: the client decides which (a value > 10^9 is epoch seconds). */
  resetAt: number | null;
}

/**
 * Reset-Time is documented only as "int … when the rate limit is reset in second": either a
 * count of seconds or a Unix time. No window is 30 years long, so a value above 10^9 can only be
 * a Unix time; anything smaller counts from now.
 */
const EPOCH_SECONDS_THRESHOLD = 1e9;

function intHeader(headers: IncomingHttpHeaders, name: string): number | null {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value || !/^\d{1,15}(\.\d+)?$/.test(value)) return null;
  return Number(value);
}

/** Reads X-RateLimit-Limit/-Remaining/-Reset-Time; null when the response carries none of them. */
export function parseRateLimit(headers: IncomingHttpHeaders, now: number = Date.now()): RateLimitInfo | null {
  const limit = intHeader(headers, 'x-ratelimit-limit');
  const remaining = intHeader(headers, 'x-ratelimit-remaining');
  const reset = intHeader(headers, 'x-ratelimit-reset-time');
  if (limit === null && remaining === null && reset === null) return null;
  const resetAt = reset === null ? null : reset > EPOCH_SECONDS_THRESHOLD ? Math.round(reset * 1000) : now + Math.round(reset * 1000);
  return { limit: limit === null ? null : Math.floor(limit), remaining: remaining === null ? null : Math.floor(remaining), resetAt };
}
