/**
 * The fleet views with FLEET_SWEEP=off: the composition root keeps the index in step with the
 * inventory on read, a cold view costs the inventory's pages and never an OPSWAT call, devices
 * nobody asked about are honestly QUEUED (with no time promised: nothing sweeps), and what a
 * client's own lookup learned shows at once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { opswatCalls } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 60 });
  graph = await startGraph(sim, { COMPLIANCE_MAX_WAIT_MS: '3000' });
});
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

type Row = { id: string; hostname: string; compliance: { state: string; retryAfterSeconds: number | null } };
const PAGE = '{ devices(first: 500) { totalCount edges { node { id hostname compliance { state retryAfterSeconds } } } } }';

describe('devices with FLEET_SWEEP=off', () => {
  it('costs the inventory pages when cold and no OPSWAT call; unasked devices are QUEUED without a promise', async () => {
    const response = await graph.query<{ devices: { totalCount: number; edges: Array<{ node: Row }> } }>(PAGE);
    expect(response.errors).toBeUndefined();
    const live = sim.fleet.devices.filter((device) => device.deletedAt === null);
    expect(response.data!.devices.totalCount).toBe(live.length);
    expect(sim.calls({ upstream: 'automox', route: 'servers' })).toHaveLength(1);
    expect(opswatCalls(sim.calls())).toEqual([]);
    for (const { node } of response.data!.devices.edges) {
      const truth = live.find((device) => String(device.id) === node.id)!;
      expect(node.compliance).toEqual(
        truth.physicalMacs.length === 0 ? { state: 'UNMATCHED', retryAfterSeconds: null } : { state: 'QUEUED', retryAfterSeconds: null },
      );
    }
    expect(graph.graph.fleet.size).toBe(live.length);
  });

  it("shows a device a client looked up as FRESH at once, still without a call of the view's own", async () => {
    const device = sim.fleet.devices.find(
      (d) => d.deletedAt === null && d.opswat.profile === 'compliant' && d.opswat.knownMacs[0] === d.physicalMacs[0],
    )!;
    const asked = await graph.query<{ device: { compliance: { state: string } } }>(
      `{ device(macAddress: "${device.physicalMacs[0]}") { compliance { state } } }`,
    );
    expect(asked.data!.device.compliance.state).toBe('FRESH');
    // Nothing sweeps, so the index has no record of it; its match is what this replica's cache tells.
    const matched = await graph.query<{ device: { match: { kind: string; value: string } } }>(
      `{ device(macAddress: "${device.physicalMacs[0]}") { match { kind value } } }`,
    );
    expect(matched.data!.device.match).toEqual({ kind: 'MAC_ADDRESS', value: device.physicalMacs[0] });
    const callsAfterLookup = sim.calls().length;
    const response = await graph.query<{ devices: { edges: Array<{ node: Row }> } }>(
      `{ devices(filter: {state: FRESH}) { edges { node { id hostname compliance { state retryAfterSeconds } } } } }`,
    );
    expect(response.data!.devices.edges.map((edge) => edge.node.id)).toEqual([String(device.id)]);
    expect(sim.calls()).toHaveLength(callsAfterLookup);
  });

  it('has no sweep estimate to give in the summary', async () => {
    const response = await graph.query<{ fleetSummary: { budget: { estimatedSecondsUntilAllFresh: number | null; limit: number } } }>(
      '{ fleetSummary { budget { limit estimatedSecondsUntilAllFresh } } }',
    );
    expect(response.data!.fleetSummary.budget).toEqual({ limit: 10, estimatedSecondsUntilAllFresh: null });
  });
});
