import { LRUCache } from 'lru-cache';
import type { PageCache } from './policy.service.js';

/** Options of {@link TtlPageCache}. */
export interface TtlPageCacheOptions {
  /** Most pages kept (default 500). */
  maxPages?: number;
  /** Most bytes kept, counting each page as its JSON length (default 64 MiB); a larger page is served, not kept. */
  maxBytes?: number;
  /** The clock (ms); tests pass a fake one. */
  now?: () => number;
}

/** A load in flight, shared by every request that asked for the page meanwhile. */
interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  /** Requests still waiting that can go away; the load is aborted when the last one has. */
  cancellable: number;
  /** Some waiter cannot go away (no signal): the load always runs to its end. */
  pinned: boolean;
}

/**
 * Policy-history pages for a short TTL, so a table polled every few seconds does not cost an
 * Automox call each time. Concurrent misses share one load; a failed load is never cached. Bounded
 * by pages and by bytes, and a full cache never fails a request: a page it cannot keep is still
 * served. A load is aborted (its retries too) once every request waiting for it has gone.
 */
export class TtlPageCache implements PageCache {
  private readonly pages: LRUCache<string, { value: unknown }>;
  private readonly flights = new Map<string, Flight>();

  constructor(ttlMs: number, options: TtlPageCacheOptions = {}) {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.pages = new LRUCache({
      max: options.maxPages ?? 500,
      maxSize: maxBytes,
      maxEntrySize: maxBytes,
      ttl: ttlMs,
      ttlAutopurge: false,
      // Read the clock on every lookup rather than caching it for a tick (one call per request).
      ttlResolution: 0,
      ...(options.now ? { perf: { now: options.now } } : {}),
    });
  }

  /** The cached page, or the result of `load` (kept when it succeeds and fits); `signal` is the asking request's. */
  async getOrLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const hit = this.pages.get(key);
    if (hit) return hit.value as T;
    signal?.throwIfAborted();
    const flight = this.flights.get(key) ?? this.start(key, load);
    if (!signal) {
      flight.pinned = true;
      return flight.promise as Promise<T>;
    }
    flight.cancellable += 1;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        flight.cancellable -= 1;
        if (flight.cancellable === 0 && !flight.pinned) flight.controller.abort(signal.reason);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private start<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Flight {
    const controller = new AbortController();
    const flight: Flight = { controller, cancellable: 0, pinned: false, promise: Promise.resolve() };
    flight.promise = load(controller.signal)
      .then((value) => {
        // Sized once, when stored; a page too large for the cache is served and not kept.
        this.pages.set(key, { value }, { size: Math.max(1, JSON.stringify(value)?.length ?? 1) });
        return value;
      })
      .finally(() => this.flights.delete(key));
    // A load nobody waits for any more must not surface as an unhandled rejection.
    flight.promise.catch(() => undefined);
    this.flights.set(key, flight);
    return flight;
  }
}
