import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { RedisScript, type RedisCommander } from './redis-script.js';

/**
 * A lease per identifier, so that across replicas only one fetches it at a time. A lease is
 * advisory and time-bound: a crashed holder blocks others for at most `ttlMs`.
 */
export interface LeaseStore {
  /** True when `owner` now holds `key` for `ttlMs`: it was free, expired, or already `owner`'s (renewed). */
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Frees `key` if `owner` holds it; a lease taken over by someone else is left alone. */
  release(key: string, owner: string): Promise<void>;
}

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 1) {
    throw new TypeError(`LeaseStore.acquire: ttlMs must be a positive integer of ms (e.g. 30000), received ${String(ttlMs)}`);
  }
}

/** Leases in the embedded database (a `db` from `openDatabase`); the clock is Date.now(). */
export class SqliteLeaseStore implements LeaseStore {
  readonly #acquire: StatementSync;
  readonly #release: StatementSync;

  constructor(db: DatabaseSync) {
    // One upsert decides and writes: SQLite runs a single statement atomically, so no
    // explicit transaction is needed for the compare-and-set.
    this.#acquire = db.prepare(
      `INSERT INTO leases (lease_key, owner, expires_at) VALUES (:key, :owner, :expiresAt)
       ON CONFLICT (lease_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.expires_at <= :now OR leases.owner = excluded.owner`,
    );
    this.#release = db.prepare('DELETE FROM leases WHERE lease_key = :key AND owner = :owner');
  }

  /** See {@link LeaseStore.acquire}. */
  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs);
    const now = Date.now();
    return Number(this.#acquire.run({ key, owner, expiresAt: now + ttlMs, now }).changes) === 1;
  }

  /** See {@link LeaseStore.release}. */
  async release(key: string, owner: string): Promise<void> {
    this.#release.run({ key, owner });
  }
}

// KEYS: lease. ARGV: owner, ttl ms. SET NX PX, except the owner may renew its own lease.
const ACQUIRE = new RedisScript(`local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`);

// KEYS: lease. ARGV: owner. Compare-and-delete, so a late release cannot free someone else's lease.
const RELEASE = new RedisScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

/**
 * Leases in Redis (one node or a cluster), shared by every replica; expiry is Redis' own key
 * expiry. Each script touches one key, so leases spread over a cluster's slots without a hash tag.
 */
export class RedisLeaseStore implements LeaseStore {
  readonly #client: RedisCommander;
  readonly #prefix: string;

  /** `prefix` (default 'posture:lease') namespaces the lease keys: `${prefix}:${key}`. */
  constructor(client: RedisCommander, options: { prefix?: string } = {}) {
    this.#client = client;
    this.#prefix = options.prefix ?? 'posture:lease';
  }

  /** See {@link LeaseStore.acquire}. */
  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs);
    return (await ACQUIRE.run<number>(this.#client, [`${this.#prefix}:${key}`], [owner, String(ttlMs)])) === 1;
  }

  /** See {@link LeaseStore.release}. */
  async release(key: string, owner: string): Promise<void> {
    await RELEASE.run(this.#client, [`${this.#prefix}:${key}`], [owner]);
  }
}
