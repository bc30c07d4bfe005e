import { Keyv } from 'keyv';
import { mkdirSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { StoreUnavailableError } from '../common/index.js';
import type { BudgetOptions } from './budget.js';
import { SqliteLeaseStore } from './leases.js';
import { LocalPubSub } from './pubsub.js';
import { createRedisStores } from './redis-stores.js';
import { SqliteCallBudget } from './sqlite-budget.js';
import { SqliteKeyvStore } from './sqlite-keyv-store.js';
import { checkDatabase, dataDirProblem } from './health.js';
import { openDatabase } from './sqlite.js';
import type { StoreLogger, Stores } from './stores.js';

export type { BudgetDecision, BudgetOptions, BudgetSnapshot, CallBudget } from './budget.js';
export { estimateWaitMs } from './budget.js';
export type { LeaseStore } from './leases.js';
export type { StoreHealth } from './health.js';
export type { StoreLogger, Stores } from './stores.js';
export type { MessageHandler, PubSub, Unsubscribe } from './pubsub.js';
export { LocalPubSub, RedisPubSub } from './pubsub.js';
export { redisKeyLayout, type RedisKeyLayout, type RedisTarget } from './redis-stores.js';
// The building blocks, for tests and tools that need one store without the factory.
export { openDatabase } from './sqlite.js';
export { SqliteKeyvStore } from './sqlite-keyv-store.js';
export { SqliteCallBudget } from './sqlite-budget.js';
export { RedisCallBudget, type RedisBudgetOptions } from './redis-budget.js';
export { SqliteLeaseStore, RedisLeaseStore } from './leases.js';
export type { RedisClusterCommandClient, RedisCommandClient, RedisCommander } from './redis-script.js';

/** What {@link createStores} needs: Redis when `redisUrl` or `redisClusterNodes` is set, else the embedded database. */
export interface StoreOptions {
  /** REDIS_URL; when set every replica shares cache, budget and leases through this Redis node. */
  redisUrl?: string;
  /** REDIS_CLUSTER_NODES (`host:port` seeds); when set every replica shares them through this Redis Cluster. */
  redisClusterNodes?: readonly string[];
  /** DATA_DIR; the embedded database lives at `${dataDir}/posture.sqlite`. */
  dataDir: string;
  /** Prefix of every key this service writes (default 'posture'). */
  namespace?: string;
  /** The OPSWAT call budget. */
  budget: BudgetOptions;
  /** Where connection and cache errors go (default: console). */
  logger?: StoreLogger;
  /** How long start-up waits for a Redis that accepts the connection but does not answer (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * Creates cache, budget, leases and pub/sub on a Redis Cluster when `redisClusterNodes` is set, on
 * one Redis node when `redisUrl` is, else on the embedded database, then writes and reads back a
 * token. Any failure is a {@link StoreUnavailableError} whose message is one line naming
 * DATA_DIR, REDIS_URL or REDIS_CLUSTER_NODES and the fix.
 */
export async function createStores(options: StoreOptions): Promise<Stores> {
  const namespace = options.namespace ?? 'posture';
  const logger = options.logger ?? console;
  const { redisUrl, redisClusterNodes } = options;
  if (redisUrl && redisClusterNodes?.length) {
    throw new TypeError('createStores: give redisUrl (one node) or redisClusterNodes (a cluster), not both');
  }
  const redis = { namespace, budget: options.budget, logger, connectTimeoutMs: options.connectTimeoutMs ?? 10_000 };
  const stores = redisClusterNodes?.length
    ? await createRedisStores({ kind: 'cluster', nodes: redisClusterNodes }, redis)
    : redisUrl
      ? await createRedisStores({ kind: 'node', url: redisUrl }, redis)
      : createEmbeddedStores(namespace, options, logger);
  const health = await stores.check();
  if (!health.ok) {
    await stores.close();
    throw new StoreUnavailableError(health.reason);
  }
  return stores;
}

/** Opens the database in DATA_DIR, turning each way that fails into one line naming DATA_DIR. */
function openDataDir(dataDir: string): DatabaseSync {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new StoreUnavailableError(dataDirProblem(dataDir, 'mkdir', error), { cause: error });
  }
  try {
    return openDatabase(dataDir);
  } catch (error) {
    throw new StoreUnavailableError(dataDirProblem(dataDir, 'database', error), { cause: error });
  }
}

function createEmbeddedStores(namespace: string, options: StoreOptions, logger: StoreLogger): Stores {
  const db = openDataDir(options.dataDir);
  const cache = new Keyv({ store: new SqliteKeyvStore(db), namespace });
  cache.on('error', (error: unknown) => logger.warn({ err: error }, 'cache error'));
  const pubsub = new LocalPubSub(logger);
  return {
    kind: 'embedded',
    cache,
    budget: new SqliteCallBudget(db, options.budget),
    leases: new SqliteLeaseStore(db),
    publish: (channel, message) => pubsub.publish(channel, message),
    subscribe: (channel, handler) => pubsub.subscribe(channel, handler),
    async check() {
      if (!db.isOpen) return { ok: false, reason: `the store in DATA_DIR ${options.dataDir} is closed` };
      return checkDatabase(db, options.dataDir);
    },
    async close() {
      await pubsub.close();
      if (db.isOpen) db.close();
    },
  };
}
