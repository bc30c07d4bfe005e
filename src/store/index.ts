import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { createClient } from 'redis';
import { redactUrl } from '../common/index.js';
import { DEFAULT_BUDGET_KEY, type BudgetOptions, type CallBudget } from './budget.js';
import { RedisLeaseStore, SqliteLeaseStore, type LeaseStore } from './leases.js';
import { RedisCallBudget } from './redis-budget.js';
import { SqliteCallBudget } from './sqlite-budget.js';
import { SqliteKeyvStore } from './sqlite-keyv-store.js';
import { openDatabase } from './sqlite.js';

export type { BudgetDecision, BudgetOptions, BudgetSnapshot, CallBudget } from './budget.js';
export { estimateWaitMs } from './budget.js';
export type { LeaseStore } from './leases.js';
// The building blocks, for tests and tools that need one store without the factory.
export { openDatabase } from './sqlite.js';
export { SqliteKeyvStore } from './sqlite-keyv-store.js';
export { SqliteCallBudget } from './sqlite-budget.js';
export { RedisCallBudget, type RedisBudgetOptions } from './redis-budget.js';
export { SqliteLeaseStore, RedisLeaseStore } from './leases.js';
export type { RedisCommandClient } from './redis-script.js';

/** The logger the stores report to; pino's fits. */
export interface StoreLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What {@link createStores} needs: Redis when `redisUrl` is set, else the embedded database. */
export interface StoreOptions {
  /** REDIS_URL; when set every replica shares cache, budget and leases through Redis. */
  redisUrl?: string;
  /** DATA_DIR; the embedded database lives at `${dataDir}/posture.sqlite`. */
  dataDir: string;
  /** Prefix of every key this service writes (default 'posture'). */
  namespace?: string;
  /** The OPSWAT call budget. */
  budget: BudgetOptions;
  /** Where connection and cache errors go (default: console). */
  logger?: StoreLogger;
  /** How long start-up waits for Redis before failing (default 10 s). */
  connectTimeoutMs?: number;
}

/** The long-lived stores, created once at start and injected. */
export interface Stores {
  /** Which backend is in use. */
  kind: 'redis' | 'embedded';
  /** The response cache; errors are logged, never thrown. */
  cache: Keyv;
  /** The OPSWAT call budget, shared by every replica. */
  budget: CallBudget;
  /** Per-identifier fetch leases, shared by every replica. */
  leases: LeaseStore;
  /** True when the backing store answers (for readiness checks). */
  ping(): Promise<boolean>;
  /** Releases every connection and handle; safe to call twice. */
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 1_000;

/** Creates cache, budget and leases on Redis when `redisUrl` is set, else on the embedded database. */
export async function createStores(options: StoreOptions): Promise<Stores> {
  const namespace = options.namespace ?? 'posture';
  const logger = options.logger ?? console;
  return options.redisUrl
    ? createRedisStores(options.redisUrl, namespace, options, logger)
    : createEmbeddedStores(namespace, options, logger);
}

function createEmbeddedStores(namespace: string, options: StoreOptions, logger: StoreLogger): Stores {
  const db = openDatabase(options.dataDir);
  const cache = new Keyv({ store: new SqliteKeyvStore(db), namespace });
  cache.on('error', (error: unknown) => logger.warn({ err: error }, 'cache error'));
  return {
    kind: 'embedded',
    cache,
    budget: new SqliteCallBudget(db, options.budget),
    leases: new SqliteLeaseStore(db),
    async ping() {
      try {
        return db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}

async function createRedisStores(url: string, namespace: string, options: StoreOptions, logger: StoreLogger): Promise<Stores> {
  const where = redactUrl(url);
  const reporter = errorReporter(logger, where);
  let client: RedisClient;
  try {
    client = createClient({
      url,
      // Named after the namespace so operators (and tests) can find this service in CLIENT LIST.
      name: namespace.replace(/\s/g, '_'),
      // Fail commands at once while disconnected instead of queueing them: a budget decision
      // that waits for a reconnect would hold a GraphQL request hostage.
      disableOfflineQueue: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL ${where} is not a usable Redis URL (${reason}); expected e.g. redis://user:password@host:6379/0`, {
      cause: error,
    });
  }
  // node-redis emits 'error' on every failed (re)connect; without a listener it would crash the process.
  client.on('error', (error: unknown) => reporter.report(error, 'error', 'Redis connection error'));
  client.on('ready', () => reporter.recovered());
  await connectWithin(client, options.connectTimeoutMs ?? 10_000, where);

  const cache = new Keyv({
    // Shares the connection; KeyvRedis prefixes keys itself (`${namespace}::key`), so keyv must not.
    store: new SharedClientKeyvRedis(client, { namespace, throwOnConnectError: false }),
    namespace,
    useKeyPrefix: false,
  });
  cache.on('error', (error: unknown) => reporter.report(error, 'warn', 'cache error'));
  let closed = false;
  return {
    kind: 'redis',
    cache,
    budget: new RedisCallBudget(client, { ...options.budget, prefix: `${namespace}:budget:${options.budget.key ?? DEFAULT_BUDGET_KEY}` }),
    leases: new RedisLeaseStore(client, { prefix: `${namespace}:lease` }),
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), PING_TIMEOUT_MS).unref();
      });
      try {
        return (await Promise.race([client.ping(), timeout])) === 'PONG';
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // A graceful close waits for replies, which never come while reconnecting.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}

type RedisClient = ReturnType<typeof createClient>;

/**
 * KeyvRedis on a connection the factory owns. KeyvRedis (re)connects a closed client on the
 * next cache call; after `close()` that would reopen the socket and keep the process alive, so
 * a closed connection fails the call instead (keyv logs it; a read is a miss).
 */
class SharedClientKeyvRedis extends KeyvRedis<string> {
  override async getClient(): ReturnType<KeyvRedis<string>['getClient']> {
    if (!this.client.isOpen) throw new Error('the Redis connection of the cache is closed');
    return this.client;
  }
}

// node-redis keeps retrying a refused connection forever; at start-up that would hang the
// process silently, so give up after a bound and say where it tried.
async function connectWithin(client: RedisClient, timeoutMs: number, where: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // Settles either way, so a connect that fails after the timeout is not an unhandled rejection.
  const connected = client.connect().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  try {
    const outcome = await Promise.race([connected, timedOut]);
    if (outcome === 'timeout' || !outcome.ok) {
      if (client.isOpen) client.destroy(); // stop the reconnect loop, or it keeps the process alive
      const reason = outcome === 'timeout' ? `did not answer within ${timeoutMs} ms` : `refused the connection: ${String(outcome.error)}`;
      throw new Error(`Redis at ${where} (REDIS_URL) ${reason}`, { cause: outcome === 'timeout' ? undefined : outcome.error });
    }
  } finally {
    clearTimeout(timer);
  }
}

// A reconnect loop repeats the same failure every few hundred ms, and KeyvRedis re-emits the
// client's errors through keyv: log each error once, and the same message at most once a minute.
const REPEAT_QUIET_MS = 60_000;

function errorReporter(logger: StoreLogger, where: string) {
  const seen = new WeakSet<object>();
  const lastLogged = new Map<string, number>();
  let failing = false;
  return {
    report(error: unknown, level: 'warn' | 'error', msg: string): void {
      if (typeof error === 'object' && error !== null) {
        if (seen.has(error)) return;
        seen.add(error);
      }
      if (level === 'error') failing = true;
      const message = error instanceof Error ? error.message : String(error);
      const now = Date.now();
      if (now - (lastLogged.get(message) ?? -Infinity) < REPEAT_QUIET_MS) return;
      if (lastLogged.size >= 100) lastLogged.clear(); // messages may embed keys; stay bounded
      lastLogged.set(message, now);
      logger[level]({ err: error, redis: where }, msg);
    },
    recovered(): void {
      if (!failing) return;
      failing = false;
      lastLogged.clear();
      logger.warn({ redis: where }, 'Redis connection restored');
    },
  };
}
