import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createStores, type StoreLogger, type Stores } from '../../src/store/index.js';
import { closeRedis, connectRedis, deleteKeys, REDIS_URL, sleep, tempDir, uniquePrefix, type TestRedisClient } from './helpers.js';

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

  it('answers ping until closed, and closes twice without complaint', async () => {
    const stores = await embedded();
    expect(await stores.ping()).toBe(true);
    await stores.close();
    await stores.close();
    expect(await stores.ping()).toBe(false);
  });

  it('logs cache failures as warnings instead of throwing them', async () => {
    const logger = recordingLogger();
    const stores = await embedded(logger);
    await stores.close();
    expect(await stores.cache.set('k', 'v')).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(withError, 'cache error');
  });
});

describe('createStores with REDIS_URL', () => {
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
    // A Redis that has held the budget for longer than a window; an empty one waits a window first.
    await admin.set(`${namespace}:budget:opswat:genesis`, '0', { NX: true });
    const stores = await createStores({ redisUrl: REDIS_URL, dataDir: '/nonexistent', namespace, budget, logger });
    created.push(stores);
    return stores;
  }

  it('keeps cache, budget and leases in Redis under the namespace', async () => {
    const stores = await shared();
    expect(stores.kind).toBe('redis');
    await useEveryStore(stores);
    expect((await admin.keys(`${namespace}*`)).sort()).toEqual(
      [`${namespace}::report:aa`, `${namespace}:budget:opswat:genesis`, `${namespace}:budget:opswat:log`, `${namespace}:lease:aa`].sort(),
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
  });

  it('answers ping until closed, and closes twice without complaint', async () => {
    const stores = await shared();
    expect(await stores.ping()).toBe(true);
    await stores.close();
    await stores.close();
    expect(await stores.ping()).toBe(false);
  });

  it('after close, lets cache calls miss and log rather than reopen the connection', async () => {
    const logger = recordingLogger();
    const stores = await shared(logger);
    await stores.close();
    expect(await stores.cache.get('k')).toBeUndefined();
    expect(await stores.cache.set('k', 'v')).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(withError, 'cache error');
    expect(await stores.ping()).toBe(false);
  });

  it('survives a dropped connection: logs it, fails fast meanwhile, and recovers', async () => {
    const logger = recordingLogger();
    const stores = await shared(logger);
    const line = (await admin.clientList()).find((client) => client.name === namespace);
    expect(line).toBeDefined();
    await admin.clientKill({ filter: 'ID', id: Number(line!.id) });

    // The client reconnects by itself; until then nothing crashes and nothing hangs.
    for (let i = 0; i < 50 && !(await stores.ping()); i += 1) await sleep(50);
    expect(await stores.ping()).toBe(true);
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

  it('fails start-up with one clear error when Redis does not answer, without revealing the password', async () => {
    const logger = recordingLogger();
    const attempt = createStores({
      redisUrl: 'redis://user:hunter2@127.0.0.1:1',
      dataDir: '/nonexistent',
      budget,
      logger,
      connectTimeoutMs: 300,
    });
    await expect(attempt).rejects.toThrow(/^Redis at redis:\/\/.*127\.0\.0\.1:1.* \(REDIS_URL\) did not answer within 300 ms$/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
    expect(logger.error).toHaveBeenCalled();
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('hunter2');
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
