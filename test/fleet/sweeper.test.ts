/**
 * The sweeper, specified at the fake OPSWAT on the real embedded budget and leases (jest's fake
 * clock): what it asks, in which order, how many calls that costs, and how replicas share it.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { systemClock } from '../../src/compliance/index.js';
import { FleetIndex, SWEEP_PROGRESS_KEY, Sweeper, type SweepProgress } from '../../src/fleet/index.js';
import { DeviceIndex, type InventoryDevice } from '../../src/inventory/index.js';
import { FakeOpswat, type Fixture, madeUpMacs, report, serviceWith, useFakeTime } from '../compliance/fakes.js';
import { inventoryDevice } from '../device/fixtures.js';

let fixture: Fixture | undefined;
const sweepers: Sweeper[] = [];
beforeEach(() => useFakeTime());
afterEach(async () => {
  for (const sweeper of sweepers.splice(0)) await sweeper.close();
  fixture?.close();
  fixture = undefined;
  jest.useRealTimers();
});

/** `count` devices with one known MAC each, plus a device without MACs and a deleted one. */
function fleetOf(count: number) {
  const macs = madeUpMacs(count);
  const devices: InventoryDevice[] = macs.map((mac, i) => inventoryDevice(i + 1, `host-${i + 1}`, [mac]));
  devices.push(inventoryDevice(90_001, 'no-macs', []));
  devices.push({ ...inventoryDevice(90_002, 'gone', ['02:99:00:00:00:01']), deletedAt: '2026-11-01T00:00:00.000Z' });
  const known = Object.fromEntries(macs.map((mac, i) => [mac, report(i % 4 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT')]));
  return { devices, known, macs };
}

function sweeperFor(devices: InventoryDevice[], overrides: Partial<ConstructorParameters<typeof Sweeper>[0]> = {}) {
  const index = new FleetIndex();
  const inventory = new DeviceIndex(devices);
  const sweeper = new Sweeper({
    index,
    compliance: fixture!.service,
    inventory: async () => inventory,
    leases: fixture!.leases,
    state: fixture!.cache,
    clock: systemClock,
    logger: fixture!.logs.logger,
    refreshAfterMs: 2_880_000,
    notFoundRetryMs: 900_000,
    tickMs: 5_000,
    ...overrides,
  });
  sweepers.push(sweeper);
  return { index, sweeper };
}

describe('a cold fleet, no client asking', () => {
  it('asks every eligible device once, 50 a call, within the one scheduler, and leaves devices without MACs or deleted alone', async () => {
    const { devices, known, macs } = fleetOf(420);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const { index, sweeper } = sweeperFor(devices);
    sweeper.start();
    await jest.advanceTimersByTimeAsync(1_000);
    // ceil(420 / 50) = 9 calls, all in the first window: one slot of it stays free for clients.
    expect(opswat.calls.map((call) => call.ids.length)).toEqual([50, 50, 50, 50, 50, 50, 50, 50, 20]);
    expect(new Set(opswat.asked)).toEqual(new Set(macs));
    expect(opswat.asked).toHaveLength(420);
    expect(index.counts(Date.now())).toEqual({ devices: 422, eligible: 420, fresh: 420, unknown: 0 });
    expect(index.get(90_001)?.outcome).toEqual({ state: 'UNMATCHED' });
    expect(index.get(90_002)?.outcome).toBeUndefined();
    expect(index.get(1)?.outcome).toEqual(expect.objectContaining({ state: 'FRESH' }));
  });

  it('asks nothing again while reports are younger than refreshAfterMs, then refreshes the oldest first', async () => {
    const { devices, known } = fleetOf(100);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    // Half the fleet is asked first, by a client, a minute before the sweep starts.
    const early = Promise.all(devices.slice(0, 50).map((device) => fixture!.service.lookupDevice(device)));
    await jest.advanceTimersByTimeAsync(100);
    await early;
    await jest.advanceTimersByTimeAsync(60_000);
    const { sweeper } = sweeperFor(devices, { refreshAfterMs: 600_000 });
    sweeper.start();
    await jest.advanceTimersByTimeAsync(1_000);
    // The survey found the first half fresh: only the other half was asked.
    expect(opswat.calls.map((call) => call.ids)).toEqual([
      devices.slice(0, 50).map((d) => d.macAddresses[0]),
      devices.slice(50, 100).map((d) => d.macAddresses[0]),
    ]);

    await jest.advanceTimersByTimeAsync(500_000);
    expect(opswat.calls).toHaveLength(2);
    // 600 s after the first half was fetched, it is due again (it is the oldest): one call, that half.
    await jest.advanceTimersByTimeAsync(45_000);
    expect(opswat.calls).toHaveLength(3);
    expect(opswat.calls[2]!.ids).toEqual(devices.slice(0, 50).map((d) => d.macAddresses[0]));
  });
});

describe('replicas and restarts', () => {
  it('lets one replica sweep at a time; when it stops, another takes the lease over and resumes without asking anything twice', async () => {
    const { devices, known } = fleetOf(300);
    const opswat = new FakeOpswat(known);
    opswat.delayMs = 2_000;
    fixture = serviceWith(opswat);
    const a = sweeperFor(devices);
    const b = sweeperFor(devices, { compliance: fixture.replica() });
    a.sweeper.start();
    await jest.advanceTimersByTimeAsync(10);
    b.sweeper.start();
    await jest.advanceTimersByTimeAsync(2_100);
    expect([a.sweeper.isLeader, b.sweeper.isLeader]).toEqual([true, false]);
    const askedByA = opswat.calls.length;
    expect(askedByA).toBeGreaterThan(0);

    await a.sweeper.close();
    // B's next tick takes the lease, surveys the store (what A answered is there) and asks the rest.
    await jest.advanceTimersByTimeAsync(70_000);
    expect(b.sweeper.isLeader).toBe(true);
    expect(new Set(opswat.asked).size).toBe(300);
    expect(opswat.asked.length).toBe(300);
    expect(b.index.counts(Date.now()).fresh).toBe(300);
  });

  it('keeps its progress in the shared store: a new leader carries the round on', async () => {
    const { devices, known } = fleetOf(60);
    fixture = serviceWith(new FakeOpswat(known));
    const first = sweeperFor(devices);
    first.sweeper.start();
    await jest.advanceTimersByTimeAsync(6_000);
    const saved = (await fixture.cache.get<SweepProgress>(SWEEP_PROGRESS_KEY))!;
    expect(saved).toEqual(expect.objectContaining({ round: 1, asked: 60, answered: 60, eligible: 60, fresh: 60 }));
    await first.sweeper.close();

    const second = sweeperFor(devices);
    second.sweeper.start();
    await jest.advanceTimersByTimeAsync(6_000);
    const carried = (await fixture.cache.get<SweepProgress>(SWEEP_PROGRESS_KEY))!;
    expect(carried).toEqual(expect.objectContaining({ round: 1, roundStartedAt: saved.roundStartedAt, fresh: 60 }));
    expect(carried.owner).not.toBe(saved.owner);
  });
});

describe('a replica standing by catches up from the shared store', () => {
  it('started after the sweep finished, learns every device within a tick, marked fromStore, with no call', async () => {
    const { devices, known } = fleetOf(300);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const a = sweeperFor(devices);
    a.sweeper.start();
    await jest.advanceTimersByTimeAsync(6_000);
    expect(a.index.counts(Date.now())).toEqual({ devices: 302, eligible: 300, fresh: 300, unknown: 0 });
    const calls = opswat.calls.length;

    // B starts late: none of A's changes reached it (no pub/sub here at all).
    const b = sweeperFor(devices, { compliance: fixture.replica() });
    const fromStore: number[] = [];
    b.index.subscribe((change) => {
      if (change.kind === 'updated' && change.fromStore) fromStore.push(change.entry.device.id);
    });
    b.sweeper.start();
    await jest.advanceTimersByTimeAsync(100);
    expect(b.sweeper.isLeader).toBe(false);
    expect(b.sweeper.lastCatchUpPass).toEqual({ read: 301, learned: 301 });
    expect(b.index.counts(Date.now())).toEqual(a.index.counts(Date.now()));
    for (const entry of a.index.all()) expect(b.index.get(entry.device.id)?.outcome).toEqual(entry.outcome);
    expect(fromStore).toHaveLength(301);
    // Nothing new on later ticks: it reads (bounded) but records nothing twice.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(b.sweeper.lastCatchUpPass?.learned).toBe(0);
    expect(fromStore).toHaveLength(301);
    expect(opswat.calls).toHaveLength(calls);
  });

  it('heals a missed refresh within a tick, reads at most catchUpMax devices a tick, and never undoes a newer report', async () => {
    const { devices, known } = fleetOf(120);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const a = sweeperFor(devices, { refreshAfterMs: 600_000 });
    const b = sweeperFor(devices, { compliance: fixture.replica(), refreshAfterMs: 600_000, catchUpMax: 50 });
    a.sweeper.start();
    await jest.advanceTimersByTimeAsync(10);
    b.sweeper.start();
    // A sweeps 120 devices; B, 50 a tick, has them all within three ticks.
    await jest.advanceTimersByTimeAsync(15_000);
    expect(b.sweeper.lastCatchUpPass?.read).toBeLessThanOrEqual(50);
    expect(b.index.counts(Date.now()).fresh).toBe(120);
    const before = b.index.get(1)!.fetchedAt!;

    // A refreshes every report at 600 s; B heard none of it, and heals within a tick of each.
    await jest.advanceTimersByTimeAsync(600_000);
    const callsNow = opswat.calls.length;
    await jest.advanceTimersByTimeAsync(15_000);
    expect(a.index.get(1)!.fetchedAt).toBeGreaterThan(before);
    for (const entry of a.index.all()) expect(b.index.get(entry.device.id)?.fetchedAt).toBe(entry.fetchedAt);
    expect(opswat.calls.length - callsNow).toBeLessThanOrEqual(3);

    // An older copy never replaces a newer report.
    const held = b.index.get(1)!.outcome!;
    if (held.state !== 'FRESH') throw new Error('expected a FRESH report');
    expect(b.index.replay(1, { ...held, answer: { ...held.answer, fetchedAt: held.answer.fetchedAt - 1 } })).toBe(false);
    expect(b.index.replay(1, { state: 'NOT_FOUND', target: held.target })).toBe(false);
    expect(b.index.get(1)!.outcome).toBe(held);
  });
});
