/**
 * The budget's promise, counted at the simulator: OPSWAT never sees more than OPSWAT_RATE_LIMIT
 * calls in any window (counted when they ARRIVE, after a random transit), across replicas on one
 * Redis, across restarts on one DATA_DIR, after 429s and after Redis comes back empty.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createClient } from 'redis';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { simulatorEnv, startGraph } from '../helpers/graph.js';
import { spawnGraph, type GraphProcess } from '../helpers/process.js';
import {
  accepted,
  aliasedLookups,
  LIFTED_DOCUMENT_LIMITS,
  ENTITIES,
  liveHostnames,
  madeUpMacs,
  maxInAnyWindow,
  opswatCalls,
  repeatedIdentifiers,
  representations,
  sleep,
} from './spend.js';

// A short window keeps these tests quick: 10 calls per 2 s, enforced by the simulator as OPSWAT would.
const LIMIT = 10;
const WINDOW = 2000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES ?? '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002';
const budgetEnv = {
  OPSWAT_RATE_LIMIT: String(LIMIT),
  OPSWAT_RATE_WINDOW_MS: String(WINDOW),
  COMPLIANCE_MAX_WAIT_MS: '200',
  ...LIFTED_DOCUMENT_LIMITS,
};

let sim: Simulator | undefined;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await sim?.close();
  sim = undefined;
});

/** Sends `send(i)` every `everyMs` until `untilMs`. */
async function demand(send: (i: number) => Promise<unknown>, untilMs: number, everyMs = 250): Promise<void> {
  for (let i = 0; Date.now() < untilMs; i += 1) {
    await send(i);
    await sleep(everyMs);
  }
}

function expectLimitKept(calls: ReturnType<Simulator['calls']>, windowMs = WINDOW) {
  expect(calls.filter((call) => call.status === 429)).toEqual([]);
  expect(maxInAnyWindow(accepted(calls), windowMs)).toBeLessThanOrEqual(LIMIT);
  expect(repeatedIdentifiers(calls)).toEqual([]);
}

// The same scenario on one Redis node and on a Redis Cluster (its budget keys under one hash tag,
// each grant acknowledged by a replica): about 20 s each, so only this scenario runs on both.
describe.each([
  { store: 'one Redis', storeEnv: { REDIS_URL } as Record<string, string>, kind: 'redis' },
  { store: 'a Redis Cluster', storeEnv: { REDIS_CLUSTER_NODES } as Record<string, string>, kind: 'redis-cluster' },
])('two replicas on $store, each call arriving after a random 0–800 ms transit', ({ storeEnv, kind }) => {
  it('never lets a window hold more than the limit and draws no 429 over at least five windows', async () => {
    sim = await startSimulator({ fleetSize: 60, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW, opswatTransitMs: 800 });
    const env = {
      ...simulatorEnv(sim),
      ...budgetEnv,
      ...storeEnv,
      STORE_NAMESPACE: `test-${randomUUID()}`,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'posture-')),
    };
    const [a, b] = await Promise.all([spawnGraph(env), spawnGraph(env)]);
    cleanup.push(
      () => a!.stop(),
      () => b!.stop(),
    );
    for (const replica of [a!, b!]) expect(replica.output()).toContain(`"store":"${kind}"`);
    // Each replica keeps asking for 50 new made-up MACs every 250 ms: far more than the budget serves.
    const until = Date.now() + 7 * WINDOW;
    await Promise.all(
      [a!, b!].map((replica, r) => demand((i) => replica.query(aliasedLookups(madeUpMacs(50, (r * 1_000 + i) * 50))), until)),
    );
    await sleep(WINDOW);
    const calls = opswatCalls(sim.calls());
    expectLimitKept(calls);
    const spanned = calls.at(-1)!.at - calls[0]!.at;
    expect(spanned).toBeGreaterThanOrEqual(5 * WINDOW);
    expect(calls.length).toBeGreaterThanOrEqual(5 * LIMIT * 0.7);
  }, 60_000);
});

describe('a restart on the same DATA_DIR', () => {
  it('keeps the spent budget and serves the reports it had as FRESH without calling OPSWAT', async () => {
    const window = 6000;
    sim = await startSimulator({ fleetSize: 600, opswatRateLimit: LIMIT, opswatRateWindowMs: window });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'posture-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { ...simulatorEnv(sim), OPSWAT_RATE_LIMIT: String(LIMIT), OPSWAT_RATE_WINDOW_MS: String(window), DATA_DIR: dataDir };
    const hostnames = liveHostnames(sim, 550);

    const first: GraphProcess = await spawnGraph(env);
    cleanup.push(() => first.stop());
    await first.query(ENTITIES, { r: representations(hostnames) });
    while (opswatCalls(sim.calls()).length < LIMIT) await sleep(50);
    await first.stop();
    const spentByFirst = opswatCalls(sim.calls());

    const second = await spawnGraph(env);
    cleanup.push(() => second.stop());
    const response = await second.query<{ _entities: Array<{ compliance: { state: string } }> }>(ENTITIES, {
      r: representations(hostnames.slice(0, 50)),
    });
    expect(response.data!._entities.filter((entity) => entity.compliance.state === 'FRESH').length).toBeGreaterThan(0);
    expect(opswatCalls(sim.calls())).toHaveLength(spentByFirst.length);
    // Keep asking: the second process must wait for the first one's slots to age out.
    await demand(() => second.query(ENTITIES, { r: representations(hostnames) }), Date.now() + window, 500);
    const calls = opswatCalls(sim.calls());
    expectLimitKept(calls, window);
    const afterRestart = calls.slice(spentByFirst.length);
    expect(afterRestart.length).toBeGreaterThan(0);
    expect(afterRestart[0]!.at - spentByFirst[0]!.at).toBeGreaterThanOrEqual(window);
  }, 60_000);
});

describe('after OPSWAT answers 429', () => {
  it.each([
    ['its Retry-After', '3', 3000],
    ['one full window when it sends none', undefined, WINDOW],
    ['at most OPSWAT_MAX_PAUSE_MS for a Retry-After of ten days', '864000', 4000],
  ])(
    'sends nothing until the pause ends: %s',
    async (_name, retryAfter, pauseMs) => {
      sim = await startSimulator({ fleetSize: 600, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
      const graph = await startGraph(sim, { ...budgetEnv, OPSWAT_MAX_PAUSE_MS: '4000' });
      cleanup.push(() => graph.close());
      sim.inject({ route: 'device-details', status: 429, ...(retryAfter ? { retryAfter } : {}) });
      const hostnames = liveHostnames(sim, 500);
      await demand(
        (i) => graph.query(ENTITIES, { r: representations(hostnames.slice((i * 25) % 500, ((i * 25) % 500) + 25)) }),
        Date.now() + pauseMs + 1500,
      );
      const calls = opswatCalls(sim.calls());
      const limited = calls.find((call) => call.status === 429)!;
      const next = calls.find((call) => call.at > limited.at);
      expect(next).toBeDefined();
      expect(next!.at - limited.at).toBeGreaterThanOrEqual(pauseMs);
      expect(next!.at - limited.at).toBeLessThan(pauseMs + 1500);
      if (retryAfter === '864000') expect(graph.logs.text()).toContain('longer than OPSWAT_MAX_PAUSE_MS');
    },
    30_000,
  );
});

describe('a Redis that restarts empty (no persistence)', () => {
  it('treats the window as full until one window has passed, so the calls OPSWAT still counts are never doubled', async () => {
    sim = await startSimulator({ fleetSize: 1200, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
    const namespace = `test-${randomUUID()}`;
    const graph = await startGraph(sim, { ...budgetEnv, REDIS_URL, STORE_NAMESPACE: namespace });
    cleanup.push(() => graph.close());
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    cleanup.push(() => admin.close());
    const hostnames = liveHostnames(sim);
    const ask = (i: number) => graph.query(ENTITIES, { r: representations(hostnames.slice((i * 100) % 1000, ((i * 100) % 1000) + 100)) });
    // Spend the budget, then wipe every key of the namespace, as a Redis restart without persistence would.
    await demand(ask, Date.now() + 2 * WINDOW, 200);
    const keys = await admin.keys(`${namespace}*`);
    if (keys.length > 0) await admin.del(keys);
    const flushedAt = Date.now();
    await demand(ask, Date.now() + 2 * WINDOW, 200);
    const calls = opswatCalls(sim.calls());
    expectLimitKept(calls);
    const afterFlush = calls.filter((call) => call.at > flushedAt);
    expect(afterFlush.length).toBeGreaterThan(0);
    expect(afterFlush[0]!.at - flushedAt).toBeGreaterThanOrEqual(WINDOW);
  }, 30_000);
});
