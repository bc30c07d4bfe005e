import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostureGraph, type PostureGraph } from '../../src/root/index.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { simulatorEnv, type Simulator } from '../../src/simulator/index.js';
import { captureLogs, type CapturedLogger } from './logs.js';

/** A GraphQL response as the client sees it. */
export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

/** A graph server on a random loopback port, talking to a simulator as if it were the real APIs. */
export interface TestGraph {
  url: string;
  graph: PostureGraph;
  logs: CapturedLogger;
  dataDir: string;
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The environment that points the graph at a simulator (shared with the bench). */
export { simulatorEnv } from '../../src/simulator/index.js';

/**
 * Starts the graph in demo mode, as `npm start` does without credentials: the simulator in-process,
 * the example manifests known. `env` overrides any variable (a small fleet, no sweep and a fresh
 * DATA_DIR unless given).
 */
export async function startDemoGraph(
  env: Record<string, string> = {},
  options: { onSimulator?: (simulator: Simulator) => void } = {},
): Promise<TestGraph> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'posture-demo-'));
  const config = loadConfig({ LOG_LEVEL: 'debug', SIMULATOR_FLEET_SIZE: '250', FLEET_SWEEP: 'off', ...env, DATA_DIR: dataDir });
  return serveGraph(config, dataDir, env.DATA_DIR === undefined, options.onSimulator);
}

/** Starts the graph against `sim`; `env` overrides any variable (a fresh DATA_DIR unless given). */
export async function startGraph(sim: Simulator, env: Record<string, string> = {}): Promise<TestGraph> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'posture-'));
  // The background sweep spends calls of its own: off unless a test is about it, so call counts stay the test's.
  const config = loadConfig({ LOG_LEVEL: 'debug', METRICS_PORT: '0', FLEET_SWEEP: 'off', ...simulatorEnv(sim), DATA_DIR: dataDir, ...env });
  return serveGraph(config, dataDir, env.DATA_DIR === undefined);
}

/** Builds and serves the graph of `config` on a random loopback port, its logs captured. */
async function serveGraph(
  config: Config,
  dataDir: string,
  ownsDataDir: boolean,
  onSimulator?: (simulator: Simulator) => void,
): Promise<TestGraph> {
  const logs = captureLogs();
  const graph = await createPostureGraph(config, { logger: logs.logger, redactor: logs.redactor, ...(onSimulator && { onSimulator }) });
  const port = await graph.http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    graph,
    logs,
    dataDir,
    async query(query, variables, headers) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async close() {
      await graph.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
