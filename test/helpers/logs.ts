import { Writable } from 'node:stream';
import { createLogger, SecretRedactor, type Logger } from '../../src/common/index.js';

/** A logger whose lines are kept in memory, to assert on what was (and was not) logged. */
export interface CapturedLogger {
  logger: Logger;
  redactor: SecretRedactor;
  /** Every line written so far, raw. */
  text(): string;
  /** Parsed lines. */
  lines(): Array<Record<string, unknown>>;
}

/** Creates a debug-level logger writing into memory. */
export function captureLogs(redactor = new SecretRedactor()): CapturedLogger {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', redactor, destination });
  return {
    logger,
    redactor,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
