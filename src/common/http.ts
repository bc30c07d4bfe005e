import got, { HTTPError, ParseError, RequestError, TimeoutError, type Got } from 'got';
import { UpstreamError, type Upstream, type UpstreamErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import { parseRateLimit } from './rate-limit.js';
import { redactUrl, type SecretRedactor } from './redact.js';

/** How an upstream client retries idempotent GETs. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  limit: number;
  /** Cap of the exponential backoff between 5xx/network retries. */
  backoffLimitMs: number;
  /** Wait after a 429 that carries no Retry-After (Automox documents a one-minute penalty). */
  rateLimitPenaltyMs: number;
  /** Longest Retry-After we are willing to sleep through inside one call. */
  maxRetryAfterMs: number;
}

/** Options for {@link createHttpClient}. */
export interface HttpClientOptions {
  upstream: Upstream;
  baseUrl: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  retry: RetryPolicy;
  logger: Logger;
}

/** Statuses worth retrying for an idempotent GET. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * A got instance for one upstream: base URL, timeout, bearer headers, and retries with backoff
 * that honour Retry-After. Every retry is logged with a redacted URL.
 */
export function createHttpClient(options: HttpClientOptions): Got {
  const { retry, logger, upstream } = options;
  return got.extend({
    prefixUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { accept: 'application/json', 'user-agent': 'posture-graph', ...options.headers },
    timeout: { request: options.timeoutMs },
    responseType: 'json',
    retry: {
      limit: retry.limit,
      methods: ['GET'],
      statusCodes: RETRY_STATUSES,
      backoffLimit: retry.backoffLimitMs,
      maxRetryAfter: retry.maxRetryAfterMs,
      calculateDelay: ({ error, retryAfter, computedValue }) => {
        // got only consults us once the retry rules allow a retry; a 429 without Retry-After
        // would otherwise be retried within a second, straight back into the penalty box.
        if (error.response?.statusCode === 429 && retryAfter === undefined) return retry.rateLimitPenaltyMs;
        return computedValue;
      },
    },
    hooks: {
      beforeRetry: [
        (error, retryCount) => {
          logger.warn(
            { upstream, url: redactUrl(error.options.url ?? ''), status: error.response?.statusCode, code: error.code, retryCount },
            'retrying upstream request',
          );
        },
      ],
    },
  });
}

/**
 * Builds a query string in Automox's documented form. The filter operator lives in the key
 * (`result_status:in[]=failed`) and percent-encoding its colon or brackets makes the server
 * silently ignore the filter, so keys go out literally; values are encoded except for the `:`
 * and `,` of sort lists (`sort=run_time:asc,device_display_name:desc`).
 */
export function rawQuery(params: ReadonlyArray<readonly [string, string | number | boolean]>): string {
  return params.map(([key, value]) => `${key}=${encodeURIComponent(String(value)).replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`).join('&');
}

/** Reads a Retry-After header (seconds or HTTP date) as milliseconds. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Status → code, the single table every upstream shares. */
function codeForStatus(status: number): UpstreamErrorCode {
  if (status === 401 || status === 403) return 'UPSTREAM_UNAUTHORIZED';
  if (status === 404) return 'UPSTREAM_NOT_FOUND';
  if (status === 429) return 'UPSTREAM_RATE_LIMITED';
  if (status >= 500 || status === 408) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_BAD_RESPONSE';
}

const UPSTREAM_LABEL: Record<Upstream, string> = { automox: 'Automox', opswat: 'OPSWAT' };

/**
 * Turns anything a got call threw into an {@link UpstreamError}. The got error itself is dropped:
 * it carries the request options (URL with OPSWAT's access token, Authorization header), so only
 * a sanitized summary survives as the cause.
 */
export function toUpstreamError(
  error: unknown,
  upstream: Upstream,
  operation: string,
  redactor?: SecretRedactor,
  now: number = Date.now(),
): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const label = UPSTREAM_LABEL[upstream];
  const scrub = (text: string) => (redactor ? redactor.redact(text) : redactUrl(text));
  if (error instanceof HTTPError) {
    const status = error.response.statusCode;
    const detail = upstreamMessage(error.response.body);
    return new UpstreamError(
      codeForStatus(status),
      upstream,
      scrub(`${label} ${operation} failed: HTTP ${status}${detail ? ` (${detail})` : ''}`),
      {
        status,
        operation,
        retryAfterMs: parseRetryAfter(error.response.headers['retry-after'], now),
        rateLimit: parseRateLimit(error.response.headers, now) ?? undefined,
        cause: sanitizedCause(error, scrub),
      },
    );
  }
  if (error instanceof ParseError) {
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', upstream, `${label} ${operation} failed: the response body is not valid JSON`, {
      status: error.response.statusCode,
      operation,
      cause: sanitizedCause(error, scrub),
    });
  }
  if (error instanceof TimeoutError) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, `${label} ${operation} failed: no answer within the timeout`, {
      operation,
      cause: sanitizedCause(error, scrub),
    });
  }
  if (error instanceof RequestError) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, `${label} ${operation} failed: ${error.code ?? 'network error'}`, {
      operation,
      cause: sanitizedCause(error, scrub),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, scrub(`${label} ${operation} failed: ${message}`), { operation });
}

/** The upstream's own words, from either API's error body shape, trimmed. */
function upstreamMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const candidates = [
    Array.isArray(record.errors) ? record.errors.find((item) => typeof item === 'string') : undefined,
    record.error_description,
    record.message,
    record.error,
  ];
  const found = candidates.find((item): item is string => typeof item === 'string' && item.length > 0);
  return found?.slice(0, 200);
}

function sanitizedCause(error: RequestError, scrub: (text: string) => string): Error {
  const cause = new Error(scrub(error.message));
  cause.name = error.name;
  return Object.assign(cause, { code: error.code });
}
