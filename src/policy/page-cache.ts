import { LRUCache } from 'lru-cache';
import type { PageCache } from './policy.service.js';

/**
 * Policy-history pages for a short TTL, so a table polled every few seconds does not cost an
 * Automox call each time. Concurrent misses share one fetch; a failed fetch is never cached.
 */
export class TtlPageCache implements PageCache {
  private readonly cache: LRUCache<string, { value: unknown }, () => Promise<unknown>>;

  constructor(ttlMs: number, maxPages = 500) {
    this.cache = new LRUCache({
      max: maxPages,
      ttl: ttlMs,
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
    });
  }

  /** The cached page, or the result of `load` (cached when it succeeds). */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    // A plain read first: `fetch` builds its single-flight machinery even for a hit.
    const hit = this.cache.get(key);
    if (hit) return hit.value as T;
    const entry = await this.cache.fetch(key, { context: load });
    return entry!.value as T;
  }
}
