/**
 * The fleet views' memo: a warm `devices` or `fleetSummary` reuses the rows computed for the last
 * request while nothing they were computed from changed (the index, this process's compliance
 * cache, the inventory, the clock past a FRESH report's expiry), and answers exactly what a view
 * computed from scratch answers.
 */
import { describe, expect, it, jest } from '@jest/globals';
import type { ComplianceOutcome } from '../../src/compliance/index.js';
import { CursorCodec, type DevicesArgs, FleetIndex, FleetViews } from '../../src/fleet/index.js';
import { DeviceIndex, type InventoryDevice } from '../../src/inventory/index.js';
import { report } from '../compliance/fakes.js';
import { inventoryDevice } from '../device/fixtures.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;

const fresh = (
  device: InventoryDevice,
  status: 'COMPLIANT' | 'NON_COMPLIANT',
  fetchedAt: number,
  expiresAt: number,
): ComplianceOutcome => ({
  state: 'FRESH',
  target: { identifier: device.macAddresses[0]!, kind: 'MAC_ADDRESS' },
  answer: { kind: 'found', report: report(status), fetchedAt, deviceId: `HW-${device.id}` },
  expiresAt,
});

/** Views over an index, an inventory and a compliance cache the test controls, on a clock it moves. */
function world(devices: InventoryDevice[]) {
  const clock = { now: NOW };
  let inventory = new DeviceIndex(devices);
  const index = new FleetIndex();
  /** What this process's cache holds, by device id, and its version. */
  const cache = { entries: new Map<number, ComplianceOutcome>(), version: 0 };
  const peekDevice = jest.fn((device: { automoxId?: number | null }, now?: number): ComplianceOutcome | undefined => {
    const outcome = cache.entries.get(device.automoxId ?? -1);
    return outcome?.state === 'FRESH' && outcome.expiresAt <= (now ?? clock.now) ? undefined : outcome;
  });
  const snapshot = jest.fn(async () => ({ limit: 10, windowMs: 60_000, used: 3, grants: [], pausedUntil: null, now: clock.now }));
  const make = () =>
    new FleetViews({
      index,
      inventory: async () => inventory,
      compliance: {
        peekDevice,
        queuedLookups: () => ({ interactive: 0, sweep: 0 }),
        get cacheVersion() {
          return cache.version;
        },
      },
      budget: { snapshot },
      cursors: new CursorCodec('secret'),
      clock: { now: () => clock.now, sleep: async () => undefined } as never,
      sweep: { callsPerWindow: 6, windowMs: 60_000, batchSize: 50 },
    });
  return {
    views: make(),
    /** A view with no memo yet: what a computation from scratch answers. */
    unmemoized: make,
    index,
    clock,
    peekDevice,
    snapshot,
    cache,
    replace: (next: InventoryDevice[]) => {
      inventory = new DeviceIndex(next);
    },
  };
}

const fleet = ['alpha', 'bravo', 'charlie', 'delta'].map((name, i) => inventoryDevice(i + 1, name));
const states = async (views: FleetViews) =>
  (await views.devices({ first: 10 })).edges.map((edge) => `${edge.node.hostname}:${edge.node.compliance?.state}`);

describe('a warm view reuses the last snapshot', () => {
  it('while nothing changes: no device is looked at again, pages share their rows, and the summary its counts', async () => {
    const { views, peekDevice } = world(fleet);
    const first = await views.devices({ first: 2 });
    const summary = await views.summary(null);
    const looked = peekDevice.mock.calls.length;
    expect(looked).toBe(fleet.length);
    const again = await views.devices({ first: 2 });
    const next = await views.devices({ first: 2, after: first.pageInfo.endCursor });
    const summaryAgain = await views.summary(null);
    expect(peekDevice).toHaveBeenCalledTimes(looked);
    expect(again.edges.map((edge) => edge.node)).toEqual(first.edges.map((edge) => edge.node));
    expect(again.edges[0]!.node).toBe(first.edges[0]!.node);
    expect(next.edges.map((edge) => edge.node.hostname)).toEqual(['charlie', 'delta']);
    expect(summaryAgain.byState).toBe(summary.byState);
    expect(summaryAgain.totalCount).toBe(4);
  });

  it('counts each filter apart, and reads the shared budget at most once a second', async () => {
    const { views, index, clock, snapshot } = world(fleet);
    await views.sync();
    index.record(1, fresh(fleet[0]!, 'NON_COMPLIANT', NOW - 1000, NOW + HOUR));
    const all = await views.summary(null);
    const bad = await views.summary({ status: ['NON_COMPLIANT'] } as never);
    expect([all.totalCount, bad.totalCount]).toEqual([4, 1]);
    await expect(Promise.resolve(all.budget())).resolves.toMatchObject({ callsInWindow: 3, limit: 10 });
    expect(await bad.budget()).toMatchObject({ callsInWindow: 3 });
    clock.now += 999;
    expect((await views.summary(null)).budget()).toMatchObject({ callsInWindow: 3 });
    expect(snapshot).toHaveBeenCalledTimes(1);
    clock.now += 1;
    await (await views.summary(null)).budget();
    expect(snapshot).toHaveBeenCalledTimes(2);
  });
});

describe('a view is computed again', () => {
  it('after any change of the index or of the compliance cache', async () => {
    const { views, index, cache } = world(fleet);
    expect(await states(views)).toEqual(['alpha:QUEUED', 'bravo:QUEUED', 'charlie:QUEUED', 'delta:QUEUED']);
    index.record(2, fresh(fleet[1]!, 'COMPLIANT', NOW - 1000, NOW + HOUR));
    expect(await states(views)).toEqual(['alpha:QUEUED', 'bravo:FRESH', 'charlie:QUEUED', 'delta:QUEUED']);
    expect((await views.summary(null)).byState.find((entry) => entry.state === 'FRESH')?.count).toBe(1);
    // A client's lookup on this replica: its cache holds the answer before the index hears of it.
    cache.entries.set(3, fresh(fleet[2]!, 'NON_COMPLIANT', NOW - 500, NOW + HOUR));
    cache.version += 1;
    expect(await states(views)).toEqual(['alpha:QUEUED', 'bravo:FRESH', 'charlie:FRESH', 'delta:QUEUED']);
    expect((await views.summary({ status: ['NON_COMPLIANT'] } as never)).totalCount).toBe(1);
  });

  it('when a FRESH report reaches its expiry on the injected clock, and not a moment before', async () => {
    const { views, index, clock, peekDevice } = world(fleet);
    await views.sync();
    index.record(1, fresh(fleet[0]!, 'COMPLIANT', NOW - HOUR + 400, NOW + 400));
    expect((await states(views))[0]).toBe('alpha:FRESH');
    const looked = peekDevice.mock.calls.length;
    clock.now = NOW + 399;
    expect((await states(views))[0]).toBe('alpha:FRESH');
    expect(peekDevice).toHaveBeenCalledTimes(looked);
    clock.now = NOW + 400;
    expect((await states(views))[0]).toBe('alpha:STALE');
    expect((await views.summary({ state: ['STALE'] } as never)).totalCount).toBe(1);
  });

  it('after an inventory refresh', async () => {
    const { views, replace } = world(fleet);
    expect((await views.devices({})).totalCount).toBe(4);
    replace([...fleet.slice(1), inventoryDevice(9, 'echo')]);
    const page = await views.devices({});
    expect(page.edges.map((edge) => edge.node.hostname)).toEqual(['bravo', 'charlie', 'delta', 'echo']);
    expect((await views.summary(null)).totalCount).toBe(4);
  });
});

describe('a memoized answer', () => {
  it('equals what a view computed from scratch answers, for pages, cursors and counts, after each change', async () => {
    const { views, unmemoized, index, clock, cache } = world(fleet);
    const queries: DevicesArgs[] = [
      { first: 2 },
      { first: 10, sort: [{ field: 'STATUS', direction: 'DESC' }] as never },
      { first: 10, filter: { state: ['FRESH', 'STALE'] } as never },
      { first: 10, filter: { reportOlderThanSeconds: 60 } as never, sort: [{ field: 'REPORT_AGE', direction: 'ASC' }] as never },
    ];
    const compare = async () => {
      const scratch = unmemoized();
      for (const query of queries) {
        // Asked twice, so the second answer comes from the memo.
        await views.devices(query);
        expect(await views.devices(query)).toEqual(await scratch.devices(query));
      }
      for (const filter of [null, { status: ['COMPLIANT'] }, { reportOlderThanSeconds: 60 }] as never[]) {
        await views.summary(filter);
        const { budget: _a, ...memoized } = await views.summary(filter);
        const { budget: _b, ...computed } = await scratch.summary(filter);
        expect(memoized).toEqual(computed);
      }
    };
    await compare();
    index.record(1, fresh(fleet[0]!, 'COMPLIANT', NOW - 120_000, NOW + 300));
    index.record(4, fresh(fleet[3]!, 'NON_COMPLIANT', NOW - 1_000, NOW + HOUR));
    await compare();
    cache.entries.set(2, fresh(fleet[1]!, 'NON_COMPLIANT', NOW - 30_000, NOW + HOUR));
    cache.version += 1;
    await compare();
    clock.now = NOW + 300;
    await compare();
  });
});
