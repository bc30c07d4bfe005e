/**
 * Devices the MACs cannot match, matched by hostname against OPSWAT's listing, counted at the
 * simulator: every one OPSWAT lists once is matched and read by its OPSWAT device id with the
 * right verdict; the hostname OPSWAT lists twice stays UNMATCHED with that reason.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FleetEntry } from '../../src/fleet/index.js';
import { detailsStatus } from '../../src/opswat/index.js';
import { ambiguousHostnames, hostnameOnlyDevices, opswatListing, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { until } from '../helpers/until.js';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 250, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  graph = await startGraph(sim, { OPSWAT_RATE_LIMIT: '10', OPSWAT_RATE_WINDOW_MS: '2000', FLEET_SWEEP: 'on', ...LIFTED_DOCUMENT_LIMITS });
}, 30_000);
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

const entryOf = (id: number): FleetEntry | undefined => graph.graph.fleet.get(id);

describe('the hostname join', () => {
  it('matches every device OPSWAT lists once by hostname, reads it by its device id, and never guesses an ambiguous one', async () => {
    const ambiguous = ambiguousHostnames(sim.fleet);
    expect(ambiguous).toHaveLength(1);
    const ambiguousIds = new Set(ambiguous.map((a) => a.device.id));
    const matchable = hostnameOnlyDevices(sim.fleet).filter((device) => !ambiguousIds.has(device.id));
    expect(matchable.length).toBeGreaterThan(3);

    await until(
      () =>
        matchable.every((device) => entryOf(device.id)?.outcome?.state === 'FRESH') &&
        entryOf(ambiguous[0]!.device.id)?.match !== undefined,
      40_000,
      'the listing and the matched devices',
    );
    for (const device of matchable) {
      const entry = entryOf(device.id)!;
      expect(entry.match).toEqual({ kind: 'HOSTNAME', value: expect.any(String), opswatDeviceId: device.hwid.toLowerCase() });
      expect(entry.outcome?.state === 'FRESH' && entry.outcome.answer.report.status).toBe(detailsStatus(device.opswat.detailsStatus!));
    }
    expect(entryOf(ambiguous[0]!.device.id)!.match).toEqual({
      kind: 'UNMATCHED',
      reason: 'AMBIGUOUS_HOSTNAME',
      opswatDeviceIds: expect.arrayContaining(ambiguous[0]!.opswatDeviceIds.map((id) => id.toLowerCase())),
    });
    expect(entryOf(ambiguous[0]!.device.id)!.outcome?.state).toBe('UNMATCHED');

    // One listing, 50 devices a page (plus the empty page that ends the stream), and the matched
    // devices asked by id in Device Details batches.
    const listed = opswatListing(sim.fleet).length;
    expect(sim.calls({ route: 'get-devices' }).length).toBeLessThanOrEqual(Math.ceil(listed / 50) + 1);
    expect(sim.calls({ route: 'get-devices' }).length).toBeGreaterThanOrEqual(Math.ceil(listed / 50));
    const byId = sim
      .calls({ route: 'device-details' })
      .filter((call) =>
        (call.body as { ids: string[] }).ids.some((id) => matchable.some((device) => device.hwid.toLowerCase() === id.toLowerCase())),
      );
    expect(byId.length).toBeLessThanOrEqual(2);
    expect(sim.calls({ route: 'policy-check' })).toHaveLength(0);

    // Through the views: the matches are there, filterable, and counted by reason.
    const byKind = await graph.query<{
      devices: { edges: Array<{ node: { id: string; match: { kind: string; opswatDeviceId: string } } }> };
    }>('{ devices(filter: {matchedBy: [OPSWAT_DEVICE_ID]}, first: 500) { edges { node { id match { kind opswatDeviceId } } } } }');
    expect(byKind.data!.devices.edges.map((edge) => Number(edge.node.id)).sort()).toEqual(matchable.map((device) => device.id).sort());
    expect(byKind.data!.devices.edges.every((edge) => edge.node.match.kind === 'HOSTNAME')).toBe(true);
    const summary = await graph.query<{ fleetSummary: { unmatched: Array<{ reason: string; count: number }> } }>(
      '{ fleetSummary { unmatched { reason count } } }',
    );
    expect(summary.data!.fleetSummary.unmatched).toContainEqual({ reason: 'AMBIGUOUS_HOSTNAME', count: 1 });
    const ambiguousRow = await graph.query<{ devices: { edges: Array<{ node: { match: unknown } }> } }>(
      `{ devices(filter: {hostnameContains: ${JSON.stringify(ambiguous[0]!.device.hostname)}}) { edges { node { match { kind reason candidates } } } } }`,
    );
    expect(ambiguousRow.data!.devices.edges.map((edge) => edge.node.match)).toContainEqual({
      kind: 'UNMATCHED',
      reason: 'AMBIGUOUS_HOSTNAME',
      candidates: expect.arrayContaining(ambiguous[0]!.opswatDeviceIds.map((id) => id.toLowerCase())),
    });

    // Through the graph: the device answers FRESH, asked by OPSWAT's device id.
    const first = matchable.find(
      (candidate) => sim.fleet.devices.filter((device) => device.hostname.toLowerCase() === candidate.hostname.toLowerCase()).length === 1,
    );
    expect(first).toBeDefined();
    const response = await graph.query(
      `query($h: String!) { device(hostname: $h) { compliance { state identifierKind identifier } match { kind opswatDeviceId } } }`,
      { h: first!.hostname },
    );
    expect(response.data!.device).toEqual({
      compliance: { state: 'FRESH', identifierKind: 'OPSWAT_DEVICE_ID', identifier: first!.hwid },
      match: { kind: 'HOSTNAME', opswatDeviceId: first!.hwid.toLowerCase() },
    });
  }, 60_000);
});
