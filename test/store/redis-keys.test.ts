/** What the Redis-backed budget leaves in Redis: prefixed keys that vanish when idle. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RedisCallBudget } from '../../src/store/redis-budget.js';
import { closeRedis, connectRedis, deleteKeys, uniquePrefix, type TestRedisClient } from './helpers.js';

describe('RedisCallBudget keys', () => {
  let client: TestRedisClient;
  let prefix: string;

  beforeEach(async () => {
    client = await connectRedis();
    prefix = uniquePrefix();
  });

  afterEach(async () => {
    await deleteKeys(client, prefix);
    await closeRedis(client);
  });

  it('keeps the log and the pause under its prefix, each expiring when it no longer matters', async () => {
    const budget = new RedisCallBudget(client, { limit: 5, windowMs: 2_000, marginMs: 500, prefix });
    await budget.tryAcquire();
    await budget.tryAcquire();
    const { now } = await budget.snapshot();
    await budget.pauseUntil(now + 3_000);

    expect((await client.keys(`${prefix}*`)).sort()).toEqual([`${prefix}:log`, `${prefix}:pause`]);
    expect(await client.zCard(`${prefix}:log`)).toBe(2); // one member per grant, even within one ms
    const logTtl = await client.pTTL(`${prefix}:log`);
    expect(logTtl).toBeGreaterThan(2_000);
    expect(logTtl).toBeLessThanOrEqual(2_500);
    const pauseTtl = await client.pTTL(`${prefix}:pause`);
    expect(pauseTtl).toBeGreaterThan(2_500);
    expect(pauseTtl).toBeLessThanOrEqual(3_000);
  });

  it('defaults its prefix to posture:budget:<key>', async () => {
    const key = uniquePrefix();
    const budget = new RedisCallBudget(client, { limit: 1, windowMs: 1_000, key });
    try {
      await budget.tryAcquire();
      expect(await client.exists(`posture:budget:${key}:log`)).toBe(1);
    } finally {
      await client.del(`posture:budget:${key}:log`);
    }
  });
});
