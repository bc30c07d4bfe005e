import { describe, expect, it } from '@jest/globals';
import { TtlPageCache } from '../../src/policy/index.js';

describe('TtlPageCache', () => {
  it('loads once for concurrent and later reads within the TTL', async () => {
    const cache = new TtlPageCache(1000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { page: loads };
    };
    const results = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect(results).toEqual([{ page: 1 }, { page: 1 }]);
    expect(await cache.getOrLoad('k', load)).toEqual({ page: 1 });
    expect(loads).toBe(1);
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

  it('loads again once the TTL has passed', async () => {
    const cache = new TtlPageCache(20);
    let loads = 0;
    await cache.getOrLoad('k', async () => ++loads);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await cache.getOrLoad('k', async () => ++loads)).toBe(2);
  });
});
