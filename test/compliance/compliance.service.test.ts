import { afterEach, describe, expect, it } from '@jest/globals';
import { UpstreamError } from '../../src/common/index.js';
import type { ComplianceService } from '../../src/compliance/index.js';
import { FakeOpswat, report, serviceWith } from './fakes.js';

const A = 'aa:aa:aa:aa:aa:01';
const B = 'aa:aa:aa:aa:aa:02';
let service: ComplianceService | undefined;
afterEach(() => service?.close());
const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('compliance: answering from the cache', () => {
  it('fetches once, then answers FRESH without calling OPSWAT again', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    ({ service } = serviceWith(opswat));
    const first = await service.lookupIdentifier(A, 'MAC_ADDRESS');
    const second = await service.lookupIdentifier(A.toUpperCase(), 'MAC_ADDRESS');
    expect(first).toEqual(expect.objectContaining({ state: 'FRESH', identifier: A, report: report() }));
    expect(second.state).toBe('FRESH');
    expect(Date.parse(second.expiresAt!) - Date.parse(second.fetchedAt!)).toBe(60_000);
    expect(opswat.calls).toEqual([A]);
  });

  it('deduplicates concurrent demand for one identifier into one call', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    opswat.delayMs = 50;
    ({ service } = serviceWith(opswat));
    const results = await Promise.all(Array.from({ length: 10 }, () => service!.lookupIdentifier(A, 'MAC_ADDRESS')));
    expect(results.every((result) => result.state === 'FRESH')).toBe(true);
    expect(opswat.calls).toEqual([A]);
  });

  it('serves an expired report at once as STALE and refreshes it in the background', async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat({ [A]: report('NON_COMPLIANT') });
    ({ service } = serviceWith(opswat, { now: () => now }));
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    now += 61_000;
    const stale = await service.lookupIdentifier(A, 'MAC_ADDRESS');
    expect(stale).toEqual(expect.objectContaining({ state: 'STALE', report: report('NON_COMPLIANT') }));
    await settle();
    expect(opswat.calls).toEqual([A, A]);
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
  });

  it('remembers "not found" for its own, shorter TTL', async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat();
    ({ service } = serviceWith(opswat, { now: () => now }));
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('NOT_FOUND');
    now += 29_000;
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('NOT_FOUND');
    expect(opswat.calls).toHaveLength(1);
    now += 2_000;
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    expect(opswat.calls).toHaveLength(2);
  });
});

describe('compliance: waiting and queueing', () => {
  it('answers QUEUED with retryAfterSeconds when OPSWAT takes longer than maxWaitMs, and fills the cache later', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    opswat.delayMs = 200;
    ({ service } = serviceWith(opswat, { maxWaitMs: 50 }));
    const started = Date.now();
    const queued = await service.lookupIdentifier(A, 'MAC_ADDRESS');
    expect(Date.now() - started).toBeLessThan(150);
    expect(queued).toEqual(expect.objectContaining({ state: 'QUEUED', identifier: A, report: null }));
    expect(queued.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await settle(250);
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(opswat.calls).toEqual([A]);
  });

  it('works the oldest demand first', async () => {
    const opswat = new FakeOpswat();
    const fixture = serviceWith(opswat, { maxWaitMs: 0, concurrency: 1 });
    service = fixture.service;
    fixture.budget.granting = false;
    for (const mac of [B, A]) await service.lookupIdentifier(mac, 'MAC_ADDRESS');
    fixture.budget.granting = true;
    await settle(1200);
    expect(opswat.calls).toEqual([B, A]);
  });

  it('refuses new identifiers once the queue is full, saying when to come back', async () => {
    const opswat = new FakeOpswat();
    const fixture = serviceWith(opswat, { maxWaitMs: 0, queueMax: 1 });
    service = fixture.service;
    fixture.budget.granting = false;
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    const refused = await service.lookupIdentifier(B, 'MAC_ADDRESS');
    expect(refused).toEqual(expect.objectContaining({ state: 'FAILED', failureCode: 'UPSTREAM_RATE_LIMITED' }));
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});

describe('compliance: devices and their MACs', () => {
  it('is UNMATCHED without a MAC, and falls back to the next MAC when OPSWAT does not know the first', async () => {
    const opswat = new FakeOpswat({ [B]: report() });
    ({ service } = serviceWith(opswat));
    expect((await service.lookupDevice({ hostname: 'x', macAddresses: [] })).state).toBe('UNMATCHED');
    const result = await service.lookupDevice({ hostname: 'WS-1', macAddresses: [A, B] });
    expect(result).toEqual(expect.objectContaining({ state: 'FRESH', identifier: B }));
    expect(opswat.calls).toEqual([A, B]);
  });

  it('remembers which identifier answered, and asks with it first next time', async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat({ [B]: report() });
    ({ service } = serviceWith(opswat, { now: () => now }));
    await service.lookupDevice({ hostname: 'WS-1', macAddresses: [A, B] });
    now += 120_000; // both the report and the "not found" for A have expired
    const result = await service.lookupDevice({ hostname: 'ws-1.', macAddresses: [A, B] });
    expect(result.state).toBe('STALE');
    await settle();
    expect(opswat.calls).toEqual([A, B, B]);
  });

  it('queues the next MAC in the background when the first turns out unknown after the request answered', async () => {
    const opswat = new FakeOpswat({ [B]: report() });
    opswat.delayMs = 60;
    ({ service } = serviceWith(opswat, { maxWaitMs: 10 }));
    expect((await service.lookupDevice({ hostname: 'WS-2', macAddresses: [A, B] })).state).toBe('QUEUED');
    await settle(250);
    expect(opswat.calls).toEqual([A, B]);
    expect(await service.lookupDevice({ hostname: 'WS-2', macAddresses: [A, B] })).toEqual(
      expect.objectContaining({ state: 'FRESH', identifier: B }),
    );
  });
});

describe('compliance: failures', () => {
  it('answers FAILED with the code, backs off without spending budget, and never overwrites a good report', async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat({ [A]: report() });
    ({ service } = serviceWith(opswat, { now: () => now }));
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    opswat.failWith = new UpstreamError('UPSTREAM_UNAVAILABLE', 'opswat', 'OPSWAT policy check failed: HTTP 500', { status: 500 });
    now += 61_000;
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('STALE');
    await settle();
    // The failed refresh left the report in place: still STALE, not FAILED.
    expect(await service.lookupIdentifier(A, 'MAC_ADDRESS')).toEqual(expect.objectContaining({ state: 'STALE', report: report() }));

    const failed = await service.lookupIdentifier(B, 'MAC_ADDRESS');
    expect(failed).toEqual(expect.objectContaining({ state: 'FAILED', failureCode: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 15 }));
    const callsAfterFailure = opswat.calls.length;
    expect((await service.lookupIdentifier(B, 'MAC_ADDRESS')).state).toBe('FAILED');
    expect(opswat.calls).toHaveLength(callsAfterFailure);
  });

  it('pauses the shared budget after a 429, for its Retry-After or one full window', async () => {
    const opswat = new FakeOpswat();
    const fixture = serviceWith(opswat, { maxWaitMs: 20, windowMs: 5000 });
    service = fixture.service;
    opswat.failWith = new UpstreamError('UPSTREAM_RATE_LIMITED', 'opswat', '429', { status: 429, retryAfterMs: 7000 });
    const before = Date.now();
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('QUEUED');
    await settle();
    expect(fixture.budget.pauses[0]).toBeGreaterThanOrEqual(before + 7000);
    opswat.failWith = new UpstreamError('UPSTREAM_RATE_LIMITED', 'opswat', '429', { status: 429 });
    await service.lookupIdentifier(B, 'MAC_ADDRESS');
    await settle();
    expect(fixture.budget.pauses.some((until) => until >= before + 5000 && until < before + 7000)).toBe(true);
  });

  it("does not call OPSWAT while another replica holds the identifier's lease, and takes its answer from the cache", async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    const fixture = serviceWith(opswat, { maxWaitMs: 600 });
    service = fixture.service;
    fixture.leases.heldElsewhere.add(`report:MAC_ADDRESS:${A}`);
    const pending = service.lookupIdentifier(A, 'MAC_ADDRESS');
    await settle(100);
    await fixture.cache.set(`report:MAC_ADDRESS:${A}`, { kind: 'found', report: report('REPORTING'), fetchedAt: Date.now() });
    expect(await pending).toEqual(expect.objectContaining({ state: 'FRESH', report: report('REPORTING') }));
    expect(opswat.calls).toEqual([]);
  });

  it('treats a failing cache store as a miss and still answers', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    const fixture = serviceWith(opswat);
    service = fixture.service;
    fixture.cache.get = async () => {
      throw new Error('store down');
    };
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(fixture.logs.text()).toContain('compliance cache read failed');
  });
});

describe('compliance: the local layer over the shared store', () => {
  it('reads a warm answer from the shared store once, then from memory', async () => {
    const opswat = new FakeOpswat({ [A]: report() });
    const fixture = serviceWith(opswat);
    service = fixture.service;
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    const reads = recordReads(fixture.cache);
    for (let i = 0; i < 20; i += 1) expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(reads.keys).toEqual([]);
  });

  it('trusts a fresh answer until it goes stale, then reads the shared store again', async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat({ [A]: report() });
    const fixture = serviceWith(opswat, { now: () => now, localTtlMs: 5_000 });
    service = fixture.service;
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    const reads = recordReads(fixture.cache);
    now += 59_000; // far past localTtlMs, still fresh (ttl 60 s)
    for (let i = 0; i < 20; i += 1) expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(reads.keys).toEqual([]);
    now += 2_000;
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('STALE');
    // The lookup's own read, then the refresh it queued checking whether another replica got there first.
    expect(reads.keys).toEqual([`report:MAC_ADDRESS:${A}`, `report:MAC_ADDRESS:${A}`]);
  });

  it("sees another replica's refresh of a stale answer once localTtlMs has passed, without calling OPSWAT", async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat({ [A]: report('COMPLIANT') });
    const fixture = serviceWith(opswat, { now: () => now, localTtlMs: 5_000 });
    service = fixture.service;
    await service.lookupIdentifier(A, 'MAC_ADDRESS');
    fixture.budget.granting = false; // our own refresh cannot go out
    now += 61_000;
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('STALE');
    await fixture.cache.set(`report:MAC_ADDRESS:${A}`, { kind: 'found', report: report('NON_COMPLIANT'), fetchedAt: now });
    now += 4_000;
    expect(await service.lookupIdentifier(A, 'MAC_ADDRESS')).toEqual(
      expect.objectContaining({ state: 'STALE', report: report('COMPLIANT') }),
    );
    now += 2_000;
    expect(await service.lookupIdentifier(A, 'MAC_ADDRESS')).toEqual(
      expect.objectContaining({ state: 'FRESH', report: report('NON_COMPLIANT') }),
    );
    expect(opswat.calls).toEqual([A]);
  });

  it("sees another replica's answer to an identifier it had no answer for once localTtlMs has passed", async () => {
    let now = 1_000_000;
    const opswat = new FakeOpswat();
    const fixture = serviceWith(opswat, { now: () => now, localTtlMs: 5_000, maxWaitMs: 0 });
    service = fixture.service;
    fixture.budget.granting = false;
    expect((await service.lookupIdentifier(B, 'MAC_ADDRESS')).state).toBe('QUEUED');
    await fixture.cache.set(`report:MAC_ADDRESS:${B}`, { kind: 'found', report: report(), fetchedAt: now });
    now += 4_000;
    expect((await service.lookupIdentifier(B, 'MAC_ADDRESS')).state).toBe('QUEUED');
    now += 2_000;
    expect((await service.lookupIdentifier(B, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(opswat.calls).toEqual([]);
  });

  it('holds at most localMax entries, evicting the least recently used', async () => {
    const C = 'aa:aa:aa:aa:aa:03';
    const opswat = new FakeOpswat({ [A]: report(), [B]: report(), [C]: report() });
    const fixture = serviceWith(opswat, { localMax: 2 });
    service = fixture.service;
    for (const mac of [A, B, C]) await service.lookupIdentifier(mac, 'MAC_ADDRESS');
    const reads = recordReads(fixture.cache);
    await service.lookupIdentifier(C, 'MAC_ADDRESS');
    expect(reads.keys).toEqual([]);
    expect((await service.lookupIdentifier(A, 'MAC_ADDRESS')).state).toBe('FRESH');
    expect(reads.keys).toEqual([`report:MAC_ADDRESS:${A}`]);
    expect(opswat.calls).toEqual([A, B, C]);
  });
});

/** Records the keys read from the shared store from now on. */
function recordReads(cache: ReturnType<typeof serviceWith>['cache']): { keys: string[] } {
  const reads = { keys: [] as string[] };
  const get = cache.get.bind(cache);
  cache.get = (async (key: string, ...rest: unknown[]) => {
    reads.keys.push(key);
    return (get as (...args: unknown[]) => unknown)(key, ...rest);
  }) as typeof cache.get;
  return reads;
}
