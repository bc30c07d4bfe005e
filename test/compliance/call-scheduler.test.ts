/**
 * The call scheduler, specified at the fake OPSWAT: how many calls it received, carrying what,
 * and when (jest's fake clock). The budget and leases are the real embedded ones.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { UpstreamError } from '../../src/common/index.js';
import { type ComplianceOutcome, toComplianceLookup } from '../../src/compliance/index.js';
import { maxInAnySpan } from '../store/helpers.js';
import { asClient, FakeOpswat, type Fixture, madeUpMacs, report, serviceWith, useFakeTime } from './fakes.js';

const WINDOW = 60_000;
let fixture: Fixture | undefined;
beforeEach(() => useFakeTime());
afterEach(() => {
  fixture?.close();
  fixture = undefined;
  jest.useRealTimers();
});

const lookup = (outcome: Promise<ComplianceOutcome>) => outcome.then(toComplianceLookup);

describe('packing calls', () => {
  it('asks up to 50 MACs in one Device Details call, and answers every one of them', async () => {
    const macs = madeUpMacs(120);
    const opswat = new FakeOpswat(Object.fromEntries(macs.filter((_, i) => i % 3 === 0).map((mac) => [mac, report()])));
    fixture = serviceWith(opswat);
    const pending = macs.map((mac) => lookup(fixture!.service.lookupIdentifier(mac, 'MAC_ADDRESS')));
    await jest.advanceTimersByTimeAsync(1_500);
    const results = await Promise.all(pending);
    expect(opswat.calls.map((call) => [call.route, call.ids.length])).toEqual([
      ['device-details', 50],
      ['device-details', 50],
      ['device-details', 20],
    ]);
    expect(new Set(opswat.asked).size).toBe(120);
    expect(results.filter((r) => r.state === 'FRESH')).toHaveLength(40);
    expect(results.filter((r) => r.state === 'NOT_FOUND')).toHaveLength(80);
  });

  it('sends HWID and SSID lookups alone through Policy Check, and every MAC too with OPSWAT_LOOKUP=policy-check', async () => {
    const opswat = new FakeOpswat({ HW1: report() });
    fixture = serviceWith(opswat);
    const pending = [
      lookup(fixture.service.lookupIdentifier('HW1', 'HWID')),
      lookup(fixture.service.lookupIdentifier('corp-wifi', 'SSID')),
      ...madeUpMacs(2).map((mac) => lookup(fixture!.service.lookupIdentifier(mac, 'MAC_ADDRESS'))),
    ];
    await jest.advanceTimersByTimeAsync(100);
    expect((await Promise.all(pending)).map((r) => r.state)).toEqual(['FRESH', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(opswat.calls.map((call) => [call.route, call.ids])).toEqual([
      ['policy-check', ['HW1']],
      ['policy-check', ['corp-wifi']],
      ['device-details', madeUpMacs(2)],
    ]);

    const single = new FakeOpswat();
    const other = serviceWith(single, { lookup: 'policy-check' });
    try {
      const two = madeUpMacs(2).map((mac) => other.service.lookupIdentifier(mac, 'MAC_ADDRESS'));
      await jest.advanceTimersByTimeAsync(100);
      await Promise.all(two);
      expect(single.calls.map((call) => [call.route, call.ids.length])).toEqual([
        ['policy-check', 1],
        ['policy-check', 1],
      ]);
    } finally {
      other.close();
    }
  });

  it('remembers the other MACs OPSWAT lists for a device: asking by them costs no call', async () => {
    const [wifi, dock] = madeUpMacs(2);
    const opswat = new FakeOpswat({ [wifi!]: report('NON_COMPLIANT') }, [[wifi!, dock!]]);
    fixture = serviceWith(opswat);
    const first = lookup(fixture.service.lookupIdentifier(wifi!, 'MAC_ADDRESS'));
    await jest.advanceTimersByTimeAsync(50);
    await first;
    const byDock = await lookup(fixture.service.lookupIdentifier(dock!, 'MAC_ADDRESS'));
    expect(byDock).toEqual(expect.objectContaining({ state: 'FRESH', identifier: dock, report: report('NON_COMPLIANT') }));
    expect(opswat.calls).toHaveLength(1);
  });

  it("asks a device's next MAC in the very next call, in its place in line", async () => {
    const macs = madeUpMacs(60);
    const devices = Array.from({ length: 30 }, (_, i) => ({
      hostname: `ws-${i}`,
      automoxId: i,
      macAddresses: [macs[2 * i]!, macs[2 * i + 1]!],
    }));
    // OPSWAT registered every device under its second adapter.
    const opswat = new FakeOpswat(Object.fromEntries(devices.map((device) => [device.macAddresses[1], report()])));
    fixture = serviceWith(opswat);
    const pending = fixture.service.lookupDevices(devices);
    await jest.advanceTimersByTimeAsync(1_500);
    expect((await pending).map((outcome) => outcome.state)).toEqual(devices.map(() => 'FRESH'));
    expect(opswat.calls.map((call) => call.ids.length)).toEqual([30, 30]);
  });
});

describe('the budget', () => {
  it('never lets OPSWAT count more than the limit in any window, whatever the transit before it counts a call', async () => {
    const macs = madeUpMacs(1_000);
    const opswat = new FakeOpswat();
    opswat.transitMs = () => Math.floor(Math.random() * 800);
    opswat.delayMs = 200;
    fixture = serviceWith(opswat, { maxWaitMs: 0, clientQueueMax: 1_000 });
    for (const mac of macs) await fixture.service.lookupIdentifier(mac, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(3 * WINDOW);
    expect(opswat.calls).toHaveLength(20);
    expect(
      maxInAnySpan(
        opswat.calls.map((call) => call.at),
        WINDOW,
      ),
    ).toBeLessThanOrEqual(10);
    // The 11th call waited for the first call's response plus a whole window.
    expect(opswat.calls[10]!.at - opswat.calls[0]!.at).toBeGreaterThanOrEqual(WINDOW);
  });

  it('frees no slot early when a process dies mid-call: a restarted service waits grant + call timeout + window', async () => {
    const opswat = new FakeOpswat();
    opswat.delayMs = 10 * 60_000; // never answers before the "crash"
    fixture = serviceWith(opswat, { maxWaitMs: 0 });
    const macs = madeUpMacs(550);
    for (const mac of macs.slice(0, 500)) await fixture.service.lookupIdentifier(mac, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(100);
    expect(opswat.calls).toHaveLength(1); // one call in flight at a time
    const crashedAt = opswat.calls[0]!.at;
    fixture.service.close();

    const restarted = new FakeOpswat();
    const after = fixture.replica({ client: restarted });
    for (let i = 0; i < 9; i += 1) await fixture.budget.tryAcquire(); // the rest of the window, spent elsewhere
    await after.lookupIdentifier(macs[500]!, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(75_000);
    expect(restarted.calls).toHaveLength(1);
    expect(restarted.calls[0]!.at - crashedAt).toBeGreaterThanOrEqual(10_000 + WINDOW);
  });
});

describe('after a 429', () => {
  it('pauses for its Retry-After, or one window when it names none, and resends in the same place', async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { maxWaitMs: 0 });
    opswat.failWith = new UpstreamError('UPSTREAM_RATE_LIMITED', 'opswat', '429', { status: 429, retryAfterMs: 7_000 });
    const [a, b] = madeUpMacs(2);
    await fixture.service.lookupIdentifier(a!, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(50);
    opswat.failWith = new UpstreamError('UPSTREAM_RATE_LIMITED', 'opswat', '429', { status: 429 });
    await jest.advanceTimersByTimeAsync(7_000);
    expect(opswat.calls.map((call) => call.at - opswat.calls[0]!.at)).toEqual([0, 7_000]);
    opswat.failWith = null;
    await fixture.service.lookupIdentifier(b!, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(WINDOW);
    expect(opswat.calls).toHaveLength(3);
    expect(opswat.calls[2]!.at - opswat.calls[1]!.at).toBe(WINDOW);
    expect(opswat.calls[2]!.ids).toEqual([a, b]);
  });

  it('caps a Retry-After of ten days at OPSWAT_MAX_PAUSE_MS with a warning, and a restart is paused no longer', async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { maxWaitMs: 0, maxPauseMs: 3 * WINDOW });
    opswat.failWith = new UpstreamError('UPSTREAM_RATE_LIMITED', 'opswat', '429', { status: 429, retryAfterMs: 864_000_000 });
    const [a, b] = madeUpMacs(2);
    await fixture.service.lookupIdentifier(a!, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(50);
    const limitedAt = opswat.calls[0]!.at;
    expect(fixture.logs.text()).toContain('longer than OPSWAT_MAX_PAUSE_MS');
    expect((await fixture.budget.snapshot()).pausedUntil).toBe(limitedAt + 3 * WINDOW);

    // Restart: a new process on the same store.
    fixture.service.close();
    const restarted = new FakeOpswat();
    const after = fixture.replica({ client: restarted });
    await jest.advanceTimersByTimeAsync(1_000);
    await after.lookupIdentifier(b!, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(3 * WINDOW);
    expect(restarted.calls).toHaveLength(1);
    expect(restarted.calls[0]!.at - limitedAt).toBe(3 * WINDOW);
  });
});

describe("OPSWAT's rate-limit headers", () => {
  it('never spends beyond X-RateLimit-Remaining until X-RateLimit-Reset-Time', async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { maxWaitMs: 0, lookup: 'policy-check' });
    const start = Date.now();
    // The server counts calls we cannot see (another integration on the account): 2 left after the first.
    opswat.rateLimit = (n) => (n < 3 ? { limit: 10, remaining: 2 - n, resetAt: start + 30_000 } : null);
    for (const mac of madeUpMacs(6)) await fixture.service.lookupIdentifier(mac, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(29_000);
    // Our own budget had 10 slots, but the server said two remained after the first call.
    expect(opswat.calls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(opswat.calls).toHaveLength(6);
    expect(opswat.calls[3]!.at).toBe(start + 30_000);
  });
});

describe('fair share between clients', () => {
  it("serves client B's lookup within 3 calls of asking while client A has 5,000 made-up MACs queued", async () => {
    const deviceMac = 'aa:bb:cc:00:00:01';
    const opswat = new FakeOpswat({ [deviceMac]: report() });
    fixture = serviceWith(opswat, { maxWaitMs: 0, clientQueueMax: 5_000 });
    for (const mac of madeUpMacs(5_000)) await fixture.service.lookupIdentifier(mac, 'MAC_ADDRESS', asClient('A'));
    await jest.advanceTimersByTimeAsync(50);
    const callsBefore = opswat.calls.length;
    const queued = await lookup(fixture.service.lookupIdentifier(deviceMac, 'MAC_ADDRESS', asClient('B')));
    expect(queued.state).toBe('QUEUED');
    await jest.advanceTimersByTimeAsync(queued.retryAfterSeconds! * 1_000);
    const carrying = opswat.calls.findIndex((call) => call.ids.includes(deviceMac));
    expect(carrying).toBeGreaterThanOrEqual(callsBefore);
    expect(carrying - callsBefore).toBeLessThan(3);
    expect((await lookup(fixture.service.lookupIdentifier(deviceMac, 'MAC_ADDRESS', asClient('B')))).state).toBe('FRESH');
  });

  it("answers a client's lookups beyond COMPLIANCE_CLIENT_QUEUE_MAX FAILED / UPSTREAM_RATE_LIMITED, and never another client's", async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { maxWaitMs: 0, clientQueueMax: 100 });
    for (let i = 0; i < 10; i += 1) await fixture.budget.tryAcquire(); // nothing can go out for now
    const fromA = await Promise.all(
      madeUpMacs(150).map((mac) => lookup(fixture!.service.lookupIdentifier(mac, 'MAC_ADDRESS', asClient('A')))),
    );
    const fromB = await Promise.all(
      madeUpMacs(5, 0, '06:00').map((mac) => lookup(fixture!.service.lookupIdentifier(mac, 'MAC_ADDRESS', asClient('B')))),
    );
    expect(fromA.filter((r) => r.state === 'QUEUED')).toHaveLength(100);
    const refused = fromA.filter((r) => r.state === 'FAILED');
    expect(refused).toHaveLength(50);
    expect(refused.every((r) => r.failureCode === 'UPSTREAM_RATE_LIMITED' && r.retryAfterSeconds! >= 60)).toBe(true);
    expect(fromB.map((r) => r.state)).toEqual(['QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED']);
  });

  it('keeps real inventory devices unaffected by one request of 10,000 aliased made-up MACs (issue 10)', async () => {
    const deviceMac = 'aa:bb:cc:00:00:02';
    const opswat = new FakeOpswat({ [deviceMac]: report() });
    fixture = serviceWith(opswat);
    const flood = madeUpMacs(10_000).map((mac) => lookup(fixture!.service.lookupIdentifier(mac, 'MAC_ADDRESS')));
    await jest.advanceTimersByTimeAsync(1_500);
    const flooded = await Promise.all(flood);
    expect(flooded.filter((r) => r.state === 'FAILED' && r.failureCode === 'UPSTREAM_RATE_LIMITED')).toHaveLength(9_500);
    const callsBefore = opswat.calls.length;
    const device = fixture.service.lookupDevice({ hostname: 'real', automoxId: 7, macAddresses: [deviceMac] });
    await jest.advanceTimersByTimeAsync(1_500);
    // Answered within the request: the flood spent at most 8 of the window's 10 slots.
    expect(toComplianceLookup(await device).state).toBe('FRESH');
    const carrying = opswat.calls.findIndex((call) => call.ids.includes(deviceMac));
    expect(carrying - callsBefore).toBeLessThan(3);
    expect(opswat.calls[carrying]!.ids[0]).toBe(deviceMac); // first in its call: inventory ranks ahead
  });
});

describe('retryAfterSeconds', () => {
  it('predicts from the packed schedule: every QUEUED row is answered when asked again at its predicted time', async () => {
    const macs = madeUpMacs(2_000);
    const opswat = new FakeOpswat(Object.fromEntries(macs.filter((_, i) => i % 2 === 0).map((mac) => [mac, report()])));
    opswat.delayMs = 300;
    fixture = serviceWith(opswat, { clientQueueMax: 2_000 });
    const first = macs.map((mac) => lookup(fixture!.service.lookupIdentifier(mac, 'MAC_ADDRESS')));
    await jest.advanceTimersByTimeAsync(1_500);
    const queued = (await Promise.all(first)).filter((r) => r.state === 'QUEUED');
    expect(queued.length).toBeGreaterThan(1_000);
    const start = Date.now();
    const byTime = [...new Set(queued.map((r) => r.retryAfterSeconds!))].sort((a, b) => a - b);
    // 40 calls of free-form lookups at 8 a minute (2 of 10 slots stay for inventory devices): about five minutes.
    expect(byTime.at(-1)!).toBeGreaterThanOrEqual(4 * 60);
    expect(byTime.at(-1)!).toBeLessThanOrEqual(6 * 60);
    let answered = 0;
    for (const seconds of byTime) {
      await jest.advanceTimersByTimeAsync(start + seconds * 1_000 - Date.now());
      // Asking again then answers from the cache (FRESH or NOT_FOUND) exactly when the answer is there.
      for (const row of queued.filter((r) => r.retryAfterSeconds === seconds)) {
        if (await fixture.cache.get(`report:MAC_ADDRESS:${row.identifier}`)) answered += 1;
      }
    }
    expect(answered / queued.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('store failures', () => {
  it('answers STORE_UNAVAILABLE, never an OPSWAT code, when the store cannot be written (full disk), and spends no call', async () => {
    const [known, other] = madeUpMacs(2);
    const opswat = new FakeOpswat({ [known!]: report() });
    fixture = serviceWith(opswat);
    const warm = lookup(fixture.service.lookupIdentifier(known!, 'MAC_ADDRESS'));
    await jest.advanceTimersByTimeAsync(50);
    expect((await warm).state).toBe('FRESH');
    // The disk fills up: every write of the store fails as SQLite reports it.
    const full = () => Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });
    fixture.budget.tryAcquire = async () => {
      throw full();
    };
    fixture.cache.set = async () => {
      throw full();
    };
    const failed = lookup(fixture.service.lookupIdentifier(other!, 'MAC_ADDRESS'));
    await jest.advanceTimersByTimeAsync(1_500);
    expect(await failed).toEqual(expect.objectContaining({ state: 'FAILED', failureCode: 'STORE_UNAVAILABLE' }));
    expect(opswat.calls).toHaveLength(1);
    // What this process holds in memory is still served.
    expect((await lookup(fixture.service.lookupIdentifier(known!, 'MAC_ADDRESS'))).state).toBe('FRESH');
  });
});

describe('leases across replicas', () => {
  it("waits out a dead replica's lease, then fetches: an identifier is delayed by at most the lease's TTL", async () => {
    const [mac] = madeUpMacs(1);
    const opswat = new FakeOpswat({ [mac!]: report() });
    fixture = serviceWith(opswat, { maxWaitMs: 0 });
    const leaseTtl = 2 * 10_000 + 1_000; // 2 × call timeout + 1 s, as the scheduler takes it
    await fixture.leases.acquire(`report:MAC_ADDRESS:${mac}`, 'replica-that-died', leaseTtl);
    const diedAt = Date.now();
    await fixture.service.lookupIdentifier(mac!, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(leaseTtl - 100);
    expect(opswat.calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(400);
    expect(opswat.calls).toHaveLength(1);
    expect(opswat.calls[0]!.at - diedAt).toBeGreaterThanOrEqual(leaseTtl);
  });

  it('two replicas on one store never send the same identifier twice and share one budget', async () => {
    const macs = madeUpMacs(600);
    const opswat = new FakeOpswat();
    opswat.delayMs = 150;
    fixture = serviceWith(opswat, { maxWaitMs: 0 });
    const other = fixture.replica();
    for (const [i, mac] of macs.entries()) await (i % 2 === 0 ? fixture.service : other).lookupIdentifier(mac, 'MAC_ADDRESS');
    for (const mac of macs.slice(0, 300)) await other.lookupIdentifier(mac, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(3 * WINDOW);
    expect(
      maxInAnySpan(
        opswat.calls.map((call) => call.at),
        WINDOW,
      ),
    ).toBeLessThanOrEqual(10);
    expect(opswat.asked.length).toBe(new Set(opswat.asked).size);
    expect(new Set(opswat.asked).size).toBe(600);
  });
});
