/** One specification of the per-identifier leases, run against every backend: SQLite, one Redis node, a Redis Cluster. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DatabaseSync } from 'node:sqlite';
import type { LeaseStore } from '../../src/store/index.js';
import { RedisLeaseStore, SqliteLeaseStore } from '../../src/store/leases.js';
import { openDatabase } from '../../src/store/sqlite.js';
import {
  closeRedis,
  clusterAdmin,
  connectCluster,
  connectRedis,
  deleteKeys,
  sleep,
  tempDir,
  uniquePrefix,
  type TestRedisClient,
  type TestRedisCluster,
} from './helpers.js';

interface LeaseWorld {
  /** Another replica's lease store over the same shared state. */
  instance(): Promise<LeaseStore>;
  close(): Promise<void>;
}

function sqliteWorld(): LeaseWorld {
  const dir = tempDir();
  const handles: DatabaseSync[] = [];
  return {
    async instance() {
      const db = openDatabase(dir.path);
      handles.push(db);
      return new SqliteLeaseStore(db);
    },
    async close() {
      for (const db of handles) db.close();
      dir.remove();
    },
  };
}

function redisWorld(): LeaseWorld {
  const prefix = uniquePrefix();
  const clients: TestRedisClient[] = [];
  return {
    async instance() {
      const client = await connectRedis();
      clients.push(client);
      return new RedisLeaseStore(client, { prefix });
    },
    async close() {
      if (clients[0]) await deleteKeys(clients[0], prefix);
      for (const client of clients) await closeRedis(client);
    },
  };
}

function clusterWorld(): LeaseWorld {
  // No hash tag: each lease is one key, so leases spread over the cluster's primaries.
  const prefix = uniquePrefix();
  const clusters: TestRedisCluster[] = [];
  return {
    async instance() {
      const cluster = await connectCluster();
      clusters.push(cluster);
      return new RedisLeaseStore(cluster, { prefix });
    },
    async close() {
      if (clusters[0]) await clusterAdmin(clusters[0]).deleteKeys(prefix);
      for (const cluster of clusters) if (cluster.isOpen) await cluster.close();
    },
  };
}

describe.each([
  { name: 'SqliteLeaseStore', world: sqliteWorld },
  { name: 'RedisLeaseStore', world: redisWorld },
  { name: 'RedisLeaseStore on a cluster', world: clusterWorld },
])('$name', ({ world: makeWorld }) => {
  let world: LeaseWorld;
  let a: LeaseStore;
  let b: LeaseStore;

  beforeEach(async () => {
    world = makeWorld();
    [a, b] = [await world.instance(), await world.instance()];
  });

  afterEach(async () => {
    await world.close();
  });

  it('grants a free key to the first replica and refuses it to the others', async () => {
    expect(await a.acquire('aa:bb:cc:dd:ee:ff', 'replica-a', 10_000)).toBe(true);
    expect(await b.acquire('aa:bb:cc:dd:ee:ff', 'replica-b', 10_000)).toBe(false);
    expect(await b.acquire('11:22:33:44:55:66', 'replica-b', 10_000)).toBe(true);
  });

  it('lets exactly one of many racing replicas win', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).acquire('contended', `owner-${i}`, 10_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('renews the lease for the owner that already holds it', async () => {
    expect(await a.acquire('k', 'owner', 100)).toBe(true);
    await sleep(60);
    expect(await b.acquire('k', 'owner', 100)).toBe(true);
    await sleep(60);
    // Past the first term, still held thanks to the renewal.
    expect(await b.acquire('k', 'someone else', 100)).toBe(false);
  });

  it('frees the key once the lease expires, so a crashed holder cannot block it for ever', async () => {
    expect(await a.acquire('k', 'crashed', 50)).toBe(true);
    await sleep(80);
    expect(await b.acquire('k', 'successor', 10_000)).toBe(true);
  });

  it('is released by its owner, freeing the key at once', async () => {
    await a.acquire('k', 'owner', 10_000);
    await a.release('k', 'owner');
    expect(await b.acquire('k', 'next', 10_000)).toBe(true);
  });

  it('ignores a release by anyone but the owner', async () => {
    await a.acquire('k', 'owner', 10_000);
    await b.release('k', 'intruder');
    expect(await b.acquire('k', 'intruder', 10_000)).toBe(false);
  });

  it('ignores a late release by a former owner whose lease was taken over', async () => {
    await a.acquire('k', 'slow', 50);
    await sleep(80);
    await b.acquire('k', 'successor', 10_000);
    await a.release('k', 'slow');
    expect(await a.acquire('k', 'third', 10_000)).toBe(false);
  });

  it('rejects a ttl that is not a positive integer of ms', async () => {
    await expect(a.acquire('k', 'owner', 0)).rejects.toThrow(/ttlMs must be a positive integer/);
  });
});
