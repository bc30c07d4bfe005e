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

/**
 * A pino logger whose every line is scrubbed before it is written: registered secrets and
 * credential URL parameters anywhere, credential headers (`authorization`, `cookie`, …) at any
 * depth. Field-path redaction alone cannot catch a token embedded in a URL or an error message;
 * walking each logged object, plus pino's path redaction, cost several percent of every request.
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
      // One pass over each serialized line, whatever put what into it (a child logger's bindings,
      // a serializer, an error's stack): cheaper than walking every object, and nothing escapes it.
      hooks: { streamWrite: (line) => redactor.redactSerialized(line) },
    },
    destination,
  );
}
