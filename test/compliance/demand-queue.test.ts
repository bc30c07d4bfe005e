import { describe, expect, it } from '@jest/globals';
import { DemandQueue } from '../../src/compliance/index.js';

const target = (identifier: string) => ({ identifier, kind: 'MAC_ADDRESS' as const });

describe('DemandQueue', () => {
  it('joins a second demand for the same key instead of queueing it twice', () => {
    const queue = new DemandQueue(10);
    const first = queue.demand('a', target('a'), 1);
    const second = queue.demand('a', target('a'), 2);
    expect(first.kind === 'queued' && second.kind === 'queued' && first.job === second.job).toBe(true);
    expect(queue.size).toBe(1);
  });

  it('hands out the oldest demand first, and arrival order breaks ties within a millisecond', () => {
    const queue = new DemandQueue(10);
    queue.demand('late', target('late'), 5);
    queue.demand('tie-1', target('tie-1'), 3);
    queue.demand('tie-2', target('tie-2'), 3);
    expect([queue.take(10)?.key, queue.take(10)?.key, queue.take(10)?.key]).toEqual(['tie-1', 'tie-2', 'late']);
  });

  it("counts a job's place in line", () => {
    const queue = new DemandQueue(10);
    const jobs = ['a', 'b', 'c'].map((key) => queue.demand(key, target(key), 7));
    expect(jobs.map((result) => (result.kind === 'queued' ? queue.positionOf(result.job) : -1))).toEqual([0, 1, 2]);
  });

  it("lets a successor take its predecessor's place, with its own identifier", () => {
    const queue = new DemandQueue(10);
    const first = queue.demand('a', target('a'), 1);
    queue.demand('b', target('b'), 2);
    if (first.kind !== 'queued') throw new Error('not queued');
    queue.complete(first.job, { kind: 'answered', answer: { kind: 'not_found', fetchedAt: 1 } });
    const next = queue.demand('a2', target('a2'), 9, [], first.job);
    expect(next.kind === 'queued' && next.job.identifier).toBe('a2');
    expect(queue.take(10)?.key).toBe('a2');
  });

  it('skips jobs deferred until later and says when to look again', () => {
    const queue = new DemandQueue(10);
    const result = queue.demand('a', target('a'), 1);
    if (result.kind !== 'queued') throw new Error('not queued');
    queue.take(1);
    queue.release(result.job, 500);
    expect(queue.take(100)).toBeUndefined();
    expect(queue.nextDeferredAt(100)).toBe(500);
    expect(queue.take(500)?.key).toBe('a');
  });

  it('refuses new keys when full, and wakes every waiter when drained', async () => {
    const queue = new DemandQueue(1);
    const result = queue.demand('a', target('a'), 1);
    expect(queue.demand('b', target('b'), 1)).toEqual({ kind: 'full' });
    queue.drain({ kind: 'failed', code: 'UPSTREAM_UNAVAILABLE', message: 'stopping', retryAt: 0 });
    if (result.kind !== 'queued') throw new Error('not queued');
    await expect(result.job.done).resolves.toEqual(expect.objectContaining({ kind: 'failed' }));
    expect(queue.size).toBe(0);
  });
});
