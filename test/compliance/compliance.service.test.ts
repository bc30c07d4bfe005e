import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { UpstreamError } from '../../src/common/index.js';
import { toComplianceLookup } from '../../src/compliance/index.js';
import { Metrics } from '../../src/metrics/index.js';
import { type Fixture, FakeOpswat, report, serviceWith, useFakeTime } from './fakes.js';

const A = 'aa:aa:aa:aa:aa:01';
const B = 'aa:aa:aa:aa:aa:02';
const KEY_A = `report:MAC_ADDRESS:${A}`;
let fixture: Fixture | undefined;
beforeEach(() => useFakeTime());
afterEach(() => {
  fixture?.close();
  fixture = undefined;
  jest.useRealTimers();
});

/** Looks up `mac` and lets fake time run until the lookup answers (at most its wait). */
async function look(mac: string, on = fixture!.service) {
  const pending = on.lookupIdentifier(mac, 'MAC_ADDRESS');
  await jest.advanceTimersByTimeAsync(fixture!.options.maxWaitMs);
  return toComplianceLookup(await pending);
}

describe('compliance: answering from the cache', () => {
  it('fetches once, then answers FRESH without calling OPSWAT again', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    fixture = serviceWith(opswat, { ttlMs: 60_000 });
    const first = await look(A);
    const second = await look(A.toUpperCase());
    expect(first).toEqual(expect.objectContaining({ state: 'FRESH', identifier: A, report: report() }));
    expect(second.state).toBe('FRESH');
    expect(Date.parse(second.expiresAt!) - Date.parse(second.fetchedAt!)).toBe(60_000);
    expect(opswat.asked).toEqual([A]);
  });

  it('deduplicates concurrent demand for one identifier into one call', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    opswat.delayMs = 50;
    fixture = serviceWith(opswat);
    const pending = Array.from({ length: 10 }, () => fixture!.service.lookupIdentifier(A, 'MAC_ADDRESS'));
    await jest.advanceTimersByTimeAsync(100);
    const results = (await Promise.all(pending)).map(toComplianceLookup);
    expect(results.every((result) => result.state === 'FRESH')).toBe(true);
    expect(opswat.calls).toHaveLength(1);
  });

  it('serves an expired report at once as STALE and refreshes it in the background', async () => {
    const opswat = new FakeOpswat({ [A]: report('NON_COMPLIANT') });
    fixture = serviceWith(opswat, { ttlMs: 60_000 });
    await look(A);
    jest.setSystemTime(Date.now() + 61_000);
    const stale = toComplianceLookup(await fixture.service.lookupIdentifier(A, 'MAC_ADDRESS'));
    expect(stale).toEqual(expect.objectContaining({ state: 'STALE', report: report('NON_COMPLIANT') }));
    await jest.advanceTimersByTimeAsync(50);
    expect(opswat.asked).toEqual([A, A]);
    expect((await look(A)).state).toBe('FRESH');
  });

  it('remembers "not found" for its own, shorter TTL', async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { ttlMs: 60_000, notFoundTtlMs: 30_000 });
    expect((await look(A)).state).toBe('NOT_FOUND');
    jest.setSystemTime(Date.now() + 27_000);
    expect((await look(A)).state).toBe('NOT_FOUND');
    expect(opswat.calls).toHaveLength(1);
    jest.setSystemTime(Date.now() + 2_000);
    await look(A);
    expect(opswat.calls).toHaveLength(2);
  });
});

describe('compliance: waiting and queueing', () => {
  it('answers QUEUED with retryAfterSeconds when OPSWAT takes longer than maxWaitMs, and fills the cache later', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    opswat.delayMs = 2_000;
    fixture = serviceWith(opswat, { maxWaitMs: 50 });
    const queued = await look(A);
    expect(queued).toEqual(expect.objectContaining({ state: 'QUEUED', identifier: A, report: null }));
    expect(queued.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await jest.advanceTimersByTimeAsync(2_000);
    expect((await look(A)).state).toBe('FRESH');
    expect(opswat.asked).toEqual([A]);
  });

  it('works the oldest demand first once the budget frees a slot', async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { maxWaitMs: 0, lookup: 'policy-check' });
    for (let i = 0; i < 10; i += 1) await fixture.budget.tryAcquire(); // another replica spent the window
    for (const mac of [B, A]) await fixture.service.lookupIdentifier(mac, 'MAC_ADDRESS');
    expect(opswat.calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(70_000 + 1_000);
    expect(opswat.asked).toEqual([B, A]);
  });

  it('refuses new identifiers once the queue is full, saying when to come back', async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { maxWaitMs: 0, queueMax: 1 });
    for (let i = 0; i < 10; i += 1) await fixture.budget.tryAcquire();
    await fixture.service.lookupIdentifier(A, 'MAC_ADDRESS');
    const refused = toComplianceLookup(await fixture.service.lookupIdentifier(B, 'MAC_ADDRESS'));
    expect(refused).toEqual(expect.objectContaining({ state: 'FAILED', failureCode: 'UPSTREAM_RATE_LIMITED' }));
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});

describe('compliance: devices and their MACs', () => {
  it('is UNMATCHED without a MAC, and falls back to the next MAC when OPSWAT does not know the first', async () => {
    const opswat = new FakeOpswat({ [B]: report() });
    fixture = serviceWith(opswat);
    expect(toComplianceLookup(await fixture.service.lookupDevice({ hostname: 'x', macAddresses: [] })).state).toBe('UNMATCHED');
    const pending = fixture.service.lookupDevice({ hostname: 'WS-1', macAddresses: [A, B] });
    await jest.advanceTimersByTimeAsync(100);
    expect(toComplianceLookup(await pending)).toEqual(expect.objectContaining({ state: 'FRESH', identifier: B }));
    expect(opswat.calls.map((call) => call.ids)).toEqual([[A], [B]]);
  });

  it('remembers which identifier answered, and asks with it first next time', async () => {
    const opswat = new FakeOpswat({ [B]: report() });
    fixture = serviceWith(opswat, { ttlMs: 60_000, notFoundTtlMs: 30_000, windowMs: 1_000 });
    const first = fixture.service.lookupDevice({ hostname: 'WS-1', macAddresses: [A, B] });
    await jest.advanceTimersByTimeAsync(100);
    await first;
    jest.setSystemTime(Date.now() + 120_000); // both the report and the "not found" for A have expired
    const again = toComplianceLookup(await fixture.service.lookupDevice({ hostname: 'ws-1.', macAddresses: [A, B] }));
    expect(again.state).toBe('STALE');
    await jest.advanceTimersByTimeAsync(50);
    expect(opswat.asked).toEqual([A, B, B]);
  });

  it('answers a batch of warm devices at once, counting each as a cache hit, and looks up only the rest', async () => {
    const C = 'aa:aa:aa:aa:aa:03';
    const opswat = new FakeOpswat({ [A]: report(), [B]: report(), [C]: report() });
    const metrics = new Metrics();
    fixture = serviceWith(opswat, { metrics });
    const warm = [
      { hostname: 'WS-1', macAddresses: [A] },
      { hostname: 'WS-2', macAddresses: [B] },
    ];
    const warming = fixture.service.lookupDevices(warm);
    await jest.advanceTimersByTimeAsync(100);
    await warming;
    const called = opswat.calls.length;
    const hits = async () => (await metrics.cacheReads.get()).values.find((v) => v.labels.result === 'hit')?.value ?? 0;
    const before = await hits();

    const batch = fixture.service.lookupDevices([...warm, { hostname: 'WS-3', macAddresses: [C] }, { hostname: 'WS-4', macAddresses: [] }]);
    await jest.advanceTimersByTimeAsync(100);
    const outcomes = (await batch).map(toComplianceLookup);
    expect(outcomes.map((outcome) => outcome.state)).toEqual(['FRESH', 'FRESH', 'FRESH', 'UNMATCHED']);
    expect(opswat.calls.slice(called).map((call) => call.ids)).toEqual([[C]]);
    expect((await hits()) - before).toBe(2);
  });

  it('queues the next MAC in the background when the first turns out unknown after the request answered', async () => {
    const opswat = new FakeOpswat({ [B]: report() });
    opswat.delayMs = 60;
    fixture = serviceWith(opswat, { maxWaitMs: 10 });
    const pending = fixture.service.lookupDevice({ hostname: 'WS-2', macAddresses: [A, B] });
    await jest.advanceTimersByTimeAsync(50);
    expect(toComplianceLookup(await pending).state).toBe('QUEUED');
    await jest.advanceTimersByTimeAsync(200);
    expect(opswat.asked).toEqual([A, B]);
    const next = fixture.service.lookupDevice({ hostname: 'WS-2', macAddresses: [A, B] });
    await jest.advanceTimersByTimeAsync(50);
    expect(toComplianceLookup(await next)).toEqual(expect.objectContaining({ state: 'FRESH', identifier: B }));
  });
});

describe('compliance: failures', () => {
  it('answers FAILED with the code, backs off without spending budget, and never overwrites a good report', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    fixture = serviceWith(opswat, { ttlMs: 60_000 });
    await look(A);
    opswat.failWith = new UpstreamError('UPSTREAM_UNAVAILABLE', 'opswat', 'OPSWAT device details failed: HTTP 500', { status: 500 });
    jest.setSystemTime(Date.now() + 61_000);
    expect((await look(A)).state).toBe('STALE');
    // The failed refresh left the report in place: still STALE, not FAILED.
    expect(await look(A)).toEqual(expect.objectContaining({ state: 'STALE', report: report() }));

    const failed = await look(B);
    expect(failed).toEqual(expect.objectContaining({ state: 'FAILED', failureCode: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 15 }));
    const callsAfterFailure = opswat.calls.length;
    expect((await look(B)).state).toBe('FAILED');
    expect(opswat.calls).toHaveLength(callsAfterFailure);
  });

  it("does not call OPSWAT while another replica holds the identifier's lease, and takes its answer from the cache", async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    fixture = serviceWith(opswat, { maxWaitMs: 600 });
    await fixture.leases.acquire(KEY_A, 'another-replica', 60_000);
    const pending = fixture.service.lookupIdentifier(A, 'MAC_ADDRESS');
    await jest.advanceTimersByTimeAsync(100);
    await fixture.cache.set(KEY_A, { kind: 'found', report: report('REPORTING'), fetchedAt: Date.now() });
    await jest.advanceTimersByTimeAsync(500);
    expect(toComplianceLookup(await pending)).toEqual(expect.objectContaining({ state: 'FRESH', report: report('REPORTING') }));
    expect(opswat.calls).toEqual([]);
  });

  it('treats a failing cache read as a miss and still answers', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    fixture = serviceWith(opswat);
    fixture.cache.get = async () => {
      throw new Error('store down');
    };
    expect((await look(A)).state).toBe('FRESH');
    expect(fixture.logs.text()).toContain('compliance cache read failed');
  });
});

describe('compliance: the local layer over the shared store', () => {
  it('reads a warm answer from the shared store once, then from memory', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    fixture = serviceWith(opswat);
    await look(A);
    const reads = recordReads(fixture.cache);
    for (let i = 0; i < 20; i += 1)
      expect(toComplianceLookup(await fixture.service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(reads.keys).toEqual([]);
  });

  it('trusts a fresh answer until it goes stale, then reads the shared store again', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    fixture = serviceWith(opswat, { ttlMs: 60_000, localTtlMs: 5_000 });
    await look(A);
    const reads = recordReads(fixture.cache);
    jest.setSystemTime(Date.now() + 57_000); // far past localTtlMs, still fresh (ttl 60 s)
    for (let i = 0; i < 20; i += 1)
      expect(toComplianceLookup(await fixture.service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(reads.keys).toEqual([]);
    jest.setSystemTime(Date.now() + 3_000);
    expect(toComplianceLookup(await fixture.service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('STALE');
    await jest.advanceTimersByTimeAsync(50);
    // The lookup's own read, then the refresh checking whether another replica got there first.
    expect(reads.keys).toEqual([KEY_A, KEY_A]);
  });

  it("sees another replica's answer to an identifier it had no answer for once localTtlMs has passed", async () => {
    const opswat = new FakeOpswat();
    fixture = serviceWith(opswat, { localTtlMs: 5_000, maxWaitMs: 0 });
    for (let i = 0; i < 10; i += 1) await fixture.budget.tryAcquire(); // our own call cannot go out
    expect((await look(B)).state).toBe('QUEUED');
    await fixture.cache.set(`report:MAC_ADDRESS:${B}`, { kind: 'found', report: report(), fetchedAt: Date.now() });
    jest.setSystemTime(Date.now() + 4_000);
    expect((await look(B)).state).toBe('QUEUED');
    jest.setSystemTime(Date.now() + 2_000);
    expect((await look(B)).state).toBe('FRESH');
    expect(opswat.calls).toEqual([]);
  });

  it('holds at most localMax entries, evicting the least recently used', async () => {
    const C = 'aa:aa:aa:aa:aa:03';
    const opswat = new FakeOpswat({ [A]: report(), [B]: report(), [C]: report() });
    fixture = serviceWith(opswat, { localMax: 2 });
    for (const mac of [A, B, C]) await look(mac);
    const reads = recordReads(fixture.cache);
    await look(C);
    expect(reads.keys).toEqual([]);
    expect((await look(A)).state).toBe('FRESH');
    expect(reads.keys).toEqual([KEY_A]);
    expect(opswat.asked).toEqual([A, B, C]);
  });
});

/** Records the keys read from the shared store from now on. */
function recordReads(cache: Fixture['cache']): { keys: string[] } {
  const reads = { keys: [] as string[] };
  const get = cache.get.bind(cache);
  cache.get = (async (key: string, ...rest: unknown[]) => {
    reads.keys.push(key);
    return (get as (...args: unknown[]) => unknown)(key, ...rest);
  }) as typeof cache.get;
  return reads;
}
