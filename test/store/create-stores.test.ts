import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../src/common/index.js';
import { createStores, type StoreLogger, type Stores } from '../../src/store/index.js';
import {
  clusterAdmin,
  connectCluster,
  connectRedis,
  nodeAdmin,
  REDIS_CLUSTER_NODES,
  REDIS_URL,
  sleep,
  tempDir,
  uniquePrefix,
  type RedisAdmin,
  type TestRedisClient,
  type TestRedisCluster,
  closeRedis,
  deleteKeys,
} from './helpers.js';

const budget = { limit: 2, windowMs: 60_000 };

// node:sqlite's errors come from another realm than jest's, so match their shape, not `Error`.
const withError = expect.objectContaining({ err: expect.objectContaining({ message: expect.any(String) }) });

function recordingLogger() {
  return { warn: jest.fn<StoreLogger['warn']>(), error: jest.fn<StoreLogger['error']>() };
}

/** Exercises cache, budget and leases the way the compliance service will. */
async function useEveryStore(stores: Stores): Promise<void> {
  await stores.cache.set('report:aa', { status: 'COMPLIANT' }, 60_000);
  expect(await stores.cache.get('report:aa')).toEqual({ status: 'COMPLIANT' });
  expect((await stores.budget.tryAcquire()).kind).toBe('granted');
  expect(await stores.leases.acquire('aa', 'me', 10_000)).toBe(true);
}

describe('createStores without REDIS_URL', () => {
  let dir: ReturnType<typeof tempDir>;
  const created: Stores[] = [];

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(async () => {
    for (const stores of created.splice(0)) await stores.close();
    dir.remove();
  });

  async function embedded(logger = recordingLogger()): Promise<Stores> {
    const stores = await createStores({ dataDir: join(dir.path, 'nested', 'data'), budget, logger });
    created.push(stores);
    return stores;
  }

  it('keeps cache, budget and leases in one SQLite file under DATA_DIR, creating the folder', async () => {
    const stores = await embedded();
    expect(stores.kind).toBe('embedded');
    await useEveryStore(stores);
    expect(existsSync(join(dir.path, 'nested', 'data', 'posture.sqlite'))).toBe(true);
  });

  it('shares all three with another process using the same DATA_DIR', async () => {
    await expectSharedBetween(await embedded(), await embedded());
  });

  it('passes its health check until closed, and closes twice without complaint', async () => {
    const stores = await embedded();
    expect(await stores.check()).toEqual({ ok: true });
    await stores.close();
    await stores.close();
    expect((await stores.check()).ok).toBe(false);
  });

  it('writes and reads back a token: healthy until closed', async () => {
    const stores = await embedded();
    expect(await stores.check()).toEqual({ ok: true });
    await stores.close();
    expect(await stores.check()).toEqual({ ok: false, reason: expect.stringMatching(/^the store in DATA_DIR .* is closed$/) });
  });

  it('refuses a DATA_DIR that is a file, in one line naming DATA_DIR and the fix', async () => {
    const file = join(dir.path, 'not-a-dir');
    writeFileSync(file, 'x');
    const attempt = createStores({ dataDir: file, budget });
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(
      `DATA_DIR ${file} is not a directory (EEXIST: file already exists, mkdir '${file}'); point DATA_DIR at a writable directory`,
    );
  });

  it('refuses a DATA_DIR that cannot be created', async () => {
    const file = join(dir.path, 'file');
    writeFileSync(file, 'x');
    await expect(createStores({ dataDir: join(file, 'data'), budget })).rejects.toThrow(
      /^DATA_DIR .*\/file\/data is not a directory \(ENOTDIR: not a directory, mkdir .*\); point DATA_DIR at a writable directory/,
    );
  });

  it('logs cache failures as warnings instead of throwing them', async () => {
    const logger = recordingLogger();
    const stores = await embedded(logger);
    await stores.close();
    expect(await stores.cache.set('k', 'v')).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(withError, 'cache error');
  });
});

/** One Redis node (REDIS_URL) and a Redis Cluster (REDIS_CLUSTER_NODES): the same stores, the same promises. */
const redisBackends = [
  {
    variable: 'REDIS_URL',
    kind: 'redis',
    target: { redisUrl: REDIS_URL },
    admin: async () => nodeAdmin(await connectRedis()),
    // Unchanged from the releases before clusters: an upgrade keeps the budget it had.
    budgetPrefix: (namespace: string) => `${namespace}:budget:opswat`,
    unwritable: /^Redis at redis:\/\/.+ \(REDIS_URL\) cannot be written \(.+\); check that REDIS_URL names a reachable, writable primary$/,
  },
  {
    variable: 'REDIS_CLUSTER_NODES',
    kind: 'redis-cluster',
    target: { redisClusterNodes: REDIS_CLUSTER_NODES },
    admin: async () => clusterAdmin(await connectCluster()),
    // A hash tag: one Lua script touches the log, the pause and the genesis key together.
    budgetPrefix: (namespace: string) => `{${namespace}:budget:opswat}`,
    unwritable:
      /^Redis Cluster at .+ \(REDIS_CLUSTER_NODES\) cannot be written \(.+\); check that every slot is served by a reachable primary$/,
  },
] as const;

describe.each(redisBackends)('createStores with $variable', ({ kind, target, admin: connectAdmin, budgetPrefix, unwritable }) => {
  let admin: RedisAdmin;
  let namespace: string;
  const created: Stores[] = [];

  beforeEach(async () => {
    admin = await connectAdmin();
    namespace = uniquePrefix();
  });

  afterEach(async () => {
    for (const stores of created.splice(0)) await stores.close();
    await admin.deleteKeys(namespace);
    await admin.deleteKeys(`{${namespace}`);
    await admin.close();
  });

  async function shared(logger = recordingLogger()): Promise<Stores> {
    // A Redis that has held the budget for longer than a window; an empty one waits a window first.
    await admin.set(`${budgetPrefix(namespace)}:genesis`, '0', { NX: true });
    const stores = await createStores({ ...target, dataDir: '/nonexistent', namespace, budget, logger });
    created.push(stores);
    return stores;
  }

  it('keeps cache, budget and leases in Redis under the namespace', async () => {
    const stores = await shared();
    expect(stores.kind).toBe(kind);
    await useEveryStore(stores);
    const keys = [...(await admin.keys(`${namespace}*`)), ...(await admin.keys(`{${namespace}*`))];
    // The health check writes a key of its own each time (see below); the rest is the stores' data.
    expect(keys.filter((key) => !key.startsWith(`${namespace}:health:`)).sort()).toEqual(
      [`${namespace}::report:aa`, `${budgetPrefix(namespace)}:genesis`, `${budgetPrefix(namespace)}:log`, `${namespace}:lease:aa`].sort(),
    );
  });

  it('shares all three with another replica', async () => {
    await expectSharedBetween(await shared(), await shared());
  });

  it('clears only its own namespace', async () => {
    const stores = await shared();
    await admin.set(`${namespace}-other`, 'kept');
    await stores.cache.set('k', 'v');
    await stores.cache.clear();
    expect(await stores.cache.get('k')).toBeUndefined();
    expect(await admin.get(`${namespace}-other`)).toBe('kept');
    await admin.del([`${namespace}-other`]);
  });

  it('reads many cache entries at once, wherever their slots are', async () => {
    const stores = await shared();
    const entries = Array.from({ length: 20 }, (_, i) => ({ key: `report:${i}`, value: { i } }));
    await stores.cache.setMany(entries);
    expect(await stores.cache.getMany(entries.map((entry) => entry.key))).toEqual(entries.map((entry) => entry.value));
  });

  it('passes the health checks of replicas that start together on one namespace', async () => {
    // Replicas started at once check at once; on one shared key each read back the other's token.
    const replicas = await Promise.all(Array.from({ length: 4 }, () => shared()));
    for (let round = 0; round < 5; round += 1) {
      expect(await Promise.all(replicas.map((stores) => stores.check()))).toEqual(replicas.map(() => ({ ok: true })));
    }
  });

  it('passes its health check (a token written and read back) until closed, and closes twice without complaint', async () => {
    const stores = await shared();
    expect(await stores.check()).toEqual({ ok: true });
    const [key] = await admin.keys(`${namespace}:health:*`);
    expect(await admin.get(key!)).toBe(key!.slice(`${namespace}:health:`.length));
    expect(await admin.pTTL(key!)).toBeLessThanOrEqual(10_000);
    await stores.close();
    await stores.close();
    expect(await stores.check()).toEqual({ ok: false, reason: expect.stringMatching(unwritable) });
  });

  it('after close, lets cache calls miss and log rather than reopen the connection', async () => {
    const logger = recordingLogger();
    const stores = await shared(logger);
    await stores.close();
    expect(await stores.cache.get('k')).toBeUndefined();
    expect(await stores.cache.set('k', 'v')).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(withError, 'cache error');
    expect((await stores.check()).ok).toBe(false);
  });
});

describe('createStores with REDIS_CLUSTER_NODES: the key layout', () => {
  let cluster: TestRedisCluster;
  let namespace: string;
  let stores: Stores | undefined;

  beforeEach(async () => {
    cluster = await connectCluster();
    namespace = uniquePrefix();
  });

  afterEach(async () => {
    await stores?.close();
    await clusterAdmin(cluster).deleteKeys(namespace);
    await clusterAdmin(cluster).deleteKeys(`{${namespace}`);
    await cluster.close();
  });

  const slotOf = (key: string) => cluster.sendCommand<number>(key, true, ['CLUSTER', 'KEYSLOT', key]);

  it("puts the budget's three keys in one slot, and spreads leases and cache entries over the primaries", async () => {
    stores = await createStores({ redisClusterNodes: REDIS_CLUSTER_NODES, dataDir: '/nonexistent', namespace, budget });
    const tag = `{${namespace}:budget:opswat}`;
    const budgetSlots = await Promise.all(['log', 'pause', 'genesis'].map((name) => slotOf(`${tag}:${name}`)));
    expect(new Set(budgetSlots).size).toBe(1);
    expect(budgetSlots[0]).toBe(await slotOf(`${namespace}:budget:opswat`)); // the slot of what is inside the braces

    const identifiers = Array.from({ length: 30 }, (_, i) => `aa:bb:cc:dd:ee:${i.toString(16).padStart(2, '0')}`);
    for (const id of identifiers) {
      expect(await stores.leases.acquire(id, 'me', 10_000)).toBe(true);
      await stores.cache.set(`report:${id}`, { id }, 60_000);
    }
    const primaries = async (keys: string[]) =>
      new Set(await Promise.all(keys.map(async (key) => cluster.getSlotMaster(await slotOf(key)).address)));
    expect((await primaries(identifiers.map((id) => `${namespace}:lease:${id}`))).size).toBe(cluster.masters.length);
    expect((await primaries(identifiers.map((id) => `${namespace}::report:${id}`))).size).toBe(cluster.masters.length);
  });

  it('fails start-up at once, in one line naming REDIS_CLUSTER_NODES, when no seed answers', async () => {
    const attempt = createStores({
      redisClusterNodes: ['127.0.0.1:1', '127.0.0.1:2'],
      dataDir: '/nonexistent',
      budget,
      connectTimeoutMs: 600_000,
    });
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(
      /^Redis Cluster at 127\.0\.0\.1:1,127\.0\.0\.1:2 \(REDIS_CLUSTER_NODES\) refused the connection \(.*ECONNREFUSED.*\); start the cluster or point REDIS_CLUSTER_NODES at reachable cluster nodes/,
    );
  });

  it('says so when a seed is a Redis without cluster mode', async () => {
    const seed = new URL(REDIS_URL).host;
    await expect(createStores({ redisClusterNodes: [seed], dataDir: '/nonexistent', budget })).rejects.toThrow(
      /\(REDIS_CLUSTER_NODES\) refused the connection \(.*cluster support disabled.*\)/,
    );
  });
});

describe('createStores with REDIS_URL: a dropped or refused connection', () => {
  let admin: TestRedisClient;
  let namespace: string;
  const created: Stores[] = [];

  beforeEach(async () => {
    admin = await connectRedis();
    namespace = uniquePrefix();
  });

  afterEach(async () => {
    for (const stores of created.splice(0)) await stores.close();
    await deleteKeys(admin, namespace);
    await closeRedis(admin);
  });

  async function shared(logger = recordingLogger()): Promise<Stores> {
    await admin.set(`${namespace}:budget:opswat:genesis`, '0', { NX: true });
    const stores = await createStores({ redisUrl: REDIS_URL, dataDir: '/nonexistent', namespace, budget, logger });
    created.push(stores);
    return stores;
  }

  it('survives a dropped connection: logs it, fails fast meanwhile, and recovers', async () => {
    const logger = recordingLogger();
    const stores = await shared(logger);
    const line = (await admin.clientList()).find((client) => client.name === namespace);
    expect(line).toBeDefined();
    await admin.clientKill({ filter: 'ID', id: Number(line!.id) });

    // The client reconnects by itself; until then nothing crashes and nothing hangs.
    for (let i = 0; i < 50 && !(await stores.check()).ok; i += 1) await sleep(50);
    expect(await stores.check()).toEqual({ ok: true });
    expect(logger.error).toHaveBeenCalledWith(withError, 'Redis connection error');
    expect(logger.warn).toHaveBeenCalledWith(expect.anything(), 'Redis connection restored');
    expect((await stores.budget.tryAcquire()).kind).toBe('granted');
  });

  it('rejects an unusable REDIS_URL with an example of a good one, without revealing the password', async () => {
    const attempt = createStores({ redisUrl: 'http://user:hunter2@cache:6379', dataDir: '/nonexistent', budget });
    await expect(attempt).rejects.toThrow(
      /^REDIS_URL http:\/\/\[REDACTED\]@cache:6379 is not a usable Redis URL \(.+\); expected e\.g\. redis:\/\//,
    );
  });

  it('fails start-up at once, in one line, when Redis refuses the connection, without revealing the password', async () => {
    const logger = recordingLogger();
    // A refusal is known within milliseconds: with a bound far beyond the test's timeout, only the
    // fast path can produce this answer.
    const attempt = createStores({
      redisUrl: 'redis://user:hunter2@127.0.0.1:1',
      dataDir: '/nonexistent',
      budget,
      logger,
      connectTimeoutMs: 600_000,
    });
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(
      /^Redis at redis:\/\/\[REDACTED\]@127\.0\.0\.1:1 \(REDIS_URL\) refused the connection \(ECONNREFUSED\); start Redis or point REDIS_URL at a reachable one/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2|\n/);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('waits a bounded time for a Redis that accepts the connection but never answers', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const attempt = createStores({ redisUrl: `redis://127.0.0.1:${port}`, dataDir: '/nonexistent', budget, connectTimeoutMs: 300 });
      await expect(attempt).rejects.toThrow(
        new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port} \\(REDIS_URL\\) did not answer within 300 ms;`),
      );
    } finally {
      silent.close();
    }
  });
});

/** What one instance writes (a cache entry, the last budget slot, a lease), the other sees. */
async function expectSharedBetween(one: Stores, two: Stores): Promise<void> {
  await one.cache.set('k', 'v');
  await one.budget.tryAcquire();
  await one.budget.tryAcquire();
  await one.leases.acquire('id', 'one', 10_000);
  expect(await two.cache.get('k')).toBe('v');
  expect((await two.budget.tryAcquire()).kind).toBe('exhausted');
  expect(await two.leases.acquire('id', 'two', 10_000)).toBe(false);
}
