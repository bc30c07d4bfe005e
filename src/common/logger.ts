import { pino, type DestinationStream, type Logger } from 'pino';
import type { SecretRedactor } from './redact.js';
import { currentRequestScope } from './request-scope.js';

/** The structured logger every module receives by injection. */
export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  redactor: SecretRedactor;
  /** Where lines go; tests pass a capturing stream. Defaults to stdout. */
  destination?: DestinationStream;
}

/** Header values that are credentials, wherever a request or its headers get logged. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key'].flatMap((name) => [
  `headers["${name}"]`,
  `*.headers["${name}"]`,
]);

/**
 * A pino logger whose every line is scrubbed of registered secrets before it is written:
 * field-path redaction alone cannot catch a token embedded in a URL or an error message.
 */
export function createLogger({ level = 'info', redactor, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'posture-graph' },
      // Every line written while serving a request names it, however deep the code that logs.
      mixin: () => {
        const scope = currentRequestScope();
        return scope ? { requestId: scope.requestId } : {};
      },
      redact: { paths: CREDENTIAL_HEADERS, censor: '[REDACTED]' },
      formatters: { log: (object) => redactor.redactDeep(object) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactor.redact(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
