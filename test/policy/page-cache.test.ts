import { describe, expect, it } from '@jest/globals';
import { TtlPageCache } from '../../src/policy/index.js';

/** A load the test settles by hand, recording the signal it was given. */
function deferredLoad<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const signals: AbortSignal[] = [];
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return {
    load: (signal: AbortSignal) => {
      signals.push(signal);
      return promise;
    },
    resolve,
    reject,
    signals,
  };
}

describe('TtlPageCache', () => {
  it('loads once for concurrent and later reads within the TTL', async () => {
    const cache = new TtlPageCache(1000);
    const pending = deferredLoad<{ page: number }>();
    const both = Promise.all([cache.getOrLoad('k', pending.load), cache.getOrLoad('k', pending.load)]);
    pending.resolve({ page: 1 });
    expect(await both).toEqual([{ page: 1 }, { page: 1 }]);
    expect(await cache.getOrLoad('k', async () => ({ page: 2 }))).toEqual({ page: 1 });
    expect(pending.signals).toHaveLength(1);
  });

  it('never caches a failure', async () => {
    const cache = new TtlPageCache(1000);
    await expect(
      cache.getOrLoad('k', async () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    expect(await cache.getOrLoad('k', async () => 'fresh')).toBe('fresh');
  });

  it('loads again once the TTL has passed on its clock', async () => {
    let now = 1_000;
    const cache = new TtlPageCache(20, { now: () => now });
    let loads = 0;
    await cache.getOrLoad('k', async () => ++loads);
    now += 19;
    expect(await cache.getOrLoad('k', async () => ++loads)).toBe(1);
    now += 2;
    expect(await cache.getOrLoad('k', async () => ++loads)).toBe(2);
  });
});

describe('TtlPageCache bounds', () => {
  it('keeps pages within a byte budget, evicting the least recently used', async () => {
    const cache = new TtlPageCache(60_000, { maxBytes: 2_500 });
    const page = (n: number) => ({ n, rows: 'x'.repeat(1_000) });
    await cache.getOrLoad('a', async () => page(1));
    await cache.getOrLoad('b', async () => page(2));
    await cache.getOrLoad('c', async () => page(3));
    let loads = 0;
    await cache.getOrLoad('a', async () => {
      loads += 1;
      return page(1);
    });
    expect(loads).toBe(1);
    expect(await cache.getOrLoad('c', async () => page(99))).toEqual(page(3));
  });

  it('serves a page too large to keep, and keeps serving when full', async () => {
    const cache = new TtlPageCache(60_000, { maxBytes: 100, maxPages: 2 });
    const huge = { rows: 'x'.repeat(1_000) };
    expect(await cache.getOrLoad('huge', async () => huge)).toEqual(huge);
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => cache.getOrLoad(`k${i}`, async () => i)));
    expect(results).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });
});

describe('TtlPageCache and requests that go away', () => {
  it('aborts the shared load once every waiting request has gone', async () => {
    const cache = new TtlPageCache(60_000);
    const pending = deferredLoad<string>();
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.getOrLoad('k', pending.load, first.signal);
    const b = cache.getOrLoad('k', pending.load, second.signal);
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('first left');
    expect(pending.signals[0]!.aborted).toBe(false);
    second.abort(new Error('second left'));
    await expect(b).rejects.toThrow('second left');
    expect(pending.signals[0]!.aborted).toBe(true);
  });

  it('lets the load finish for a request that stays', async () => {
    const cache = new TtlPageCache(60_000);
    const pending = deferredLoad<string>();
    const leaving = new AbortController();
    const gone = cache.getOrLoad('k', pending.load, leaving.signal);
    const staying = cache.getOrLoad('k', pending.load);
    leaving.abort(new Error('left'));
    await expect(gone).rejects.toThrow('left');
    expect(pending.signals[0]!.aborted).toBe(false);
    pending.resolve('page');
    expect(await staying).toBe('page');
  });
});
