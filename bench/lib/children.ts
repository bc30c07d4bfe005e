/** Child processes of the bench: spawned on free loopback ports, awaited until healthy, never left behind. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A server under test running as a separate process. */
export interface ChildServer {
  name: string;
  pid: number;
  url: string;
  /** Where its stdout and stderr go, for the post-mortem of a crash. */
  logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** What to start: a Node script with its environment. */
export interface ChildSpec {
  name: string;
  script: string;
  env: Record<string, string>;
  port: number;
  logFile: string;
  /** Extra flags for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Longest wait for GET /healthz to answer 200. */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();

// Whatever ends the bench (return, throw, Ctrl-C), no server outlives it. 'exit' handlers must be
// synchronous, so the last resort is SIGKILL of every child still registered.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping child processes\n`);
    process.exit(130);
  });
}

/** A loopback port that was free a moment ago (the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node <script>` and resolves once its /healthz answers; rejects with its log tail if it dies first. */
export async function startChild(spec: ChildSpec): Promise<ChildServer> {
  const out = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env, PORT: String(spec.port) },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  running.add(child);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`${spec.name} exited during start-up (${describeExit(exited)}); log tail:\n${tail(spec.logFile)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${spec.name} did not answer ${url}/healthz within ${spec.readyTimeoutMs ?? 30_000} ms; log tail:\n${tail(spec.logFile)}`,
      );
    }
    if (await healthy(url)) break;
    await sleep(100);
  }
  return {
    name: spec.name,
    pid: child.pid!,
    url,
    logFile: spec.logFile,
    async stop(graceMs = 10_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running; for the error path. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/** The last lines of a child's log. */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
