/** Our server (`node dist/main.js`) as the bench runs it: production mode, pointed at the simulator. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// node-flags.js directly: the server's index loads the whole graph (type-graphql needs reflect-metadata first).
import { NODE_HEAP_FLAGS } from '../../src/server/node-flags.js';
import { simulatorEnv, type Simulator } from '../../src/simulator/index.js';
import { freePort, startChild, type ChildServer } from './children.js';

/** The repository root: the nearest folder above this file with a package.json (works from src and dist). */
export const REPO_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
})();

/**
 * Settings that let a warm-up fill the compliance cache in seconds rather than hours: OPSWAT's real
 * budget is 10 calls a minute. The simulator is started with the same limit so it never answers 429.
 */
export const WARM_UP_BUDGET = { OPSWAT_RATE_LIMIT: '100000', OPSWAT_RATE_WINDOW_MS: '1000', COMPLIANCE_MAX_WAIT_MS: '60000' } as const;

/**
 * Starts `node dist/main.js` as `npm start` does (its heap flags) with NODE_ENV=production on a
 * free port; `env` adds or overrides variables, `nodeArgs` come last so they override the flags.
 */
export async function startPostureServer(options: {
  name: string;
  sim: Simulator;
  dataDir: string;
  logFile: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}): Promise<ChildServer & { metricsUrl: string }> {
  const script = path.join(REPO_ROOT, 'dist', 'main.js');
  // Production serves /metrics on its own port; the bench measures without authentication, as the
  // baseline has none (AUTH_ALLOW_ANONYMOUS is the documented switch for that).
  const metricsPort = await freePort();
  if (!existsSync(script)) throw new Error(`${script} is missing; run npm run build first (npm run bench does)`);
  const child = await startChild({
    name: options.name,
    script,
    port: await freePort(),
    logFile: options.logFile,
    nodeArgs: ['--enable-source-maps', ...NODE_HEAP_FLAGS, ...(options.nodeArgs ?? [])],
    // The org id is given, as a production deployment would, so no GET /orgs is made.
    env: {
      NODE_ENV: 'production',
      AUTH_ALLOW_ANONYMOUS: 'true',
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      DATA_DIR: options.dataDir,
      // These phases measure what clients' requests cost; the background sweep has a phase of its own.
      FLEET_SWEEP: 'off',
      ...simulatorEnv(options.sim),
      AUTOMOX_ORG_ID: String(options.sim.credentials.orgId),
      ...options.env,
    },
  });
  return { ...child, metricsUrl: `http://127.0.0.1:${metricsPort}` };
}

/** Starts the baseline server over captured fixtures. */
export async function startBaselineServer(options: { fixturesPath: string; logFile: string; nodeArgs?: string[] }): Promise<ChildServer> {
  return startChild({
    name: 'baseline',
    script: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'baseline', 'server.js'),
    port: await freePort(),
    logFile: options.logFile,
    nodeArgs: options.nodeArgs ?? [],
    env: { NODE_ENV: 'production', BASELINE_FIXTURES: options.fixturesPath },
  });
}
