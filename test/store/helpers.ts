/** Shared set-up for the store tests: Redis connections (one node, a cluster) that fail loudly, temp dirs, timing. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient, createCluster } from 'redis';

/** Where the Redis-backed tests connect. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const REDIS_MISSING =
  `These tests need Redis at $REDIS_URL (default redis://127.0.0.1:6379); .ci/run starts it, ` +
  `or run: redis-server --daemonize yes --port 6379 --save '' --appendonly no`;

/** A connected node-redis client. */
export type TestRedisClient = ReturnType<typeof createClient>;

/** Connects to REDIS_URL, or fails (never skips) with a message saying how to start Redis. */
export async function connectRedis(): Promise<TestRedisClient> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on('error', () => {}); // connect() rejects with the same error; don't crash on the event
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`${REDIS_MISSING} (tried ${REDIS_URL}: ${(error as Error).message})`, { cause: error });
  }
  return client;
}

/** Where the Redis Cluster tests connect: REDIS_CLUSTER_NODES, as `host:port` seeds. */
export const REDIS_CLUSTER_NODES = (process.env.REDIS_CLUSTER_NODES ?? '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002').split(',');

const CLUSTER_MISSING =
  'These tests need a Redis Cluster at $REDIS_CLUSTER_NODES (default 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002); ' +
  '.ci/run starts it, or run: .ci/redis-cluster';

/** A connected node-redis cluster client. */
export type TestRedisCluster = ReturnType<typeof createCluster>;

/** Connects to REDIS_CLUSTER_NODES, or fails (never skips) with one line saying how to start the cluster. */
export async function connectCluster(): Promise<TestRedisCluster> {
  const cluster = createCluster({
    rootNodes: REDIS_CLUSTER_NODES.map((node) => ({ url: `redis://${node}` })),
    defaults: { socket: { reconnectStrategy: false, connectTimeout: 2_000 } },
  });
  let last = '';
  cluster.on('error', (error: Error) => {
    last = error.message;
  });
  try {
    await cluster.connect();
  } catch (error) {
    throw new Error(`${CLUSTER_MISSING} (tried ${REDIS_CLUSTER_NODES.join(',')}: ${last || (error as Error).message})`, { cause: error });
  }
  return cluster;
}

/**
 * What the store specs ask of Redis directly, on one node or a cluster alike: on a cluster `keys`
 * asks every primary, and `del` sends one command per key (keys of different slots).
 */
export interface RedisAdmin {
  keys(pattern: string): Promise<string[]>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { NX?: boolean }): Promise<unknown>;
  pTTL(key: string): Promise<number>;
  exists(key: string): Promise<number>;
  del(keys: readonly string[]): Promise<void>;
  /** Deletes every key under `prefix` (a literal prefix, hash tag braces included). */
  deleteKeys(prefix: string): Promise<void>;
  close(): Promise<void>;
}

/** A {@link RedisAdmin} over one node's client. */
export function nodeAdmin(client: TestRedisClient): RedisAdmin {
  return {
    keys: (pattern) => client.keys(pattern),
    get: (key) => client.get(key),
    set: (key, value, options) => client.set(key, value, options),
    pTTL: (key) => client.pTTL(key),
    exists: (key) => client.exists(key),
    del: async (keys) => {
      if (keys.length > 0) await client.del([...keys]);
    },
    deleteKeys: (prefix) => deleteKeys(client, prefix),
    close: () => closeRedis(client),
  };
}

/** A {@link RedisAdmin} over a cluster client. */
export function clusterAdmin(cluster: TestRedisCluster): RedisAdmin {
  const admin: RedisAdmin = {
    async keys(pattern) {
      const perPrimary = await Promise.all(cluster.masters.map(async (master) => (await cluster.nodeClient(master)).keys(pattern)));
      return perPrimary.flat();
    },
    get: (key) => cluster.get(key),
    set: (key, value, options) => cluster.set(key, value, options),
    pTTL: (key) => cluster.pTTL(key),
    exists: (key) => cluster.exists(key),
    del: async (keys) => {
      await Promise.all(keys.map((key) => cluster.del(key)));
    },
    deleteKeys: async (prefix) => admin.del(await admin.keys(`${globEscape(prefix)}*`)),
    close: async () => {
      if (cluster.isOpen) await cluster.close();
    },
  };
  return admin;
}

/** `text` with glob metacharacters escaped, for KEYS patterns (hash tags carry braces, prefixes none). */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** A key prefix no other test (or run) uses. */
export function uniquePrefix(): string {
  return `test:${randomUUID()}`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: TestRedisClient, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(keys);
}

/** Closes a client whether or not it is still connected. */
export async function closeRedis(client: TestRedisClient | undefined): Promise<void> {
  if (client?.isOpen) await client.close();
}

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'posture-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The largest number of grants found in any half-open span [t, t + spanMs): the budget's
 * promise is that this never exceeds its limit.
 */
export function maxInAnySpan(grants: number[], spanMs: number): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= spanMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
