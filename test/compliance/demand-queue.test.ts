import { describe, expect, it } from '@jest/globals';
import { DemandQueue } from '../../src/compliance/index.js';
import type { Demand } from '../../src/compliance/index.js';

const mac = (identifier: string) => ({ identifier, kind: 'MAC_ADDRESS' as const });
const hwid = (identifier: string) => ({ identifier, kind: 'HWID' as const });
const lookupBy = (clientId: string): Demand => ({ clientId, priority: 'lookup' });
const inventoryOf = (clientId: string): Demand => ({ clientId, priority: 'inventory' });

function queue(overrides: Partial<ConstructorParameters<typeof DemandQueue>[0]> = {}) {
  return new DemandQueue({ queueMax: 100, clientQueueMax: 100, batchMax: 3, alone: (job) => job.kind !== 'MAC_ADDRESS', ...overrides });
}

const keys = (jobs: Array<{ key: string }>) => jobs.map((job) => job.key);

describe('DemandQueue: deduplication and order', () => {
  it('joins a second demand for the same key instead of queueing it twice', () => {
    const q = queue();
    const first = q.demand('a', mac('a'), lookupBy('x'), 1);
    const second = q.demand('a', mac('a'), lookupBy('y'), 2);
    expect(first.kind === 'queued' && second.kind === 'queued' && first.job === second.job).toBe(true);
    expect(q.size).toBe(1);
  });

  it('packs the oldest demand first within a client, and arrival order breaks ties within a millisecond', () => {
    const q = queue({ batchMax: 1 });
    q.demand('late', mac('late'), lookupBy('x'), 500);
    q.demand('tie-1', mac('tie-1'), lookupBy('x'), 300);
    q.demand('tie-2', mac('tie-2'), lookupBy('x'), 300);
    expect([q.pack(10), q.pack(10), q.pack(10)].map(keys)).toEqual([['tie-1'], ['tie-2'], ['late']]);
  });

  it('keeps a released job in its place, not packed again before notBefore', () => {
    const q = queue({ batchMax: 1 });
    q.demand('a', mac('a'), lookupBy('x'), 1);
    q.demand('b', mac('b'), lookupBy('x'), 2);
    const [a] = q.pack(10);
    q.release(a!, 50);
    expect(keys(q.pack(10))).toEqual(['b']);
    expect(q.pack(20)).toEqual([]);
    expect(q.nextDeferredAt(20)).toBe(50);
    expect(keys(q.pack(50))).toEqual(['a']);
  });
});

describe('DemandQueue: packing calls', () => {
  it('packs up to batchMax MACs in one call, and an HWID alone', () => {
    const q = queue();
    q.demand('h', hwid('h'), lookupBy('x'), 1);
    for (const [i, key] of ['m1', 'm2', 'm3', 'm4'].entries()) q.demand(key, mac(key), lookupBy('x'), 2 + i);
    expect([q.pack(10), q.pack(10), q.pack(10)].map(keys)).toEqual([['h'], ['m1', 'm2', 'm3'], ['m4']]);
  });

  it('takes one job per client per round, so a flood delays another client by at most one call', () => {
    const q = queue({ batchMax: 4 });
    for (let i = 0; i < 10; i += 1) q.demand(`a${i}`, mac(`a${i}`), lookupBy('A'), i);
    q.demand('b0', mac('b0'), lookupBy('B'), 100);
    q.demand('b1', mac('b1'), lookupBy('B'), 101);
    expect(keys(q.pack(1_000)).sort()).toEqual(['a0', 'a1', 'b0', 'b1']);
  });

  it('packs every client’s inventory devices before any free-form lookup', () => {
    const q = queue({ batchMax: 2 });
    q.demand('free', mac('free'), lookupBy('A'), 1);
    q.demand('dev1', mac('dev1'), inventoryOf('B'), 2);
    q.demand('dev2', mac('dev2'), inventoryOf('A'), 3);
    expect(keys(q.pack(10)).sort()).toEqual(['dev1', 'dev2']);
  });

  it('tells each waiting job the index of the call that will carry it', () => {
    const q = queue({ batchMax: 2 });
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((key, i) => q.demand(key, mac(key), lookupBy('x'), i));
    expect(jobs.map((result) => (result.kind === 'queued' ? q.scheduleOf(result.job).call : -1))).toEqual([0, 0, 1, 1, 2]);
  });

  it('asks first, among simultaneous demands, the identifiers that may need follow-ups, and counts those follow-ups', () => {
    const q = queue({ batchMax: 2 });
    q.demand('single', mac('single'), inventoryOf('x'), 10);
    const multi = q.demand('first-of-two', mac('first-of-two'), inventoryOf('x'), 20, [mac('second-of-two')]);
    const last = q.demand('other', mac('other'), inventoryOf('x'), 30);
    expect(multi.kind === 'queued' && last.kind === 'queued' && q.scheduleOf(last.job)).toEqual({
      call: 1,
      fallbacksAhead: 1,
      followUpCall: 1,
      fallbacksBeforeFollowUp: 1,
    });
    // Its follow-up would rank after 'single' (older) and ahead of 'other': it joins call 1.
    expect(multi.kind === 'queued' && q.scheduleOf(multi.job)).toEqual({
      call: 0,
      fallbacksAhead: 0,
      followUpCall: 1,
      fallbacksBeforeFollowUp: 1,
    });
    expect(keys(q.pack(100))).toEqual(['first-of-two', 'single']);
  });
});

describe('DemandQueue: bounds', () => {
  it("refuses a client's free-form lookups beyond clientQueueMax, and only that client's", () => {
    const q = queue({ clientQueueMax: 2 });
    q.demand('a1', mac('a1'), lookupBy('A'), 1);
    q.demand('a2', mac('a2'), lookupBy('A'), 2);
    expect(q.demand('a3', mac('a3'), lookupBy('A'), 3).kind).toBe('client-full');
    expect(q.demand('b1', mac('b1'), lookupBy('B'), 4).kind).toBe('queued');
    expect(q.demand('a-device', mac('a-device'), inventoryOf('A'), 5).kind).toBe('queued');
  });

  it('makes room for an inventory device by evicting the newest free-form lookup of the heaviest client', () => {
    const q = queue({ queueMax: 3 });
    q.demand('a1', mac('a1'), lookupBy('A'), 1);
    q.demand('a2', mac('a2'), lookupBy('A'), 2);
    q.demand('b1', mac('b1'), lookupBy('B'), 3);
    expect(q.demand('x', mac('x'), lookupBy('C'), 4).kind).toBe('full');
    const result = q.demand('dev', mac('dev'), inventoryOf('C'), 5);
    expect(result.kind === 'queued' && result.evicted?.key).toBe('a2');
    expect(q.size).toBe(3);
  });
});
