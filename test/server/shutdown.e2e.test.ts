import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { spawnGraph, type GraphProcess } from '../helpers/process.js';

let sim: Simulator;
let dataDir: string;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 20 });
  dataDir = mkdtempSync(path.join(tmpdir(), 'posture-shutdown-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves once `predicate` holds for the process output. */
async function outputShows(graph: GraphProcess, predicate: (output: string) => boolean): Promise<void> {
  while (!predicate(graph.output())) await once(graph.child.stdout!, 'data');
}

describe('SIGTERM', () => {
  it('turns /readyz to 503 at once, lets the in-flight request finish, then closes and exits 0', async () => {
    const graph = await spawnGraph({
      ...simulatorEnv(sim),
      DATA_DIR: dataDir,
      POLICY_RESULTS_TTL_SECONDS: '0',
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    try {
      expect((await fetch(`${graph.url}/readyz`)).status).toBe(200);
      // The policy-runs answer takes 5 s: the request is still in flight while the signal is sent
      // and /readyz asked, even on a machine busy with other work.
      sim.inject({ route: 'policy-runs', latencyMs: 5000 });
      const slow = graph.query<{ policyRuns: { nodes: unknown[] } }>('{ policyRuns(limit: 3) { nodes { execToken } } }');
      while (sim.calls({ route: 'policy-runs' }).length === 0) await new Promise((resolve) => setImmediate(resolve));

      const exited = once(graph.child, 'exit');
      graph.child.kill('SIGTERM');
      await outputShows(graph, (output) => output.includes('shutting down'));
      const readyz = await fetch(`${graph.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({ status: 'not ready', reason: 'shutting down' });
      expect(sim.calls({ route: 'policy-runs' })[0]!.status).toBe(0); // the upstream has not answered yet

      const answer = await slow;
      expect(answer.data?.policyRuns.nodes).toHaveLength(3);
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(graph.output()).toContain('"msg":"shut down"');
    } finally {
      await graph.stop();
    }
  });

  it('does not wait past SHUTDOWN_TIMEOUT_MS for a request that never ends', async () => {
    const graph = await spawnGraph({
      ...simulatorEnv(sim),
      DATA_DIR: dataDir,
      POLICY_RESULTS_TTL_SECONDS: '0',
      SHUTDOWN_TIMEOUT_MS: '200',
    });
    const hung = sim.inject({ route: 'policy-runs', hang: true, times: Number.POSITIVE_INFINITY });
    try {
      const earlier = sim.calls({ route: 'policy-runs' }).length;
      const stuck = graph.query('{ policyRuns(limit: 3) { nodes { execToken } } }').catch((error: unknown) => error);
      while (sim.calls({ route: 'policy-runs' }).length === earlier) await new Promise((resolve) => setImmediate(resolve));
      const before = sim.calls({ route: 'policy-runs' }).length;
      const exited = once(graph.child, 'exit');
      graph.child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(graph.output()).toContain('shutdown deadline passed with requests in flight');
      expect(String(await stuck)).toMatch(/fetch failed/); // its connection was closed
      expect(sim.calls({ route: 'policy-runs' }).length).toBe(before);
    } finally {
      hung.remove();
      await graph.stop();
    }
  });
});
