import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { createClient, createCluster } from 'redis';
import { oneLine, redactUrl, StoreUnavailableError } from '../common/index.js';
import { DEFAULT_BUDGET_KEY, type BudgetOptions } from './budget.js';
import { checkRedis, type StoreHealth } from './health.js';
import { RedisLeaseStore } from './leases.js';
import { RedisPubSub, type PubSubCommands } from './pubsub.js';
import { RedisCallBudget } from './redis-budget.js';
import type { StoreLogger, Stores } from './stores.js';

/** Which Redis: one node (REDIS_URL) or a cluster reached through its seeds (REDIS_CLUSTER_NODES). */
export type RedisTarget = { kind: 'node'; url: string } | { kind: 'cluster'; nodes: readonly string[] };

/**
 * Every key the graph writes to Redis. On one node the names are those of earlier releases. On a
 * cluster the budget's three keys (log, pause, genesis: one Lua script touches all three) share a
 * hash tag, its prefix in braces, so they land in one slot; every other script or command touches
 * one key, so cache entries, leases and health tokens spread over the slots untagged.
 */
export interface RedisKeyLayout {
  /** keyv's namespace: entries are `${cache}::${key}`. */
  cache: string;
  /** The budget's prefix: `${budget}:log`, `${budget}:pause`, `${budget}:genesis`. */
  budget: string;
  /** Leases are `${lease}:${identifier}`. */
  lease: string;
  /** Health tokens are `${health}:${token}`. */
  health: string;
  /** Pub/sub channels are `${channel}:${name}`. */
  channel: string;
}

/** The key layout for `namespace` (STORE_NAMESPACE) on one node or a cluster. */
export function redisKeyLayout(namespace: string, target: RedisTarget['kind'], budgetKey = DEFAULT_BUDGET_KEY): RedisKeyLayout {
  const budget = `${namespace}:budget:${budgetKey}`;
  return {
    cache: namespace,
    budget: target === 'cluster' ? `{${budget}}` : budget,
    lease: `${namespace}:lease`,
    health: `${namespace}:health`,
    channel: `${namespace}:events`,
  };
}

/** What the Redis stores need besides the target. */
export interface RedisStoreOptions {
  namespace: string;
  budget: BudgetOptions;
  logger: StoreLogger;
  connectTimeoutMs: number;
}

/** A health check of Redis that takes longer than this counts as failed: a hung server is not ready. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * How long a grant waits for a replica's acknowledgement on a cluster. On a healthy cluster it
 * comes within a millisecond; longer means the replica is stalled or cut off, and a grant it has
 * not seen could be lost to a failover.
 */
const REPLICA_ACK_TIMEOUT_MS = 500;

type NodeClient = ReturnType<typeof createClient>;
type KeyvRedisConnection = ConstructorParameters<typeof KeyvRedis<string>>[0];
type ClusterClient = ReturnType<typeof createCluster>;
type Connection = { kind: 'node'; client: NodeClient } | { kind: 'cluster'; client: ClusterClient };
// node-redis types an unsubscribe's listener for either message mode (string or Buffer); ours are string-mode.
type Listener = Parameters<ClusterClient['sUnsubscribe']>[1];

/**
 * Cache, budget, leases and pub/sub on one Redis node or a cluster, sharing one connection (one
 * per node on a cluster; subscriptions get their own). Connection failures at start are one
 * {@link StoreUnavailableError} line naming the variable; later ones are logged, once each.
 */
export async function createRedisStores(target: RedisTarget, options: RedisStoreOptions): Promise<Stores> {
  const { namespace, logger } = options;
  const variable = target.kind === 'node' ? 'REDIS_URL' : 'REDIS_CLUSTER_NODES';
  const where = target.kind === 'node' ? redactUrl(target.url) : target.nodes.join(',');
  const reporter = errorReporter(logger, where);
  const keys = redisKeyLayout(namespace, target.kind, options.budget.key);
  // Named after the namespace so operators (and tests) can find this service in CLIENT LIST.
  // Commands fail at once while disconnected instead of queueing: a budget decision that waits
  // for a reconnect would hold a GraphQL request hostage.
  const clientOptions = { name: namespace.replace(/\s/g, '_'), disableOfflineQueue: true };
  const connection: Connection =
    target.kind === 'node'
      ? { kind: 'node', client: nodeClient(target.url, clientOptions, where) }
      : {
          kind: 'cluster',
          client: createCluster({ rootNodes: target.nodes.map((node) => ({ url: `redis://${node}` })), defaults: clientOptions }),
        };
  const { client } = connection;
  // Start-up failures are reported once, by the error connectWithin throws; the reporter logs
  // the reconnects of a connection that worked. node-redis emits 'error' on every failed
  // (re)connect, and without a listener it would crash the process.
  await connectWithin(client, options.connectTimeoutMs, target);
  client.on('error', (error: unknown) => reporter.report(error, 'error', 'Redis connection error'));
  if (target.kind === 'node') client.on('ready', () => reporter.recovered());

  const cache = new Keyv({
    // Shares the connection; KeyvRedis prefixes keys itself (`${namespace}::key`), so keyv must not.
    // (KeyvRedis takes either kind; its types name the module-less clients, hence the cast.)
    store: new SharedClientKeyvRedis(client as KeyvRedisConnection, { namespace: keys.cache, throwOnConnectError: false }),
    namespace: keys.cache,
    useKeyPrefix: false,
  });
  cache.on('error', (error: unknown) => reporter.report(error, 'warn', 'cache error'));
  const pubsub = new RedisPubSub(connection.kind === 'cluster' ? await clusterPubSub(connection.client) : nodePubSub(connection.client), {
    prefix: keys.channel,
    logger,
  });
  let closed = false;
  return {
    kind: target.kind === 'node' ? 'redis' : 'redis-cluster',
    cache,
    budget: new RedisCallBudget(client, {
      ...options.budget,
      prefix: keys.budget,
      ...(target.kind === 'cluster' ? { replicaAckTimeoutMs: REPLICA_ACK_TIMEOUT_MS } : {}),
    }),
    leases: new RedisLeaseStore(client, { prefix: keys.lease }),
    publish: (channel, message) => pubsub.publish(channel, message),
    subscribe: (channel, handler) => pubsub.subscribe(channel, handler),
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<StoreHealth>((resolve) => {
        const reason = `Redis at ${where} (${variable}) did not answer within ${CHECK_TIMEOUT_MS} ms`;
        timer = setTimeout(() => resolve({ ok: false, reason }), CHECK_TIMEOUT_MS).unref();
      });
      try {
        return await Promise.race([checkRedis(client, keys.health, where, variable), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pubsub.close().catch(() => undefined);
      await closeClient(client);
    },
  };
}

function nodeClient(url: string, options: { name: string; disableOfflineQueue: boolean }, where: string): NodeClient {
  try {
    return createClient({ url, ...options });
  } catch (error) {
    throw new StoreUnavailableError(
      `REDIS_URL ${where} is not a usable Redis URL (${oneLine(error)}); expected e.g. redis://user:password@host:6379/0`,
      { cause: error },
    );
  }
}

/** A graceful close waits for replies, which never come while reconnecting: then the sockets are dropped. */
async function closeClient(client: NodeClient | ClusterClient): Promise<void> {
  if ('isReady' in client) {
    if (client.isReady) await client.close();
    else if (client.isOpen) client.destroy();
    return;
  }
  if (!client.isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), CHECK_TIMEOUT_MS).unref();
  });
  const outcome = await Promise.race([client.close().catch(() => 'stalled' as const), stalled]);
  clearTimeout(timer);
  if (outcome === 'stalled' && client.isOpen) client.destroy();
}

/**
 * Pub/sub on a cluster: sharded (SPUBLISH/SSUBSCRIBE, Redis 7), which keeps a channel's messages
 * on the shard owning its slot instead of broadcasting each to every node; plain
 * PUBLISH/SUBSCRIBE on an older cluster. The cluster opens (and closes) its own pub/sub connections.
 */
async function clusterPubSub(cluster: ClusterClient): Promise<PubSubCommands> {
  const [spublish] = await cluster.sendCommand<unknown[]>(undefined, true, ['COMMAND', 'INFO', 'SPUBLISH']);
  const sharded = spublish !== null && spublish !== undefined;
  return {
    publish: (channel, message) => (sharded ? cluster.sPublish(channel, message) : cluster.publish(channel, message)),
    subscribe: (channel, listener) => (sharded ? cluster.sSubscribe(channel, listener) : cluster.subscribe(channel, listener)),
    unsubscribe: (channel, listener) =>
      sharded ? cluster.sUnsubscribe(channel, listener as Listener) : cluster.unsubscribe(channel, listener as Listener),
    close: async () => {},
  };
}

/**
 * Pub/sub on one node: PUBLISH on the shared connection, SUBSCRIBE on one of its own (a
 * subscribed connection runs no other command), opened on first use.
 */
function nodePubSub(client: NodeClient): PubSubCommands {
  let subscriber: Promise<NodeClient> | undefined;
  const connected = () => {
    subscriber ??= (async () => {
      const duplicate = client.duplicate();
      duplicate.on('error', () => {}); // the main connection reports the same outage
      await duplicate.connect();
      return duplicate;
    })();
    return subscriber;
  };
  return {
    publish: (channel, message) => client.publish(channel, message),
    subscribe: async (channel, listener) => (await connected()).subscribe(channel, listener),
    unsubscribe: async (channel, listener) => (await connected()).unsubscribe(channel, listener as Listener),
    close: async () => {
      const opened = await subscriber?.catch(() => undefined);
      if (opened) await closeClient(opened);
    },
  };
}

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
// that accepted the connection but is slow to answer gets until the bound. A cluster's connect
// rejects by itself once no seed answers; one seed refusing is no failure while another answers.
const FAIL_AT_ONCE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

async function connectWithin(client: NodeClient | ClusterClient, timeoutMs: number, target: RedisTarget): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onError: ((error: unknown) => void) | undefined;
  let lastError = '';
  const timedOut = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const refused = new Promise<{ ok: false; reason: string }>((resolve) => {
    onError = (error) => {
      lastError = oneLine(error);
      const code = (error as { code?: unknown } | null)?.code;
      if (target.kind === 'node' && typeof code === 'string' && FAIL_AT_ONCE.has(code)) {
        resolve({ ok: false, reason: `refused the connection (${code})` });
      }
    };
    client.on('error', onError);
  });
  // Errors of a connect that fails are summed up by the error thrown below; a listener must stay.
  client.on('error', () => {});
  // Settles either way, so a connect that fails after the timeout is not an unhandled rejection.
  const connected = (client.connect() as Promise<unknown>).then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, reason: `refused the connection (${lastError || oneLine(error)})` }),
  );
  try {
    const outcome = await Promise.race([connected, refused, timedOut]);
    if (!outcome.ok) {
      if (client.isOpen) client.destroy(); // stop the reconnect loop, or it keeps the process alive
      throw new StoreUnavailableError(
        target.kind === 'node'
          ? `Redis at ${redactUrl(target.url)} (REDIS_URL) ${outcome.reason}; start Redis or point REDIS_URL at a reachable one, for example REDIS_URL=redis://127.0.0.1:6379`
          : `Redis Cluster at ${target.nodes.join(',')} (REDIS_CLUSTER_NODES) ${outcome.reason}; start the cluster or point REDIS_CLUSTER_NODES at reachable cluster nodes, for example REDIS_CLUSTER_NODES=10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379`,
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
