export * from './errors.js';
export { redactUrl, SecretRedactor } from './redact.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { createHttpClient, rawQuery, parseRetryAfter, toUpstreamError, type RetryPolicy, type HttpClientOptions } from './http.js';
export { parseWire, isoDate } from './wire.js';
export { parseRateLimit, type RateLimitInfo } from './rate-limit.js';
export { listen, onTerminationSignal, oneLine } from './process.js';
export { UUID_PATTERN, isUuid } from './ids.js';
export {
  currentRequestScope,
  MAX_REQUEST_ID_LENGTH,
  newRequestScope,
  OPERATOR_PATHS,
  requestIdFrom,
  runInRequestScope,
  type RequestScope,
} from './request-scope.js';
export { endSpan, requestSpan, startServerSpan, startUpstreamSpan, withTraceContext } from './spans.js';
export { named } from './named.js';
