/**
 * With FLEET_SWEEP=off, nothing but clients' lookups writes the fleet index: a device a client saw
 * QUEUED must still reach `deviceChanged` subscribers when its lookup ends, whatever the end: a
 * report (FRESH), OPSWAT not knowing any of its MACs (NOT_FOUND), or OPSWAT failing (FAILED).
 * A live dashboard has no other way to learn that the row it shows QUEUED is settled.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { fleetTruth } from '../helpers/fleet-truth.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { openWs, until, type WsConnection } from '../helpers/subscriptions.js';

let sim: Simulator;
let graph: TestGraph;
let ws: WsConnection;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 60 });
  // Every lookup answers QUEUED at once: the subscription is the only way its end is heard.
  graph = await startGraph(sim, { COMPLIANCE_MAX_WAIT_MS: '0', LOG_LEVEL: 'info' });
  ws = await openWs(graph.url);
  await ws.init();
  ws.subscribe('1', 'subscription { deviceChanged { id compliance { state failureCode } } }');
  await until(() => graph.graph.services.live.size === 1, 10_000, 'the subscription');
}, 30_000);
afterAll(async () => {
  await ws?.close();
  await graph?.close();
  await sim?.close();
});

const DEVICE = 'query ($h: String!) { device(hostname: $h) { id compliance { state } } }';

/** Asks for a device's compliance as a page would, and expects QUEUED (nothing waits here). */
async function askQueued(hostname: string): Promise<string> {
  const response = await graph.query<{ device: { id: string; compliance: { state: string } } }>(DEVICE, { h: hostname });
  expect(response.errors).toBeUndefined();
  expect(response.data!.device.compliance.state).toBe('QUEUED');
  return response.data!.device.id;
}

/** The event for device `id` that carries `state`. */
const eventOf = (id: string, state: string) =>
  ws.next(
    (m) => m.type === 'next' && m.payload.data.deviceChanged.id === id && m.payload.data.deviceChanged.compliance.state === state,
    20_000,
    `deviceChanged ${state} for device ${id}`,
  );

describe("deviceChanged hears how a client's lookup ended, with FLEET_SWEEP=off", () => {
  it('FRESH: a report found by one of its MACs', async () => {
    const truth = fleetTruth(sim.fleet);
    const known = truth.live.find((device) => truth.knownByMac(device))!;
    const id = await askQueued(known.hostname);
    await eventOf(id, 'FRESH');
  });

  it('NOT_FOUND: once OPSWAT knows none of its MACs (each asked once), not at the first unknown MAC', async () => {
    const truth = fleetTruth(sim.fleet);
    const unknown = truth.live
      .filter((device) => device.physicalMacs.length > 0 && !truth.knownByMac(device))
      .sort((a, b) => b.physicalMacs.length - a.physicalMacs.length)[0]!;
    const id = await askQueued(unknown.hostname);
    const event = await eventOf(id, 'NOT_FOUND');
    // Every MAC was asked before the device was called NOT_FOUND, and no event said otherwise first.
    const asked = sim
      .calls()
      .filter((call) => call.upstream === 'opswat')
      .map((call) => JSON.stringify(call));
    for (const mac of unknown.physicalMacs) expect(asked.some((call) => call.toLowerCase().includes(mac.toLowerCase()))).toBe(true);
    const forDevice = ws.messages.filter((m) => m.type === 'next' && m.payload.data.deviceChanged.id === id);
    expect(forDevice.map((m) => m.payload.data.deviceChanged.compliance.state)).toEqual(['NOT_FOUND']);
    expect(event.payload.data.deviceChanged.compliance.failureCode).toBeNull();
    expect(graph.graph.fleet.get(Number(id))!.match).toEqual({ kind: 'UNMATCHED', reason: 'UNKNOWN_TO_OPSWAT', opswatDeviceIds: [] });
  });

  it('FAILED: OPSWAT failing, with the failure code', async () => {
    const truth = fleetTruth(sim.fleet);
    const asked = new Set([...graph.graph.fleet.all()].filter((entry) => entry.outcome).map((entry) => entry.device.id));
    const device = truth.live.find((each) => truth.knownByMac(each) && !asked.has(each.id))!;
    sim.inject({ route: 'device-details', status: 400, times: Number.POSITIVE_INFINITY });
    try {
      const id = await askQueued(device.hostname);
      const event = await eventOf(id, 'FAILED');
      expect(event.payload.data.deviceChanged.compliance.failureCode).toMatch(/^UPSTREAM_/);
    } finally {
      sim.clearFaults();
    }
  });
});
