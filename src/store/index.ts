import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { createClient } from 'redis';
import { mkdirSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { oneLine, redactUrl, StoreUnavailableError } from '../common/index.js';
import { DEFAULT_BUDGET_KEY, type BudgetOptions, type CallBudget } from './budget.js';
import { RedisLeaseStore, SqliteLeaseStore, type LeaseStore } from './leases.js';
import { RedisCallBudget } from './redis-budget.js';
import { SqliteCallBudget } from './sqlite-budget.js';
import { SqliteKeyvStore } from './sqlite-keyv-store.js';
import { checkDatabase, checkRedis, dataDirProblem, type StoreHealth } from './health.js';
import { openDatabase } from './sqlite.js';

export type { BudgetDecision, BudgetOptions, BudgetSnapshot, CallBudget } from './budget.js';
export { estimateWaitMs } from './budget.js';
export type { LeaseStore } from './leases.js';
export type { StoreHealth } from './health.js';
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
  /** How long start-up waits for a Redis that accepts the connection but does not answer (default 10 s). */
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
  /** Writes a token and reads it back: what readiness asks, since a full or read-only store still reads. */
  check(): Promise<StoreHealth>;
  /** Releases every connection and handle; safe to call twice. */
  close(): Promise<void>;
}

/** A health check of Redis that takes longer than this counts as failed: a hung server is not ready. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * Creates cache, budget and leases on Redis when `redisUrl` is set, else on the embedded database,
 * then writes and reads back a token. Any failure is a {@link StoreUnavailableError} whose message
 * is one line naming DATA_DIR or REDIS_URL and the fix.
 */
export async function createStores(options: StoreOptions): Promise<Stores> {
  const namespace = options.namespace ?? 'posture';
  const logger = options.logger ?? console;
  const stores = options.redisUrl
    ? await createRedisStores(options.redisUrl, namespace, options, logger)
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
  return {
    kind: 'embedded',
    cache,
    budget: new SqliteCallBudget(db, options.budget),
    leases: new SqliteLeaseStore(db),
    async check() {
      if (!db.isOpen) return { ok: false, reason: `the store in DATA_DIR ${options.dataDir} is closed` };
      return checkDatabase(db, options.dataDir);
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
    throw new StoreUnavailableError(
      `REDIS_URL ${where} is not a usable Redis URL (${reason}); expected e.g. redis://user:password@host:6379/0`,
      {
        cause: error,
      },
    );
  }
  // Start-up failures are reported once, by the error connectWithin throws; the reporter logs
  // the reconnects of a connection that worked. node-redis emits 'error' on every failed
  // (re)connect, and without a listener it would crash the process.
  await connectWithin(client, options.connectTimeoutMs ?? 10_000, where);
  client.on('error', (error: unknown) => reporter.report(error, 'error', 'Redis connection error'));
  client.on('ready', () => reporter.recovered());

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
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<StoreHealth>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, reason: `Redis at ${where} (REDIS_URL) did not answer within ${CHECK_TIMEOUT_MS} ms` }),
          CHECK_TIMEOUT_MS,
        ).unref();
      });
      try {
        return await Promise.race([checkRedis(client, `${namespace}:health`, where), timeout]);
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

// node-redis keeps retrying a refused connection forever; at start-up that would hang the process
// silently. A refusal (or an unknown host) is final as soon as it is known, some 60 ms in; a server
// that accepted the connection but is slow to answer gets until the bound.
const FAIL_AT_ONCE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

async function connectWithin(client: RedisClient, timeoutMs: number, where: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onError: ((error: unknown) => void) | undefined;
  const timedOut = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const refused = new Promise<{ ok: false; reason: string }>((resolve) => {
    onError = (error) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && FAIL_AT_ONCE.has(code)) resolve({ ok: false, reason: `refused the connection (${code})` });
    };
    client.on('error', onError);
  });
  // Errors of a connect that fails are summed up by the error thrown below; a listener must stay.
  const quiet = () => {};
  client.on('error', quiet);
  // Settles either way, so a connect that fails after the timeout is not an unhandled rejection.
  const connected = client.connect().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, reason: `refused the connection (${oneLine(error)})` }),
  );
  try {
    const outcome = await Promise.race([connected, refused, timedOut]);
    if (!outcome.ok) {
      if (client.isOpen) client.destroy(); // stop the reconnect loop, or it keeps the process alive
      throw new StoreUnavailableError(
        `Redis at ${where} (REDIS_URL) ${outcome.reason}; start Redis or point REDIS_URL at a reachable one, for example REDIS_URL=redis://127.0.0.1:6379`,
      );
    }
  } finally {
    clearTimeout(timer);
    if (onError) client.off('error', onError);
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
