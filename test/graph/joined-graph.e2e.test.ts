import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { detailsStatus } from '../../src/opswat/index.js';
import { startSimulator, type SimRun, type Simulator } from '../../src/simulator/index.js';
import { askedIdentifiers, opswatCalls } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

let sim: Simulator;
let graph: TestGraph;
let run: SimRun;

const RESULTS = `query Results($p: ID!, $e: ID!, $limit: Int, $page: Int, $filter: PolicyRunResultFilter, $sort: [PolicyRunResultSort!]) {
  policyRunResults(policyUuid: $p, execToken: $e, limit: $limit, page: $page, filter: $filter, sort: $sort) {
    pageInfo { page limit totalPages totalCount hasNextPage }
    nodes {
      resultStatus rawResultStatus exitCode resultReason
      policy { uuid name }
      device { hostname automoxId macAddresses deletedAt compliance { state identifier retryAfterSeconds report { status } } }
    }
  }
}`;

async function drained(): Promise<void> {
  for (let i = 0; i < 400 && graph.graph.services.compliance.queueDepth > 0; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 25));
}

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 250, opswatRateLimit: 1000, opswatRateWindowMs: 60_000 });
  run = sim.fleet.runs.reduce((best, candidate) => (candidate.results.length > best.results.length ? candidate : best));
  graph = await startGraph(sim, { OPSWAT_RATE_LIMIT: '1000', COMPLIANCE_MAX_WAIT_MS: '3000', POLICY_RESULTS_TTL_SECONDS: '0' });
});
afterAll(async () => {
  await graph.close();
  await sim.close();
});
beforeEach(() => sim.clearFaults());

describe('policyRunResults joined to devices and compliance', () => {
  it('joins every row of a 200+ device run to the right device for one policy-history call and one inventory pass', async () => {
    sim.resetCalls();
    const response = await graph.query(RESULTS, { p: run.policy.uuid, e: run.executionToken, limit: 500 });
    expect(response.errors).toBeUndefined();
    const page = response.data!.policyRunResults;
    expect(run.results.length).toBeGreaterThanOrEqual(200);
    expect(page.pageInfo).toEqual({ page: 0, limit: 500, totalPages: 1, totalCount: run.results.length, hasNextPage: false });
    expect(page.nodes).toHaveLength(run.results.length);

    const byId = new Map(sim.fleet.devices.map((device) => [device.id, device]));
    for (const node of page.nodes) {
      const truth = byId.get(node.device.automoxId)!;
      expect(node.device.hostname).toBe(truth.hostname);
      // Deleted devices are gone from the inventory: no MACs, nothing to ask OPSWAT with.
      // (The ranking order itself is specified by the adapter unit tests.)
      expect([...node.device.macAddresses].sort()).toEqual(truth.deletedAt ? [] : [...truth.physicalMacs].sort());
      expect(Boolean(node.device.deletedAt)).toBe(Boolean(truth.deletedAt));
      if (node.device.macAddresses.length === 0) expect(node.device.compliance.state).toBe('UNMATCHED');
    }

    expect(sim.calls({ route: 'policy-results' })).toHaveLength(1);
    expect(sim.calls({ route: 'servers' }).length).toBeLessThanOrEqual(Math.ceil(250 / 500));
    await drained();
    const asked = askedIdentifiers(sim.calls());
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked).size).toBe(asked.length);
    // Device Details: up to 50 identifiers a call, not one.
    const calls = opswatCalls(sim.calls());
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(asked.length / 50) + 3);
  });

  it('answers a second query from the warm inventory and cache: no inventory call, no identifier asked twice', async () => {
    await drained();
    sim.resetCalls();
    const before = askedIdentifiers(sim.calls()).length;
    const response = await graph.query(RESULTS, { p: run.policy.uuid, e: run.executionToken, limit: 500 });
    expect(response.errors).toBeUndefined();
    expect(sim.calls({ route: 'servers' })).toHaveLength(0);
    expect(sim.calls({ route: 'orgs' })).toHaveLength(0);
    expect(sim.calls({ route: 'policy-results' })).toHaveLength(1);
    await drained();
    const asked = askedIdentifiers(sim.calls());
    expect(asked.length - before).toBe(new Set(asked).size);

    // Every device OPSWAT knows is now FRESH with the verdict the simulator holds for it.
    const byId = new Map(sim.fleet.devices.map((device) => [device.id, device]));
    const again = await graph.query(RESULTS, { p: run.policy.uuid, e: run.executionToken, limit: 500 });
    for (const node of again.data!.policyRunResults.nodes) {
      const truth = byId.get(node.device.automoxId)!;
      const expected = truth.opswat.detailsStatus === null ? undefined : detailsStatus(truth.opswat.detailsStatus);
      if (node.device.macAddresses.length === 0) continue;
      if (expected && truth.opswat.knownMacs.some((mac) => node.device.macAddresses.includes(mac))) {
        expect(node.device.compliance).toEqual(expect.objectContaining({ state: 'FRESH', report: { status: expected } }));
        expect(truth.opswat.knownMacs).toContain(node.device.compliance.identifier);
      } else {
        expect(node.device.compliance.state).toBe('NOT_FOUND');
      }
    }
  });

  it('sends every filter, sort and paging argument to Automox in its documented form', async () => {
    sim.resetCalls();
    const response = await graph.query(RESULTS, {
      p: run.policy.uuid,
      e: run.executionToken,
      limit: 7,
      page: 2,
      filter: { resultStatus: ['FAILED', 'PENDING'], deviceName: 'WIN-' },
      sort: [{ field: 'RESULT_STATUS', direction: 'DESC' }, { field: 'DEVICE_DISPLAY_NAME' }],
    });
    expect(response.errors).toBeUndefined();
    const [call] = sim.calls({ route: 'policy-results' });
    expect(call?.rawQuery).toBe(
      `org=${sim.credentials.orgUuid}&sort=result_status:desc,device_display_name:asc&result_status:in[]=failed&result_status:in[]=pending&device_name:like=WIN-&page=2&limit=7`,
    );
    sim.resetCalls();
    await graph.query(RESULTS, {
      p: run.policy.uuid,
      e: run.executionToken,
      filter: { resultStatus: ['SUCCESS'] },
      sort: [{ field: 'RUN_TIME', direction: 'ASC' }],
    });
    expect(sim.calls({ route: 'policy-results' })[0]?.rawQuery).toBe(
      `org=${sim.credentials.orgUuid}&sort=run_time:asc&result_status:equals=success&page=0&limit=25`,
    );
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 5001 }, 'limit'],
    [{ page: -1 }, 'page'],
    [{ p: 'not-a-uuid' }, 'policyUuid'],
    [{ e: '1234' }, 'execToken'],
    [{ filter: { resultStatus: ['UNKNOWN'] } }, 'filter.resultStatus'],
    [{ filter: { deviceName: 'x'.repeat(254) } }, 'filter.deviceName'],
    [{ filter: { deviceName: 'WIN-\u0000' } }, 'filter.deviceName'],
    [{ sort: [{ field: 'RUN_TIME' }, { field: 'RUN_TIME', direction: 'DESC' }] }, 'sort'],
    [{ sort: Array.from({ length: 500 }, () => ({ field: 'RESULT_STATUS' })) }, 'sort'],
  ])('rejects %j with BAD_USER_INPUT before calling Automox', async (override, argument) => {
    sim.resetCalls();
    const response = await graph.query(RESULTS, { p: run.policy.uuid, e: run.executionToken, ...override });
    expect(response.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', argument }));
    expect(sim.calls({ route: 'policy-results' })).toHaveLength(0);
  });

  it('maps an unknown run to UPSTREAM_NOT_FOUND', async () => {
    const response = await graph.query(RESULTS, { p: run.policy.uuid, e: '00000000-0000-4000-8000-000000000000' });
    expect(response.errors?.[0]?.extensions?.code).toBe('UPSTREAM_NOT_FOUND');
  });
});

describe('when OPSWAT fails', () => {
  it('still returns all Automox data, with compliance FAILED and coded errors', async () => {
    const failing = await startSimulator({ fleetSize: 60, opswatRateLimit: 1000 });
    const failingGraph = await startGraph(failing, { COMPLIANCE_MAX_WAIT_MS: '2000', OPSWAT_RATE_LIMIT: '1000' });
    try {
      failing.inject({ route: 'device-details', status: 500, times: Infinity });
      const target = failing.fleet.runs[0]!;
      const response = await failingGraph.query(RESULTS, { p: target.policy.uuid, e: target.executionToken, limit: 500 });
      const nodes = response.data!.policyRunResults.nodes as Array<{
        device: { macAddresses: string[]; compliance: { state: string; retryAfterSeconds: number | null } };
      }>;
      expect(nodes).toHaveLength(target.results.length);
      const asked = nodes.filter((node) => node.device.macAddresses.length > 0);
      expect(asked.length).toBeGreaterThan(0);
      for (const node of asked) {
        expect(node.device.compliance.state).toBe('FAILED');
        expect(node.device.compliance.retryAfterSeconds).toBeGreaterThan(0);
      }
      expect(response.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'opswat' }) }),
      ]);
      expect(JSON.stringify(response)).not.toContain(failing.credentials.opswatClientSecret);
    } finally {
      await failingGraph.close();
      await failing.close();
    }
  });
});

describe('device and compliance lookups', () => {
  const DEVICE = `query($h: String, $m: String) { device(hostname: $h, macAddress: $m) { hostname automoxId macAddresses } }`;

  it('finds a device by hostname in any case, by short name, and by MAC in any notation', async () => {
    const truth = sim.fleet.devices.find((device) => !device.deletedAt && device.hostname.includes('.') && device.physicalMacs.length > 0)!;
    const short = truth.hostname.split('.')[0]!.toUpperCase();
    for (const variables of [
      { h: `${truth.hostname.toLowerCase()}.` },
      { h: short },
      { m: truth.physicalMacs[0]!.toUpperCase().replace(/:/g, '-') },
    ]) {
      const response = await graph.query(DEVICE, variables);
      expect(response.data?.device).toEqual(expect.objectContaining({ automoxId: truth.id, hostname: truth.hostname }));
    }
    expect((await graph.query(DEVICE, { h: 'no-such-host' })).data?.device).toBeNull();
  });

  it.each([[{}], [{ h: 'a', m: 'aa:bb:cc:dd:ee:ff' }], [{ m: 'zz:zz' }]])('rejects device(%j) with BAD_USER_INPUT', async (variables) => {
    const response = await graph.query(DEVICE, variables);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('looks compliance up by identifier, and rejects a malformed MAC', async () => {
    const known = sim.fleet.devices.find((device) => device.opswat.profile === 'compliant' && device.opswat.knownMacs.length > 0)!;
    const query = `query($id: String!, $kind: DeviceIdentifierKind) { compliance(identifier: $id, kind: $kind) { state identifier identifierKind report { status } } }`;
    const response = await graph.query(query, { id: known.opswat.knownMacs[0]!.toUpperCase() });
    expect(response.data?.compliance).toEqual(
      expect.objectContaining({ identifier: known.opswat.knownMacs[0], identifierKind: 'MAC_ADDRESS' }),
    );
    expect(['FRESH', 'QUEUED']).toContain(response.data?.compliance.state);
    expect((await graph.query(query, { id: 'nope' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('federation', () => {
  it('resolves 50 Device entities with one inventory read and one batched compliance pass', async () => {
    const fresh = await startSimulator({ fleetSize: 250, opswatRateLimit: 1000 });
    const subgraph = await startGraph(fresh);
    try {
      const hosts = fresh.fleet.devices.filter((device) => !device.deletedAt).slice(0, 50);
      const spy = jest.spyOn(subgraph.graph.services.compliance, 'lookupDevices');
      const response = await subgraph.query(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Device { hostname automoxId compliance { state } } } }`,
        { r: hosts.map((device) => ({ __typename: 'Device', hostname: device.hostname.toUpperCase() })) },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!._entities.map((entity: { automoxId: number }) => entity.automoxId)).toEqual(hosts.map((device) => device.id));
      expect(fresh.calls({ route: 'servers' })).toHaveLength(1);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[0]).toHaveLength(50);
      const sdl = await subgraph.query('{ _service { sdl } }');
      expect(sdl.data!._service.sdl).toContain('type Device');
      expect(sdl.data!._service.sdl).toMatch(/@key\(fields: "hostname"\)/);
    } finally {
      await subgraph.close();
      await fresh.close();
    }
  });
});
