import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll } from '@jest/globals';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { NODE_HEAP_FLAGS } from '../../src/server/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let built = false;

/** Compiles `src` to `dist` once per test file, so child processes run the code under test. */
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  built = true;
}

const viteBuilt = new Set<string>();

/** Runs `vite build -c <config>` once per test file, as `npm run build` / `npm run dashboard` do. */
function viteBuildOnce(config: string): void {
  if (viteBuilt.has(config)) return;
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '-c', config], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build -c ${config} failed:\n${result.stdout}${result.stderr}`);
  viteBuilt.add(config);
}

/** Builds the bundled GraphiQL into dist/explorer (the graph refuses GRAPHQL_EXPLORER=graphiql without it). */
export function buildExplorerOnce(): void {
  viteBuildOnce('explorer/vite.config.ts');
}

/** Builds the example dashboard into examples/dashboard/dist. */
export function buildDashboardOnce(): void {
  viteBuildOnce('examples/dashboard/vite.config.ts');
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** How a `node dist/main.js` that was expected to stop did stop. */
export interface GraphExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/main.js` with `env` (PATH, a free PORT and a small demo fleet unless given) until
 * it exits, as another user when `uid` is given; `node` picks the runtime (default: the pinned one).
 */
export async function runGraphToExit(
  env: Record<string, string>,
  options: { uid?: number; node?: string; timeoutMs?: number } = {},
): Promise<GraphExit> {
  buildOnce();
  const port = String(await freePort());
  const result = spawnSync(options.node ?? process.execPath, [...NODE_HEAP_FLAGS, 'dist/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, SIMULATOR_FLEET_SIZE: '20', FLEET_SWEEP: 'off', PORT: port, ...env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A graph server running as its own process (`node dist/main.js`). */
export interface GraphProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Every graph process this test file started. A test that fails part-way (one of two replicas
 * started by a Promise.all refuses to start) never reaches its own cleanup for the other, so
 * whatever is still running when the file ends is killed here.
 */
const running = new Set<ChildProcess>();
afterAll(async () => {
  await Promise.all(
    [...running].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }),
  );
});

/** Starts `node dist/main.js` with `env`, as `npm start` does, and waits for its "ready" line. */
export async function spawnGraph(env: Record<string, string>): Promise<GraphProcess> {
  buildOnce();
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_HEAP_FLAGS, 'dist/main.js'], {
    cwd: root,
    // The background sweep spends calls of its own: off unless a test is about it. The demo fleet
    // these tests were written against is 250 devices (demo mode's default is now 1,300).
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', FLEET_SWEEP: 'off', SIMULATOR_FLEET_SIZE: '250', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!output.includes('posture graph ready')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) child.kill('SIGKILL');
      throw new Error(`graph process did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    output: () => output,
    async query(query, variables, headers) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Subscriptions a graph process holds open, from its `/metrics` (served on the GraphQL port outside production). */
export async function openSubscriptions(graph: GraphProcess): Promise<number> {
  const text = await (await fetch(`${graph.url}/metrics`)).text();
  const line = text.split('\n').find((each) => each.startsWith('posture_subscriptions_open '));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}
