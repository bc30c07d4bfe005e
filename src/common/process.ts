import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts listening and resolves with the port actually bound (port 0 picks a free one). */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The signals an orchestrator or a terminal stops a process with. */
const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The one place a process reacts to SIGINT/SIGTERM: `stop` runs once, on the first signal, and
 * decides the exit code; a second signal while it runs exits at once (an impatient operator's
 * Ctrl-C twice), so a stuck shutdown can always be cut short.
 */
export function onTerminationSignal(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of TERMINATION_SIGNALS) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

/** An error's message as one line, for a start-up failure printed to stderr without a stack. */
export function oneLine(error: unknown): string {
  // By shape, not instanceof: node:sqlite's and node:fs's errors may come from another realm (jest).
  const message = typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as Error).message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
