/**
 * One specification of the call budget, run against both backends. A "world" is the shared
 * state (one database file, one Redis prefix); each `instance()` is another replica of the
 * service on it, with its own connection.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DatabaseSync } from 'node:sqlite';
import type { BudgetOptions, CallBudget } from '../../src/store/index.js';
import { RedisCallBudget } from '../../src/store/redis-budget.js';
import { SqliteCallBudget } from '../../src/store/sqlite-budget.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { closeRedis, connectRedis, deleteKeys, maxInAnySpan, sleep, tempDir, uniquePrefix, type TestRedisClient } from './helpers.js';

interface BudgetWorld {
  /** Another replica's budget over the same shared state. */
  instance(options: BudgetOptions): Promise<CallBudget>;
  close(): Promise<void>;
}

function sqliteWorld(): BudgetWorld {
  const dir = tempDir();
  const handles: DatabaseSync[] = [];
  return {
    async instance(options) {
      const db = openDatabase(dir.path);
      handles.push(db);
      return new SqliteCallBudget(db, options);
    },
    async close() {
      for (const db of handles) db.close();
      dir.remove();
    },
  };
}

function redisWorld(): BudgetWorld {
  const prefix = uniquePrefix();
  const clients: TestRedisClient[] = [];
  return {
    async instance(options) {
      const client = await connectRedis();
      clients.push(client);
      return new RedisCallBudget(client, { ...options, prefix: `${prefix}:${options.key ?? 'opswat'}` });
    },
    async close() {
      if (clients[0]) await deleteKeys(clients[0], prefix);
      for (const client of clients) await closeRedis(client);
    },
  };
}

/** Acquires in a loop until `durationMs` has passed, sleeping as each refusal advises. */
async function hammer(budget: CallBudget, durationMs: number): Promise<number[]> {
  const grants: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const decision = await budget.tryAcquire();
    if (decision.kind === 'granted') grants.push(decision.at);
    else await sleep(Math.min(decision.retryInMs, end - Date.now()));
  }
  return grants;
}

// setTimeout may fire a millisecond early against the wall clock; waits add this much.
const TIMER_SLACK_MS = 3;

describe.each([
  { name: 'SqliteCallBudget', world: sqliteWorld },
  { name: 'RedisCallBudget', world: redisWorld },
])('$name', ({ world: makeWorld }) => {
  let world: BudgetWorld;

  beforeEach(() => {
    world = makeWorld();
  });

  afterEach(async () => {
    await world.close();
  });

  describe('granting', () => {
    it('grants up to the limit, then answers exhausted', async () => {
      const budget = await world.instance({ limit: 3, windowMs: 1_000 });
      const kinds = [];
      for (let i = 0; i < 4; i += 1) kinds.push((await budget.tryAcquire()).kind);
      expect(kinds).toEqual(['granted', 'granted', 'granted', 'exhausted']);
    });

    it('says when the oldest grant leaves the window, and grants once that time has come', async () => {
      const budget = await world.instance({ limit: 2, windowMs: 200 });
      await budget.tryAcquire();
      await budget.tryAcquire();
      const refused = await budget.tryAcquire();
      expect(refused.kind).toBe('exhausted');
      assertKind(refused, 'exhausted');
      expect(refused.retryInMs).toBeGreaterThan(100);
      expect(refused.retryInMs).toBeLessThanOrEqual(200);
      await sleep(refused.retryInMs + TIMER_SLACK_MS);
      expect((await budget.tryAcquire()).kind).toBe('granted');
    });

    it('holds each slot for the margin beyond the window', async () => {
      const budget = await world.instance({ limit: 1, windowMs: 100, marginMs: 100 });
      await budget.tryAcquire();
      const refused = await budget.tryAcquire();
      assertKind(refused, 'exhausted');
      expect(refused.retryInMs).toBeGreaterThan(150);
      await sleep(120);
      expect((await budget.tryAcquire()).kind).toBe('exhausted');
    });

    it('keeps budgets with different keys apart', async () => {
      const a = await world.instance({ limit: 1, windowMs: 10_000, key: 'a' });
      const b = await world.instance({ limit: 1, windowMs: 10_000, key: 'b' });
      expect((await a.tryAcquire()).kind).toBe('granted');
      expect((await a.tryAcquire()).kind).toBe('exhausted');
      expect((await b.tryAcquire()).kind).toBe('granted');
    });
  });

  describe('the sliding-log promise', () => {
    it.each([{ marginMs: 0 }, { marginMs: 50 }])(
      'never lets more than 5 grants into any window (+$marginMs ms margin) under a 1 s hammering by two replicas, yet uses ≥ 80% of it',
      async ({ marginMs }) => {
        const options = { limit: 5, windowMs: 300, marginMs };
        const replicas = [await world.instance(options), await world.instance(options)];
        const durationMs = 1_000;
        const grants = (await Promise.all(replicas.map((budget) => hammer(budget, durationMs)))).flat();
        expect(maxInAnySpan(grants, options.windowMs + marginMs)).toBeLessThanOrEqual(options.limit);
        expect(grants.length).toBeGreaterThanOrEqual(0.8 * ((options.limit * durationMs) / options.windowMs));
      },
    );

    it('lets two replicas racing in parallel take exactly the limit between them', async () => {
      const options = { limit: 5, windowMs: 10_000 };
      const [a, b] = [await world.instance(options), await world.instance(options)];
      const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire());
      const decisions = await Promise.all(attempts);
      expect(decisions.filter((decision) => decision.kind === 'granted')).toHaveLength(5);
    });
  });

  describe('pausing after a 429', () => {
    it('stops every replica until the pause ends', async () => {
      const options = { limit: 5, windowMs: 1_000 };
      const [a, b] = [await world.instance(options), await world.instance(options)];
      const { now } = await a.snapshot();
      await a.pauseUntil(now + 200);
      const refused = await b.tryAcquire();
      assertKind(refused, 'paused');
      expect(refused.retryInMs).toBeGreaterThan(100);
      expect(refused.retryInMs).toBeLessThanOrEqual(200);
      expect((await a.tryAcquire()).kind).toBe('paused');
      await sleep(refused.retryInMs + TIMER_SLACK_MS);
      expect((await b.tryAcquire()).kind).toBe('granted');
    });

    it('never shortens a pause already in force', async () => {
      const options = { limit: 5, windowMs: 1_000 };
      const [a, b] = [await world.instance(options), await world.instance(options)];
      const { now } = await a.snapshot();
      await a.pauseUntil(now + 5_000);
      await b.pauseUntil(now + 50);
      expect((await b.snapshot()).pausedUntil).toBe(now + 5_000);
      await sleep(80);
      expect((await a.tryAcquire()).kind).toBe('paused');
    });

    it('ignores a pause that has already ended', async () => {
      const budget = await world.instance({ limit: 5, windowMs: 1_000 });
      const { now } = await budget.snapshot();
      await budget.pauseUntil(now - 1_000);
      expect((await budget.snapshot()).pausedUntil).toBeNull();
      expect((await budget.tryAcquire()).kind).toBe('granted');
    });
  });

  describe('snapshot and estimates', () => {
    it('lists the grants holding slots in ascending order, with the pause', async () => {
      const options = { limit: 5, windowMs: 10_000 };
      const budget = await world.instance(options);
      const granted = [];
      for (let i = 0; i < 3; i += 1) {
        const decision = await budget.tryAcquire();
        assertKind(decision, 'granted');
        granted.push(decision.at);
      }
      const snapshot = await budget.snapshot();
      expect(snapshot).toMatchObject({ limit: 5, windowMs: 10_000, used: 3, grants: granted, pausedUntil: null });
      expect(snapshot.now).toBeGreaterThanOrEqual(granted[2] as number);
    });

    it('drops grants from the snapshot once they leave the window', async () => {
      const budget = await world.instance({ limit: 5, windowMs: 100 });
      await budget.tryAcquire();
      await sleep(130);
      expect((await budget.snapshot()).used).toBe(0);
    });

    it('estimates no wait while slots are free, and the exhausted retry time once they are not', async () => {
      const budget = await world.instance({ limit: 2, windowMs: 1_000, marginMs: 100 });
      expect(await budget.estimateWaitMs(1)).toBe(0);
      await budget.tryAcquire();
      await budget.tryAcquire();
      const refused = await budget.tryAcquire();
      assertKind(refused, 'exhausted');
      const estimate = await budget.estimateWaitMs(0);
      expect(Math.abs(estimate - refused.retryInMs)).toBeLessThanOrEqual(20);
      // The third call in the queue reuses the first slot a second time.
      const snapshot = await budget.snapshot();
      expect(await budget.estimateWaitMs(2, snapshot)).toBe((snapshot.grants[0] as number) + 2 * 1_100 - snapshot.now);
    });
  });
});

function assertKind<K extends string, D extends { kind: string }>(decision: D, kind: K): asserts decision is Extract<D, { kind: K }> {
  expect(decision.kind).toBe(kind);
}
