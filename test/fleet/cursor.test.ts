/** Cursors of the fleet views: positions, not offsets; bound to their query; tamper-evident. */
import { describe, expect, it } from '@jest/globals';
import type { ComplianceOutcome } from '../../src/compliance/index.js';
import { CursorCodec, FleetIndex, FleetViews, type DevicePage } from '../../src/fleet/index.js';
import { DeviceIndex, type InventoryDevice } from '../../src/inventory/index.js';
import { inventoryDevice } from '../device/fixtures.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');

/** Views over an inventory the test can replace, no sweep, nothing known of compliance. */
function views(devices: InventoryDevice[], secret = 'shared secret') {
  let inventory = new DeviceIndex(devices);
  const fleetViews = new FleetViews({
    index: new FleetIndex(),
    inventory: async () => inventory,
    compliance: {
      peekDevice: (device): ComplianceOutcome | undefined => (device.macAddresses.length === 0 ? { state: 'UNMATCHED' } : undefined),
      queuedLookups: () => ({ interactive: 0, sweep: 0 }),
      cacheVersion: 0,
    },
    budget: { snapshot: async () => ({ limit: 10, windowMs: 60_000, used: 0, grants: [], pausedUntil: null, now: NOW }) },
    cursors: new CursorCodec(secret),
    clock: { now: () => NOW, sleep: async () => undefined, schedule: () => () => undefined } as never,
    sweep: null,
  });
  return { fleetViews, replace: (next: InventoryDevice[]) => (inventory = new DeviceIndex(next)) };
}

const hostnames = (page: DevicePage) => page.edges.map((edge) => edge.node.hostname);
const fleet = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map((name, i) => inventoryDevice(i + 1, name));

describe('a cursor names a position in the order, not an offset', () => {
  it('continues after the same device when devices before it were removed and others added meanwhile', async () => {
    const { fleetViews, replace } = views(fleet);
    const first = await fleetViews.devices({ first: 3 });
    expect(hostnames(first)).toEqual(['alpha', 'bravo', 'charlie']);
    replace([
      ...fleet.filter((device) => device.hostname !== 'alpha' && device.hostname !== 'charlie'),
      inventoryDevice(7, 'aardvark'),
      inventoryDevice(8, 'dingo'),
    ]);
    const next = await fleetViews.devices({ first: 3, after: first.pageInfo.endCursor });
    expect(hostnames(next)).toEqual(['delta', 'dingo', 'echo']);
    expect(next.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('is verified by any replica configured with the same secret, and refused by one with another', async () => {
    const page = await views(fleet).fleetViews.devices({ first: 2 });
    await expect(views(fleet).fleetViews.devices({ first: 2, after: page.pageInfo.endCursor })).resolves.toMatchObject({ totalCount: 6 });
    await expect(views(fleet, 'another secret').fleetViews.devices({ first: 2, after: page.pageInfo.endCursor })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'after',
    });
  });
});

describe('CursorCodec', () => {
  const codec = new CursorCodec('k');
  it('round-trips a position for its own query only', () => {
    const cursor = codec.encode('q1', { values: ['ws-1', null, 3], id: 42 });
    expect(codec.decode(cursor, 'q1', 3)).toEqual({ values: ['ws-1', null, 3], id: 42 });
    expect(() => codec.decode(cursor, 'q2', 3)).toThrow(/another filter or sort/);
    expect(() => codec.decode(cursor, 'q1', 2)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('refuses an empty secret at construction, naming what it expects', () => {
    expect(() => new CursorCodec('')).toThrow('secret must be a non-empty string');
  });
});
