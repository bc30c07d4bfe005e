/** What the Redis-backed budget leaves in Redis: prefixed keys that vanish when idle. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RedisCallBudget } from '../../src/store/redis-budget.js';
import { closeRedis, connectRedis, deleteKeys, uniquePrefix, type TestRedisClient } from './helpers.js';

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

describe('RedisCallBudget keys', () => {
  it('keeps the log and the pause under its prefix, each expiring when it no longer matters', async () => {
    await client.set(`${prefix}:genesis`, '0');
    const budget = new RedisCallBudget(client, { limit: 5, windowMs: 2_000, marginMs: 500, callTimeoutMs: 1_000, prefix });
    await budget.tryAcquire();
    await budget.tryAcquire();
    const { now } = await budget.snapshot();
    await budget.pauseUntil(now + 3_000);

    expect((await client.keys(`${prefix}*`)).sort()).toEqual([`${prefix}:genesis`, `${prefix}:log`, `${prefix}:pause`]);
    expect(await client.zCard(`${prefix}:log`)).toBe(2); // one member per grant, even within one ms
    // A slot may be held until grant + call timeout, then a window and margin after that.
    const logTtl = await client.pTTL(`${prefix}:log`);
    expect(logTtl).toBeGreaterThan(3_000);
    expect(logTtl).toBeLessThanOrEqual(3_500);
    expect(await client.pTTL(`${prefix}:genesis`)).toBe(-1); // lives as long as Redis keeps data
    const pauseTtl = await client.pTTL(`${prefix}:pause`);
    expect(pauseTtl).toBeGreaterThan(2_500);
    expect(pauseTtl).toBeLessThanOrEqual(3_000);
  });

  it('defaults its prefix to posture:budget:<key>', async () => {
    const key = uniquePrefix();
    await client.set(`posture:budget:${key}:genesis`, '0');
    const budget = new RedisCallBudget(client, { limit: 1, windowMs: 1_000, key });
    try {
      await budget.tryAcquire();
      expect(await client.exists(`posture:budget:${key}:log`)).toBe(1);
    } finally {
      await client.del([`posture:budget:${key}:log`, `posture:budget:${key}:genesis`]);
    }
  });
});

describe('RedisCallBudget on a Redis that comes back empty', () => {
  it('treats the window as full until one window has passed, since it no longer knows the calls OPSWAT still counts', async () => {
    const options = { limit: 3, windowMs: 300, marginMs: 20, prefix };
    const budget = new RedisCallBudget(client, options);
    await client.set(`${prefix}:genesis`, '0');
    for (let i = 0; i < 3; i += 1) {
      const decision = await budget.tryAcquire();
      if (decision.kind === 'granted') await budget.complete(decision.id);
    }
    // Redis restarts without persistence: every key of the namespace is gone.
    await deleteKeys(client, prefix);
    const refused = await budget.tryAcquire();
    expect(refused.kind).toBe('exhausted');
    expect(refused.kind === 'exhausted' && refused.retryInMs).toBeGreaterThan(250);
    expect((await budget.snapshot()).pausedUntil).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 330));
    expect((await budget.tryAcquire()).kind).toBe('granted');
  });
});
