export * from './errors.js';
export { redactUrl, SecretRedactor } from './redact.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { createHttpClient, rawQuery, parseRetryAfter, toUpstreamError, type RetryPolicy, type HttpClientOptions } from './http.js';
export { parseWire, isoDate } from './wire.js';
export { parseRateLimit, type RateLimitInfo } from './rate-limit.js';
