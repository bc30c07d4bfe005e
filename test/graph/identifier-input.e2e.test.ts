import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 40, opswatRateLimit: 1000 });
  // Long enough that a lookup on a loaded machine still answers from its call, not QUEUED.
  graph = await startGraph(sim, { COMPLIANCE_MAX_WAIT_MS: '20000' });
});
afterAll(async () => {
  await graph.close();
  await sim.close();
});

const LOOKUP = `query($id: String!, $kind: DeviceIdentifierKind!) { compliance(identifier: $id, kind: $kind) { state identifier } }`;
/** Every OPSWAT API call the simulator has seen (the token endpoint spends nothing and reaches no device path). */
const apiCalls = () => sim.calls({ upstream: 'opswat' }).filter((call) => call.route !== 'oauth-token');

describe('compliance(identifier:, kind:): input that would reach an OPSWAT URL path', () => {
  const hostile = ['..', '.', '/', '%2e%2e', '%2E%2E', 'a/../b', '../policy_check', 'a\\..\\b', 'nul\u0000', 'line\nfeed', 'esc\u001b[0m'];

  it.each(hostile.flatMap((id) => [[id, 'HWID'] as const, [id, 'SSID'] as const]))(
    'refuses %j as %s with BAD_USER_INPUT and no upstream call',
    async (id, kind) => {
      sim.resetCalls();
      const response = await graph.query(LOOKUP, { id, kind });
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(apiCalls()).toHaveLength(0);
    },
  );

  it('refuses an SSID longer than 32 bytes and an HWID with characters outside [A-Za-z0-9_-]', async () => {
    sim.resetCalls();
    for (const [id, kind] of [
      ['s'.repeat(33), 'SSID'],
      ['KZ60 M9CW', 'HWID'],
      ['KZ60:M9CW', 'HWID'],
    ] as const) {
      expect((await graph.query(LOOKUP, { id, kind })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(apiCalls()).toHaveLength(0);
  });

  it('sends an SSID with spaces, "?" and "#" as one encoded path segment', async () => {
    sim.resetCalls();
    const response = await graph.query(LOOKUP, { id: 'Guest Wi-Fi?#1', kind: 'SSID' });
    expect(response.data?.compliance).toEqual({ state: 'NOT_FOUND', identifier: 'Guest Wi-Fi?#1' });
    const [call] = apiCalls();
    expect(apiCalls()).toHaveLength(1);
    expect(call).toMatchObject({ route: 'policy-check', path: '/o/api/v2.2/devices/Guest Wi-Fi?#1/policy_check', status: 404 });
    expect(new URLSearchParams(call!.rawQuery).get('opt')).toBe('3');
  });

  it('still answers a known HWID, with the status exactly as OPSWAT sent it', async () => {
    sim.resetCalls();
    const device = sim.fleet.devices.find((d) => d.opswat.profile === 'compliant' && d.opswat.knownHwid)!;
    const query = `query($id: String!) { compliance(identifier: $id, kind: HWID) { state identifier report { status rawStatus } } }`;
    const response = await graph.query(query, { id: device.hwid });
    expect(response.data?.compliance).toEqual({
      state: 'FRESH',
      identifier: device.hwid,
      report: { status: 'COMPLIANT', rawStatus: '0' },
    });
    expect(apiCalls().map((call) => call.path)).toEqual([`/o/api/v2.2/devices/${device.hwid}/policy_check`]);
  });
});
