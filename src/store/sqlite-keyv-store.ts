import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { immediateTransaction } from './sqlite.js';

/** Options of {@link SqliteKeyvStore}. */
export interface SqliteKeyvStoreOptions {
  /** Expired rows are deleted on a write at most this often (default 60 s); reads ignore them anyway. */
  purgeIntervalMs?: number;
}

interface Row {
  key: string;
  value: string;
}

/**
 * A keyv 5 storage adapter over the embedded database (a `db` from `openDatabase`). Rows are
 * keyed by (namespace, key) so `clear()` empties only the namespace keyv assigned to it.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  /** keyv reads `opts.dialect` to decide the adapter can be iterated. */
  readonly opts = { dialect: 'sqlite', url: 'sqlite://posture' };
  /** Set by keyv to its own namespace; `undefined` is stored as ''. */
  namespace?: string | undefined;

  readonly #db: DatabaseSync;
  readonly #purgeIntervalMs: number;
  #lastPurge = 0;
  readonly #sql: Record<'get' | 'set' | 'delete' | 'clear' | 'has' | 'getMany' | 'deleteMany' | 'iterate' | 'purge', StatementSync>;

  constructor(db: DatabaseSync, options: SqliteKeyvStoreOptions = {}) {
    super();
    const purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    if (!Number.isFinite(purgeIntervalMs) || purgeIntervalMs < 0) {
      throw new TypeError(`SqliteKeyvStore: purgeIntervalMs must be a non-negative number of ms, received ${String(purgeIntervalMs)}`);
    }
    this.#db = db;
    this.#purgeIntervalMs = purgeIntervalMs;
    const live = '(expires_at IS NULL OR expires_at > :now)';
    // Key lists travel as one JSON array so a single prepared statement serves any length.
    const inList = 'key IN (SELECT value FROM json_each(:keys))';
    this.#sql = {
      get: db.prepare(`SELECT value FROM keyv WHERE namespace = :ns AND key = :key AND ${live}`),
      set: db.prepare(
        `INSERT INTO keyv (namespace, key, value, expires_at) VALUES (:ns, :key, :value, :expiresAt)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      ),
      delete: db.prepare(`DELETE FROM keyv WHERE namespace = :ns AND key = :key AND ${live}`),
      clear: db.prepare('DELETE FROM keyv WHERE namespace = :ns'),
      has: db.prepare(`SELECT 1 AS found FROM keyv WHERE namespace = :ns AND key = :key AND ${live}`),
      getMany: db.prepare(`SELECT key, value FROM keyv WHERE namespace = :ns AND ${inList} AND ${live}`),
      deleteMany: db.prepare(`DELETE FROM keyv WHERE namespace = :ns AND ${inList} AND ${live}`),
      iterate: db.prepare(`SELECT key, value FROM keyv WHERE namespace = :ns AND ${live} ORDER BY key`),
      purge: db.prepare('DELETE FROM keyv WHERE expires_at IS NOT NULL AND expires_at <= :now'),
    };
  }

  /** Returns the serialized entry, or undefined when absent or expired. */
  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const row = this.#sql.get.get({ ns: this.#ns, key, now: Date.now() }) as { value: string } | undefined;
    return row?.value as StoredData<Value> | undefined;
  }

  /** Entries in the order of `keys`, undefined where absent or expired. */
  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const rows = this.#sql.getMany.all({ ns: this.#ns, keys: JSON.stringify(keys), now: Date.now() }) as unknown as Row[];
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) as StoredData<Value | undefined>);
  }

  /** Stores keyv's serialized entry; `ttl` in ms, absent or 0 meaning no expiry. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.#write(key, value, ttl);
    this.#purgeIfDue();
    return true;
  }

  /** Stores several entries in one transaction. */
  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    immediateTransaction(this.#db, () => {
      for (const { key, value, ttl } of entries) this.#write(key, value, ttl);
    });
    this.#purgeIfDue();
  }

  /** True when a live entry was deleted. */
  async delete(key: string): Promise<boolean> {
    return Number(this.#sql.delete.run({ ns: this.#ns, key, now: Date.now() }).changes) > 0;
  }

  /** True when at least one live entry was deleted. */
  async deleteMany(keys: string[]): Promise<boolean> {
    const result = this.#sql.deleteMany.run({ ns: this.#ns, keys: JSON.stringify(keys), now: Date.now() });
    return Number(result.changes) > 0;
  }

  /** Deletes every entry of this store's namespace and no other. */
  async clear(): Promise<void> {
    this.#sql.clear.run({ ns: this.#ns });
  }

  /** True when a live entry exists. */
  async has(key: string): Promise<boolean> {
    return this.#sql.has.get({ ns: this.#ns, key, now: Date.now() }) !== undefined;
  }

  /** Checks several keys; keyv's fallback would otherwise ask one by one. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    const found = new Set((await this.getMany<unknown>(keys)).map((value, index) => (value === undefined ? undefined : keys[index])));
    return keys.map((key) => found.has(key));
  }

  /** Live entries of `namespace` (default: this store's) as [key, serialized value]. */
  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const rows = this.#sql.iterate.all({ ns: namespace ?? this.#ns, now: Date.now() }) as unknown as Row[];
    for (const row of rows) yield [row.key, row.value as Awaited<Value>];
  }

  /** Nothing to release: the database belongs to whoever opened it. */
  async disconnect(): Promise<void> {}

  get #ns(): string {
    return this.namespace ?? '';
  }

  #write(key: string, value: unknown, ttl: number | undefined): void {
    if (typeof value !== 'string') {
      // keyv serializes before calling the adapter; a non-string means serialization was turned off.
      throw new TypeError(`SqliteKeyvStore stores keyv's serialized strings; received ${typeof value} for key "${key}"`);
    }
    const expiresAt = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null;
    this.#sql.set.run({ ns: this.#ns, key, value, expiresAt });
  }

  // Purging on writes (rather than on a timer) needs no handle to clean up and costs nothing
  // while idle; reads already filter expired rows, so a late purge only wastes disk.
  #purgeIfDue(): void {
    const now = Date.now();
    if (now - this.#lastPurge < this.#purgeIntervalMs) return;
    this.#lastPurge = now;
    try {
      this.#sql.purge.run({ now });
    } catch (error) {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    }
  }
}
