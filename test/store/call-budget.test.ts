/**
 * One specification of the call budget, run against every backend: SQLite, one Redis node, a
 * Redis Cluster. A "world" is the shared state (one database file, one Redis prefix); each
 * `instance()` is another replica of the service on it, with its own connection.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DatabaseSync } from 'node:sqlite';
import type { BudgetDecision, BudgetOptions, CallBudget } from '../../src/store/index.js';
import { RedisCallBudget } from '../../src/store/redis-budget.js';
import { SqliteCallBudget } from '../../src/store/sqlite-budget.js';
import { openDatabase } from '../../src/store/sqlite.js';
import {
  closeRedis,
  connectCluster,
  connectRedis,
  deleteKeys,
  maxInAnySpan,
  sleep,
  tempDir,
  uniquePrefix,
  type TestRedisClient,
  type TestRedisCluster,
} from './helpers.js';

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
      const budgetPrefix = `${prefix}:${options.key ?? 'opswat'}`;
      // A Redis that has held this budget for longer than a window (see the "comes back empty" spec).
      await client.set(`${budgetPrefix}:genesis`, '0', { NX: true });
      return new RedisCallBudget(client, { ...options, prefix: budgetPrefix });
    },
    async close() {
      if (clients[0]) await deleteKeys(clients[0], prefix);
      for (const client of clients) await closeRedis(client);
    },
  };
}

function clusterWorld(): BudgetWorld {
  const prefix = uniquePrefix();
  const clusters: TestRedisCluster[] = [];
  const genesisKeys: string[] = [];
  return {
    async instance(options) {
      const cluster = await connectCluster();
      clusters.push(cluster);
      // A hash tag, as the store factory makes it: the budget's three keys share one slot.
      const budgetPrefix = `{${prefix}:${options.key ?? 'opswat'}}`;
      await cluster.set(`${budgetPrefix}:genesis`, '0', { NX: true });
      genesisKeys.push(budgetPrefix);
      return new RedisCallBudget(cluster, { ...options, prefix: budgetPrefix, replicaAckTimeoutMs: 500 });
    },
    async close() {
      for (const budgetPrefix of new Set(genesisKeys)) {
        await clusters[0]?.del([`${budgetPrefix}:log`, `${budgetPrefix}:pause`, `${budgetPrefix}:genesis`]);
      }
      for (const cluster of clusters) if (cluster.isOpen) await cluster.close();
    },
  };
}

/** One call whose response arrives at once: acquire, then complete a grant. */
async function spend(budget: CallBudget): Promise<BudgetDecision> {
  const decision = await budget.tryAcquire();
  if (decision.kind === 'granted') await budget.complete(decision.id);
  return decision;
}

/** Acquires in a loop until `durationMs` has passed, sleeping as each refusal advises. */
async function hammer(budget: CallBudget, durationMs: number): Promise<number[]> {
  const grants: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const decision = await spend(budget);
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
  { name: 'RedisCallBudget on a cluster', world: clusterWorld },
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
      for (let i = 0; i < 4; i += 1) kinds.push((await spend(budget)).kind);
      expect(kinds).toEqual(['granted', 'granted', 'granted', 'exhausted']);
    });

    it('says when the oldest grant leaves the window, and grants once that time has come', async () => {
      const budget = await world.instance({ limit: 2, windowMs: 200 });
      await spend(budget);
      await spend(budget);
      const refused = await spend(budget);
      expect(refused.kind).toBe('exhausted');
      assertKind(refused, 'exhausted');
      expect(refused.retryInMs).toBeGreaterThan(100);
      expect(refused.retryInMs).toBeLessThanOrEqual(200);
      await sleep(refused.retryInMs + TIMER_SLACK_MS);
      expect((await spend(budget)).kind).toBe('granted');
    });

    it('holds each slot for the margin beyond the window', async () => {
      const budget = await world.instance({ limit: 1, windowMs: 100, marginMs: 100 });
      await spend(budget);
      const refused = await spend(budget);
      assertKind(refused, 'exhausted');
      expect(refused.retryInMs).toBeGreaterThan(150);
      await sleep(120);
      expect((await spend(budget)).kind).toBe('exhausted');
    });

    it('keeps budgets with different keys apart', async () => {
      const a = await world.instance({ limit: 1, windowMs: 10_000, key: 'a' });
      const b = await world.instance({ limit: 1, windowMs: 10_000, key: 'b' });
      expect((await spend(a)).kind).toBe('granted');
      expect((await spend(a)).kind).toBe('exhausted');
      expect((await spend(b)).kind).toBe('granted');
    });
  });

  describe('a slot held from grant to response', () => {
    it('holds a granted slot until grant + callTimeoutMs while no response has arrived', async () => {
      const budget = await world.instance({ limit: 1, windowMs: 100, callTimeoutMs: 300 });
      const granted = await budget.tryAcquire();
      assertKind(granted, 'granted');
      const { grants } = await budget.snapshot();
      expect(grants).toHaveLength(1);
      expect(Math.abs((grants[0] as number) - (granted.at + 300))).toBeLessThanOrEqual(2);
      await sleep(200); // a whole window after the grant, but the call may still be in transit
      const refused = await budget.tryAcquire();
      assertKind(refused, 'exhausted');
      expect(refused.retryInMs).toBeGreaterThan(150);
    });

    it('counts the window from the response once the call completes, however late that is', async () => {
      const budget = await world.instance({ limit: 1, windowMs: 100, callTimeoutMs: 10_000 });
      const granted = await budget.tryAcquire();
      assertKind(granted, 'granted');
      await sleep(150); // a slow call: OPSWAT may have counted it only just now
      await budget.complete(granted.id);
      const refused = await budget.tryAcquire();
      assertKind(refused, 'exhausted');
      expect(refused.retryInMs).toBeGreaterThan(80);
      expect(refused.retryInMs).toBeLessThanOrEqual(100);
      await sleep(refused.retryInMs + TIMER_SLACK_MS);
      expect((await budget.tryAcquire()).kind).toBe('granted');
    });

    it('frees a cancelled grant (nothing was sent) at once', async () => {
      const budget = await world.instance({ limit: 1, windowMs: 10_000 });
      const granted = await budget.tryAcquire();
      assertKind(granted, 'granted');
      await budget.cancel(granted.id);
      expect((await budget.tryAcquire()).kind).toBe('granted');
    });

    it('keeps the limit in any window of arrival times when each call arrives at a random delay before its response', async () => {
      const options = { limit: 5, windowMs: 300, callTimeoutMs: 1_000 };
      const replicas = [await world.instance(options), await world.instance(options)];
      const arrivals: number[] = [];
      const end = Date.now() + 1_200;
      await Promise.all(
        replicas.map(async (budget) => {
          while (Date.now() < end) {
            const decision = await budget.tryAcquire();
            if (decision.kind !== 'granted') {
              await sleep(Math.min(decision.retryInMs, Math.max(1, end - Date.now())));
              continue;
            }
            await sleep(Math.floor(Math.random() * 120)); // transit: OPSWAT counts the call now
            arrivals.push(Date.now());
            await sleep(5); // the response travels back
            await budget.complete(decision.id);
          }
        }),
      );
      expect(arrivals.length).toBeGreaterThan(5);
      expect(maxInAnySpan(arrivals, options.windowMs)).toBeLessThanOrEqual(options.limit);
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
      const attempts = Array.from({ length: 20 }, (_, i) => spend(i % 2 === 0 ? a : b));
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
      const refused = await spend(b);
      assertKind(refused, 'paused');
      expect(refused.retryInMs).toBeGreaterThan(100);
      expect(refused.retryInMs).toBeLessThanOrEqual(200);
      expect((await spend(a)).kind).toBe('paused');
      await sleep(refused.retryInMs + TIMER_SLACK_MS);
      expect((await spend(b)).kind).toBe('granted');
    });

    it('never shortens a pause already in force', async () => {
      const options = { limit: 5, windowMs: 1_000 };
      const [a, b] = [await world.instance(options), await world.instance(options)];
      const { now } = await a.snapshot();
      await a.pauseUntil(now + 5_000);
      await b.pauseUntil(now + 50);
      expect((await b.snapshot()).pausedUntil).toBe(now + 5_000);
      await sleep(80);
      expect((await spend(a)).kind).toBe('paused');
    });

    it('ignores a pause that has already ended', async () => {
      const budget = await world.instance({ limit: 5, windowMs: 1_000 });
      const { now } = await budget.snapshot();
      await budget.pauseUntil(now - 1_000);
      expect((await budget.snapshot()).pausedUntil).toBeNull();
      expect((await spend(budget)).kind).toBe('granted');
    });
  });

  describe('snapshot and estimates', () => {
    it('lists the grants holding slots in ascending order, with the pause', async () => {
      const options = { limit: 5, windowMs: 10_000 };
      const budget = await world.instance(options);
      const granted: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const decision = await spend(budget);
        assertKind(decision, 'granted');
        granted.push(decision.at);
      }
      const snapshot = await budget.snapshot();
      expect(snapshot).toMatchObject({ limit: 5, windowMs: 10_000, used: 3, pausedUntil: null });
      // Each slot counts from its call's response, a moment after its grant.
      snapshot.grants.forEach((at, i) => {
        expect(at).toBeGreaterThanOrEqual(granted[i] as number);
        expect(at - (granted[i] as number)).toBeLessThan(50);
      });
      expect(snapshot.grants).toEqual([...snapshot.grants].sort((x, y) => x - y));
      expect(snapshot.now).toBeGreaterThanOrEqual(snapshot.grants[2] as number);
    });

    it('drops grants from the snapshot once they leave the window', async () => {
      const budget = await world.instance({ limit: 5, windowMs: 100 });
      await spend(budget);
      await sleep(130);
      expect((await budget.snapshot()).used).toBe(0);
    });

    it('estimates no wait while slots are free, and the exhausted retry time once they are not', async () => {
      const budget = await world.instance({ limit: 2, windowMs: 1_000, marginMs: 100 });
      expect(await budget.estimateWaitMs(1)).toBe(0);
      await spend(budget);
      await spend(budget);
      const refused = await spend(budget);
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
