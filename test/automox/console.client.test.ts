import { afterEach, describe, expect, it } from '@jest/globals';
import { toInventoryServer } from '../../src/automox/index.js';
import { wireServer } from '../../src/automox/automox.wire.js';
import { automoxFacts, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { automoxFor } from '../helpers/clients.js';
import { captureLogs } from '../helpers/logs.js';

let sim: Simulator;
afterEach(() => sim?.close());

describe('console: organizations', () => {
  it('looks up the integer org id from the org UUID once, then reuses it', async () => {
    sim = await startSimulator({ fleetSize: 20 });
    const { console: client } = automoxFor(sim, captureLogs().logger);
    await client.listServers();
    await client.listServers();
    expect(sim.calls({ route: 'orgs' })).toHaveLength(1);
    expect(sim.calls({ route: 'servers' }).every((call) => call.rawQuery.startsWith(`o=${sim.credentials.orgId}&`))).toBe(true);
  });
});

describe('console: the inventory', () => {
  it('pages /servers by 500 with include_details=1 until a short page', async () => {
    sim = await startSimulator({ fleetSize: 1100 });
    const { console: client } = automoxFor(sim, captureLogs().logger);
    const servers = await client.listServers();
    const live = sim.fleet.devices.filter((device) => !device.deletedAt);
    expect(servers).toHaveLength(live.length);
    const calls = sim.calls({ route: 'servers' });
    expect(calls.map((call) => call.rawQuery)).toEqual(
      Array.from(
        { length: Math.ceil((live.length + 1) / 500) },
        (_, page) => `o=${sim.credentials.orgId}&include_details=1&limit=500&page=${page}`,
      ),
    );
  });

  it('maps each server as its page arrives, keeping only what the map keeps, in the same order and calls', async () => {
    sim = await startSimulator({ fleetSize: 1100 });
    const { console: client } = automoxFor(sim, captureLogs().logger);
    const all = await client.listServers();
    const calls = sim.calls({ route: 'servers' }).length;
    sim.resetCalls();
    const seen: number[] = [];
    const kept = await client.mapServers((server) => {
      seen.push(server.id);
      return server.id % 2 === 0 ? server.hostname : null;
    });
    expect(seen).toEqual(all.map((server) => server.id));
    expect(kept).toEqual(all.filter((server) => server.id % 2 === 0).map((server) => server.hostname));
    expect(sim.calls({ route: 'servers' })).toHaveLength(calls);
  });

  it('reads adapters whether details arrive as `detail` or `details`', async () => {
    sim = await startSimulator({ fleetSize: 250 });
    const servers = await automoxFor(sim, captureLogs().logger).console.listServers();
    const byId = new Map(servers.map((server) => [server.id, server]));
    for (const device of sim.fleet.devices.filter((candidate) => !candidate.deletedAt)) {
      expect(byId.get(device.id)?.nics).toHaveLength(device.nics.length);
    }
    expect(servers.some((server) => server.nics.length === 0)).toBe(true);
  });

  it('waits out the one-minute penalty of a 429 without Retry-After, then retries', async () => {
    sim = await startSimulator({ fleetSize: 20 });
    sim.inject({ route: 'servers', status: 429 });
    const logs = captureLogs();
    const { console: client } = automoxFor(sim, logs.logger, { rateLimitPenaltyMs: 400 });
    const started = Date.now();
    await client.listServers();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(sim.calls({ route: 'servers' }).map((call) => call.status)).toEqual([429, 200]);
    expect(logs.lines().some((line) => line.msg === 'retrying upstream request' && line.status === 429)).toBe(true);
  });

  it('is rate limited for real by the simulator and recovers after the penalty', async () => {
    sim = await startSimulator({ fleetSize: 20, serversRateLimit: 2, serversRateWindowMs: 1000, serversPenaltyMs: 300 });
    const { console: client } = automoxFor(sim, captureLogs().logger, { rateLimitPenaltyMs: 350 });
    for (let i = 0; i < 3; i += 1) await client.listServers();
    const statuses = sim.calls({ route: 'servers' }).map((call) => call.status);
    expect(statuses).toContain(429);
    expect(statuses.at(-1)).toBe(200);
  });
});

describe('console: what /servers already says about each device (no extra call)', () => {
  it('reads OS, serial, agent, reboot, patches, tags, server group and policy statuses as the simulator reports them', async () => {
    sim = await startSimulator({ fleetSize: 120 });
    const servers = await automoxFor(sim, captureLogs().logger).console.listServers();
    const byId = new Map(servers.map((server) => [server.id, server]));
    const states = ['NEEDS_REMEDIATION', 'UP_TO_DATE', 'PENDING'];
    let withPolicies = 0;
    for (const device of sim.fleet.devices.filter((candidate) => !candidate.deletedAt)) {
      const facts = automoxFacts(device, sim.fleet);
      const server = byId.get(device.id)!;
      expect(server).toMatchObject({
        osFamily: device.osFamily,
        osName: device.osName,
        osVersion: device.osVersion,
        serialNumber: device.serial,
        connected: device.connected,
        needsReboot: facts.needsReboot,
        pendingPatches: facts.pendingPatches,
        serverGroupId: facts.serverGroupId,
        tags: facts.tags,
        lastDisconnectTime: expect.any(String),
      });
      expect(server.policyStatuses).toEqual(
        facts.policyStatus.map((status) => ({
          policyId: status.policy_id,
          policyName: status.policy_name,
          policyType: status.policy_type_name,
          state: states[status.status],
          compliant: status.status === 1,
          lastRunAt: status.create_time,
        })),
      );
      if (facts.policyStatus.length > 0) withPolicies += 1;
    }
    expect(withPolicies).toBeGreaterThan(50);
    // Still one page: the facts cost no call of their own.
    expect(sim.calls({ route: 'servers' })).toHaveLength(1);
  });

  it('keeps a server whose facts are malformed, field by field (the docs send `policy_status: [null]`)', () => {
    const server = toInventoryServer(
      wireServer.parse({
        id: 7,
        name: 'WS-7',
        tags: ['a', 3, null, ''],
        policy_status: [null, { policy_id: 'x' }, { policy_id: 5, status: 9, policy_name: 'P' }],
        needs_reboot: 'yes',
        pending_patches: '4',
        server_group_id: null,
        os_version: 10,
      }),
    );
    expect(server).toMatchObject({
      tags: ['a'],
      needsReboot: null,
      pendingPatches: 4,
      serverGroupId: null,
      osVersion: null,
      policyStatuses: [{ policyId: 5, policyName: 'P', policyType: null, state: 'UNKNOWN', compliant: false, lastRunAt: null }],
    });
  });
});
