/**
 * The background sweep's tier in the compliance engine, specified at the fake OPSWAT: its jobs go
 * behind every client's, ride in the room clients' calls leave, lead a call only within their
 * share of the window, and refresh a report before it ages out.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { type Demand, DemandQueue, SWEEP_DEMAND } from '../../src/compliance/index.js';
import { inventoryDevice } from '../device/fixtures.js';
import { maxInAnySpan } from '../store/helpers.js';
import { asClient, FakeOpswat, type Fixture, madeUpMacs, report, serviceWith, useFakeTime } from './fakes.js';

const mac = (identifier: string) => ({ identifier, kind: 'MAC_ADDRESS' as const });
const keys = (jobs: Array<{ key: string }>) => jobs.map((job) => job.key);
const sweep: Demand = SWEEP_DEMAND;

function queue(overrides: Partial<ConstructorParameters<typeof DemandQueue>[0]> = {}) {
  return new DemandQueue({ queueMax: 100, clientQueueMax: 100, batchMax: 3, alone: () => false, ...overrides });
}

describe('DemandQueue: the sweep tier', () => {
  it("packs the sweep's jobs after every client's, in the room their call leaves", () => {
    const q = queue();
    q.demand('s1', mac('s1'), sweep, 1);
    q.demand('s2', mac('s2'), sweep, 2);
    q.demand('l1', mac('l1'), asClient('A'), 50);
    q.demand('i1', mac('i1'), asClient('B', 'inventory'), 60);
    expect([q.pack(100), q.pack(100)].map(keys)).toEqual([['i1', 'l1', 's1'], ['s2']]);
  });

  it("lifts a job the sweep queued into the lane of a client who asks for it, at the client's rank", () => {
    const q = queue({ batchMax: 1 });
    q.demand('s1', mac('s1'), sweep, 1);
    q.demand('s2', mac('s2'), sweep, 2);
    const lifted = q.demand('s2', mac('s2'), asClient('A', 'inventory'), 3);
    expect(lifted.kind === 'queued' && lifted.job.demand).toEqual({ clientId: 'A', priority: 'inventory' });
    expect(keys(q.pack(10))).toEqual(['s2']);
  });

  it("makes room in a full queue with the sweep's newest job, for any client, and never for the sweep itself", () => {
    const q = queue({ queueMax: 3 });
    q.demand('s1', mac('s1'), sweep, 1);
    q.demand('s2', mac('s2'), sweep, 2);
    q.demand('l1', mac('l1'), asClient('A'), 3);
    expect(q.demand('s3', mac('s3'), sweep, 4).kind).toBe('full');
    const result = q.demand('l2', mac('l2'), asClient('B'), 5);
    expect(result.kind === 'queued' && result.evicted?.key).toBe('s2');
    expect(q.size).toBe(3);
  });
});

let fixture: Fixture | undefined;
beforeEach(() => useFakeTime());
afterEach(() => {
  fixture?.close();
  fixture = undefined;
  jest.useRealTimers();
});

/** `count` inventory devices, each with one MAC OPSWAT knows (every third one non-compliant). */
function fleetOf(count: number, from = 0) {
  const macs = madeUpMacs(count, from);
  const devices = macs.map((address, i) => inventoryDevice(from + i + 1, `host-${from + i + 1}`, [address]));
  const known = Object.fromEntries(macs.map((address, i) => [address, report(i % 3 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT')]));
  return { devices, macs, known };
}

describe('the sweep within the budget', () => {
  it("leaves one slot of the window free while no client asks, which a page's device takes at once, carrying a waiting free-form lookup", async () => {
    const { devices, known } = fleetOf(600);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    for (const device of devices) void fixture.service.refreshDevice(device);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(opswat.calls).toHaveLength(9);
    expect(opswat.calls.every((call) => call.ids.length === 50)).toBe(true);

    // A free-form lookup may not take a window's last fifth (kept for devices); it leads the next call, before any sweep call.
    const freeForm = fixture.service.lookupIdentifier('02:ff:00:00:00:02', 'MAC_ADDRESS', asClient('B'));
    await jest.advanceTimersByTimeAsync(100);
    expect(opswat.calls).toHaveLength(9);
    // A page's device takes the free slot at once; its call carries the free-form lookup and sweep jobs in its room.
    const pageDevice = inventoryDevice(9_001, 'page-row', ['02:ff:00:00:00:01']);
    const page = fixture.service.lookupDevice(pageDevice, asClient('A', 'inventory'));
    await jest.advanceTimersByTimeAsync(100);
    expect((await page).state).toBe('NOT_FOUND');
    expect((await freeForm).state).toBe('NOT_FOUND');
    expect(opswat.calls).toHaveLength(10);
    expect(opswat.calls[9]!.ids.slice(0, 2)).toEqual(['02:ff:00:00:00:01', '02:ff:00:00:00:02']);
    expect(opswat.calls[9]!.ids).toHaveLength(50);
  });

  it("takes a window's last slot while no client asks only when that saves the sweep a whole window", async () => {
    // 20 calls of 50: 10 + 10 in two windows, where keeping a slot free would take 9 + 9 + 2 in three.
    const { devices, known } = fleetOf(1_000);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const answered = Promise.all(devices.map((device) => fixture!.service.refreshDevice(device)));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(opswat.calls).toHaveLength(10);
    await jest.advanceTimersByTimeAsync(60_000);
    await answered;
    expect(opswat.calls).toHaveLength(20);
    expect(opswat.calls.every((call) => call.ids.length === 50)).toBe(true);
    expect(
      maxInAnySpan(
        opswat.calls.map((call) => call.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(10);
    expect(opswat.calls.at(-1)!.at - opswat.calls[0]!.at).toBeLessThan(65_000);
  });

  it('keeps the last slot free when taking it saves no window (12 calls: 9 + 3 either way)', async () => {
    const { devices, known } = fleetOf(600);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    for (const device of devices) void fixture.service.refreshDevice(device);
    await jest.advanceTimersByTimeAsync(59_000);
    expect(opswat.calls).toHaveLength(9);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(opswat.calls).toHaveLength(12);
  });

  it('takes at most 60% of the window (FLEET_SWEEP_SHARE) while a client has asked within the last window', async () => {
    const { devices, known } = fleetOf(600);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const client = fixture.service.lookupIdentifier('02:ff:00:00:00:03', 'MAC_ADDRESS', asClient('A'));
    await jest.advanceTimersByTimeAsync(100);
    await client;
    expect(opswat.calls).toHaveLength(1);
    for (const device of devices) void fixture.service.refreshDevice(device);
    await jest.advanceTimersByTimeAsync(5_000);
    // 6 of 10 slots: the client's call and five led by the sweep; four stay for clients.
    expect(opswat.calls).toHaveLength(6);
    // A window after the client's last ask, the sweep may use all but one slot again.
    await jest.advanceTimersByTimeAsync(62_000);
    expect(
      maxInAnySpan(
        opswat.calls.map((call) => call.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(9);
    expect(opswat.calls.length).toBeGreaterThanOrEqual(12);
  });

  it('asks every device once, 50 MACs a call, in ceil(devices / 50) calls, and its answers serve clients with no call', async () => {
    const { devices, known } = fleetOf(230);
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const refreshed = Promise.all(devices.map((device) => fixture!.service.refreshDevice(device)));
    await jest.advanceTimersByTimeAsync(2_000);
    const outcomes = await refreshed;
    expect(outcomes.every((outcome) => outcome.state === 'FRESH')).toBe(true);
    expect(opswat.calls.map((call) => call.ids.length)).toEqual([50, 50, 50, 50, 30]);
    expect(new Set(opswat.asked).size).toBe(230);

    const read = await fixture.service.lookupDevices(devices, asClient('A', 'inventory'));
    expect(read.every((outcome) => outcome.state === 'FRESH')).toBe(true);
    expect(opswat.calls).toHaveLength(5);
  });

  it('refreshes a report that is still fresh (the sweep goes before it ages out), but not one fetched since it asked', async () => {
    const { devices, known } = fleetOf(1);
    const device = devices[0]!;
    const opswat = new FakeOpswat(known);
    fixture = serviceWith(opswat);
    const first = fixture.service.lookupDevice(device, asClient('A', 'inventory'));
    await jest.advanceTimersByTimeAsync(100);
    const fetchedFirst = await first;
    expect(fetchedFirst.state).toBe('FRESH');

    await jest.advanceTimersByTimeAsync(60_000);
    // Two replicas' sweeps ask at once: one call, and the other takes its answer from the store.
    const replica = fixture.replica();
    const both = Promise.all([fixture.service.refreshDevice(device), replica.refreshDevice(device)]);
    await jest.advanceTimersByTimeAsync(1_000);
    const [mine, theirs] = await both;
    expect(opswat.calls).toHaveLength(2);
    const fetchedAt = (outcome: typeof mine) => (outcome.state === 'FRESH' ? outcome.answer.fetchedAt : undefined);
    expect(fetchedAt(mine)).toBeGreaterThan(fetchedAt(fetchedFirst)!);
    expect(fetchedAt(theirs)).toBe(fetchedAt(mine));
  });

  it('reads what the store holds of a device without asking OPSWAT (the survey after a start)', async () => {
    const { devices, known } = fleetOf(3);
    const opswat = new FakeOpswat({ [devices[0]!.macAddresses[0]!]: known[devices[0]!.macAddresses[0]!]! });
    fixture = serviceWith(opswat);
    const asked = Promise.all(devices.slice(0, 2).map((device) => fixture!.service.lookupDevice(device)));
    await jest.advanceTimersByTimeAsync(100);
    await asked;
    expect(opswat.calls).toHaveLength(1);
    const known0 = await fixture.service.knownOutcome(devices[0]!);
    const known1 = await fixture.service.knownOutcome(devices[1]!);
    const known2 = await fixture.service.knownOutcome(devices[2]!);
    const unmatched = await fixture.service.knownOutcome(inventoryDevice(99, 'no-macs', []));
    expect([known0?.state, known1?.state, known2?.state, unmatched?.state]).toEqual(['FRESH', 'NOT_FOUND', undefined, 'UNMATCHED']);
    expect(opswat.calls).toHaveLength(1);
  });
});
