import type Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../common/index.js';
import type { Metrics } from '../metrics/index.js';
import type { Clock } from './clock.js';
import type { CachedAnswer, IdentifierKey } from './compliance.model.js';

/**
 * A healthy change feed's promise: every change to a device reported since `since` has been
 * applied, through the last good poll; reports fetched since then stay FRESH for `ttlMs` (not the
 * TTL of a report nobody watches), as long as the feed keeps polling (`through`).
 */
export interface FreshnessCoverage {
  /** Changes are covered from this time on (epoch ms): older reports get the normal TTL. */
  since: number;
  /** Until when the coverage holds without another good poll (the last one plus a grace of two intervals). */
  through: number;
  /** How long a covered report stays FRESH (FLEET_FEED_TTL_SECONDS). */
  ttlMs: number;
}

/** Options for {@link AnswerCache}. */
export interface AnswerCacheOptions {
  cache: Keyv;
  /** A report younger than this is FRESH. */
  ttlMs: number;
  /** How long "OPSWAT does not know this identifier" is believed. */
  notFoundTtlMs: number;
  /** How long a report is kept after it stops being fresh, to be served as STALE. */
  staleTtlMs: number;
  /**
   * How long this process trusts its own copy of a miss, or of an answer that is no longer
   * fresh, before reading the shared store again (default 5 s): how late it sees another
   * replica's refresh. A fresh answer is trusted until it stops being fresh, since no replica
   * fetches an identifier whose answer is fresh. Its own writes show at once.
   */
  localTtlMs?: number;
  /** Entries of that local layer, least recently used evicted first (default 50,000; see README, "Memory"). */
  localMax?: number;
  /** The change feed's coverage, when it runs: covered reports stay FRESH longer (see {@link FreshnessCoverage}). */
  coverage?: () => FreshnessCoverage | null;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
}

/** A value of the local layer (undefined: the shared store had nothing) and the time it is trusted until. */
interface LocalEntry {
  value: unknown;
  until: number;
}

/**
 * Compliance answers in the shared store (Keyv over Redis or SQLite) behind a local layer of
 * parsed values, with ONE freshness rule ({@link AnswerCache.isFresh}) that every reader uses.
 * A store that fails a read is a miss plus a log line; a failed write keeps the answer in
 * memory, so what this process learned is still served while the store is down.
 */
export class AnswerCache {
  private readonly options: AnswerCacheOptions;
  private readonly local: LRUCache<string, LocalEntry>;
  private writes = 0;

  constructor(options: AnswerCacheOptions) {
    this.options = options;
    this.local = new LRUCache({ max: options.localMax ?? 50_000 });
  }

  /** The freshness rule: a report within ttlMs, a "not found" within notFoundTtlMs (at `now`, default the clock's). */
  isFresh(answer: CachedAnswer, now = this.options.clock.now()): boolean {
    return now < this.freshUntil(answer);
  }

  /**
   * When `answer` stops being fresh (epoch ms): its TTL after it was fetched, or, for a report the
   * change feed covers (fetched since coverage began), the feed's longer TTL as long as the feed
   * keeps polling: its changes arrive by the feed, so it is not asked again.
   */
  freshUntil(answer: CachedAnswer): number {
    if (answer.kind !== 'found') return answer.fetchedAt + this.options.notFoundTtlMs;
    const base = answer.fetchedAt + this.options.ttlMs;
    const coverage = this.options.coverage?.();
    if (!coverage || answer.fetchedAt < coverage.since) return base;
    return Math.max(base, Math.min(answer.fetchedAt + coverage.ttlMs, coverage.through));
  }

  /**
   * Counts every change of the local layer (a write, a read that filled it, a forgotten memo): what
   * `peek` can tell changes only with it, or with time (see the fleet views' memo).
   */
  get version(): number {
    return this.writes;
  }

  /** The local copy of an answer, synchronously (the warm path), unless past its trust at `now`. */
  peek(key: string, now?: number): CachedAnswer | undefined {
    return this.fromLocal(key, now)?.value as CachedAnswer | undefined;
  }

  /** An answer, through the local layer, or straight from the shared store to see other replicas' writes. */
  read(key: string, from: 'local' | 'shared' = 'local'): Promise<CachedAnswer | undefined> {
    return this.get<CachedAnswer>(key, from, (answer) => Math.max(answer ? this.freshUntil(answer) : 0, this.shortTrust()));
  }

  /** Stores an answer for as long as it can be served (fresh, then stale). */
  write(key: string, answer: CachedAnswer): Promise<void> {
    const freshMs = Math.max(this.options.ttlMs, this.options.coverage?.()?.ttlMs ?? 0);
    const keepMs = answer.kind === 'found' ? freshMs + this.options.staleTtlMs : this.options.notFoundTtlMs;
    return this.set(key, answer, keepMs, Math.max(this.freshUntil(answer), this.shortTrust()));
  }

  /** The identifier that answered for a device last time (`key` from the device). */
  peekMemo(key: string, now?: number): IdentifierKey | undefined {
    return this.fromLocal(key, now)?.value as IdentifierKey | undefined;
  }

  /**
   * Whether the local layer knows a device's remembered identifier at `now` (and which, if any):
   * the warm path must tell "remembers none" from "has not read the store yet".
   */
  peekMemoEntry(key: string, now?: number): { memo: IdentifierKey | undefined } | undefined {
    const entry = this.fromLocal(key, now);
    return entry ? { memo: entry.value as IdentifierKey | undefined } : undefined;
  }

  /** Forgets a device's remembered identifier (a hostname match that no longer holds). */
  async deleteMemo(key: string): Promise<void> {
    this.local.set(key, { value: undefined, until: this.shortTrust() });
    this.writes += 1;
    try {
      await this.options.cache.delete(key);
    } catch (error) {
      this.options.logger.warn({ err: error, key }, 'compliance cache delete failed');
    }
  }

  /** Reads a device's remembered identifier; an outdated one only costs a fallback, never a wrong answer. */
  readMemo(key: string): Promise<IdentifierKey | undefined> {
    return this.get<IdentifierKey>(key, 'local', (memo) => (memo ? this.options.clock.now() + this.options.ttlMs : this.shortTrust()));
  }

  /** Remembers which identifier answered for a device. */
  writeMemo(key: string, target: IdentifierKey): Promise<void> {
    return this.set(key, target, this.options.staleTtlMs, this.options.clock.now() + this.options.ttlMs);
  }

  private shortTrust(): number {
    return this.options.clock.now() + (this.options.localTtlMs ?? 5_000);
  }

  private fromLocal(key: string, now = this.options.clock.now()): LocalEntry | undefined {
    const entry = this.local.get(key);
    if (entry === undefined || entry.until > now) return entry;
    this.local.delete(key);
    return undefined;
  }

  private async get<T>(key: string, from: 'local' | 'shared', trustUntil: (value: T | undefined) => number): Promise<T | undefined> {
    const local = from === 'local' ? this.fromLocal(key) : undefined;
    if (local) return local.value as T | undefined;
    try {
      const value = (await this.options.cache.get<T>(key)) ?? undefined;
      this.local.set(key, { value, until: trustUntil(value) });
      this.writes += 1;
      return value;
    } catch (error) {
      this.options.metrics?.cacheReads.inc({ result: 'error' });
      this.options.logger.warn({ err: error, key }, 'compliance cache read failed; treating as a miss');
      return undefined;
    }
  }

  private async set(key: string, value: unknown, keepMs: number, trustedUntil: number): Promise<void> {
    this.local.set(key, { value, until: trustedUntil });
    this.writes += 1;
    try {
      await this.options.cache.set(key, value, keepMs);
    } catch (error) {
      this.options.logger.warn({ err: error, key }, 'compliance cache write failed; the answer is kept in memory');
    }
  }
}
