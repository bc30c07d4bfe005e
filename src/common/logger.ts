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
    destination ?? bufferedStdout(),
  );
}

/** The longest a written line waits in the buffer: a quiet server's lines still show at once. */
export const LOG_FLUSH_MS = 100;

/**
 * Standard output in batches of up to 4 KB instead of one write per line: with a line per
 * request, the write was a syscall per request (bench/README.md, "What the profiles found").
 * sonic-boom's `periodicFlush` writes what waits, and pino flushes the rest synchronously when
 * the process exits, so a crash or `process.exit` loses nothing; only SIGKILL can cost the last
 * tenth of a second.
 */
function bufferedStdout(): DestinationStream {
  // A reader slower than the lines (a stalled pipe under a flood of requests) must not grow the
  // buffer without bound: past 16 MB lines are dropped rather than memory exhausted.
  return pino.destination({ dest: 1, minLength: 4096, maxLength: 16 * 1024 * 1024, periodicFlush: LOG_FLUSH_MS, sync: false });
}
