/**
 * A store that fails at run time (full disk, read-only DATA_DIR, Redis down) is our failure, not
 * OPSWAT's: compliance answers FAILED / STORE_UNAVAILABLE, no OPSWAT call is spent, and everything
 * else the graph can serve (Automox data, answers already held in memory) is still served.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { opswatCalls } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

const RESULTS = `query($p: ID!, $e: ID!) { policyRunResults(policyUuid: $p, execToken: $e, limit: 10) {
  nodes { resultStatus device { hostname macAddresses compliance { state failureCode retryAfterSeconds } } } } }`;

type Rows = {
  policyRunResults: {
    nodes: Array<{ resultStatus: string; device: { macAddresses: string[]; compliance: { state: string; failureCode: string | null } } }>;
  };
};

let sim: Simulator | undefined;
let graph: TestGraph | undefined;
afterEach(async () => {
  await graph?.close();
  await sim?.close();
});

/** Makes every write of the embedded store fail the way SQLite reports a full disk. */
function fillTheDisk(target: TestGraph): void {
  const full = () => Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });
  const { stores } = target.graph;
  stores.budget.tryAcquire = async () => {
    throw full();
  };
  stores.leases.acquire = async () => {
    throw full();
  };
  stores.cache.set = async () => {
    throw full();
  };
}

describe('a store that cannot be written during a lookup', () => {
  it('answers FAILED / STORE_UNAVAILABLE with no OPSWAT call, and still serves Automox data and the answers held in memory', async () => {
    sim = await startSimulator({ fleetSize: 120 });
    graph = await startGraph(sim);
    const runs = sim.fleet.runs.filter((run) => run.results.length >= 10);
    const [warm, cold] = [runs[0]!, runs[1]!];
    const before = await graph.query<Rows>(RESULTS, { p: warm.policy.uuid, e: warm.executionToken });
    const warmStates = before.data!.policyRunResults.nodes.map((node) => node.device.compliance.state);
    fillTheDisk(graph);
    const callsBefore = opswatCalls(sim.calls()).length;

    // The warm page: its answers are in this process's memory.
    const again = await graph.query<Rows>(RESULTS, { p: warm.policy.uuid, e: warm.executionToken });
    expect(again.data!.policyRunResults.nodes.map((node) => node.device.compliance.state)).toEqual(warmStates);

    // A cold page: Automox data in full, compliance FAILED with the store's code.
    const response = await graph.query<Rows>(RESULTS, { p: cold.policy.uuid, e: cold.executionToken });
    const nodes = response.data!.policyRunResults.nodes;
    expect(nodes).toHaveLength(10);
    expect(nodes.every((node) => node.resultStatus)).toBe(true);
    const failed = nodes.filter((node) => node.device.compliance.state === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((node) => node.device.compliance.failureCode === 'STORE_UNAVAILABLE')).toBe(true);
    const codes = (response.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).toContain('STORE_UNAVAILABLE');
    expect(codes.filter((code) => String(code).startsWith('UPSTREAM_'))).toEqual([]);
    expect((response.errors ?? []).find((error) => error.extensions?.code === 'STORE_UNAVAILABLE')?.extensions?.upstream).toBeUndefined();
    expect(opswatCalls(sim.calls()).length).toBe(callsBefore);
  });
});
