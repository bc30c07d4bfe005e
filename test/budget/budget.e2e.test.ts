import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { simulatorEnv, startGraph, type TestGraph } from '../helpers/graph.js';
import { spawnGraph, type GraphProcess } from '../helpers/process.js';
import { accepted, ENTITIES, maxInAnyWindow, repeatedIdentifiers, representations, sleep } from './spend.js';

// A short window keeps these tests quick: 10 calls per 2 s, enforced by the simulator as OPSWAT would.
const LIMIT = 10;
const WINDOW = 2000;
const budgetEnv = { OPSWAT_RATE_LIMIT: String(LIMIT), OPSWAT_RATE_WINDOW_MS: String(WINDOW), COMPLIANCE_MAX_WAIT_MS: '200' };

let sim: Simulator | undefined;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await sim?.close();
  sim = undefined;
});

const liveHostnames = (simulator: Simulator, count: number, from = 0) =>
  simulator.fleet.devices
    .filter((device) => !device.deletedAt && device.physicalMacs.length > 0)
    .slice(from, from + count)
    .map((device) => device.hostname);

/** Polls `_entities` for `hostnames` every `everyMs` until `untilMs`. */
async function demand(send: (hostnames: string[]) => Promise<unknown>, hostnames: string[], untilMs: number, everyMs = 250): Promise<void> {
  while (Date.now() < untilMs) {
    await send(hostnames);
    await sleep(everyMs);
  }
}

function expectBudgetKept(calls: ReturnType<Simulator['calls']>, span: { from: number; windows: number }) {
  expect(calls.filter((call) => call.status === 429)).toEqual([]);
  expect(maxInAnyWindow(accepted(calls), WINDOW)).toBeLessThanOrEqual(LIMIT);
  expect(repeatedIdentifiers(calls)).toEqual([]);
  const inSpan = calls.filter((call) => call.at >= span.from && call.at < span.from + span.windows * WINDOW);
  // At least 90% of what the budget allows over the span was used.
  expect(inSpan.length).toBeGreaterThanOrEqual(Math.ceil(0.9 * LIMIT * span.windows));
}

describe('the call budget under sustained demand', () => {
  it('spends at most the limit in any window, uses at least 90% of it, and asks no identifier twice', async () => {
    sim = await startSimulator({ fleetSize: 130, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
    const graph: TestGraph = await startGraph(sim, budgetEnv);
    cleanup.push(() => graph.close());
    const hostnames = liveHostnames(sim, 100);
    const started = Date.now();
    await demand((batch) => graph.query(ENTITIES, { r: representations(batch) }), hostnames, started + 3 * WINDOW + 500);
    const calls = sim.calls({ route: 'policy-check' });
    expectBudgetKept(calls, { from: calls[0]!.at, windows: 3 });
  });
});

describe('two server processes sharing Redis', () => {
  it('share one budget and one cache: the same three facts, counted across both', async () => {
    sim = await startSimulator({ fleetSize: 130, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
    const env = {
      ...simulatorEnv(sim),
      ...budgetEnv,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      STORE_NAMESPACE: `test-${randomUUID()}`,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'posture-')),
    };
    const [a, b] = await Promise.all([spawnGraph(env), spawnGraph(env)]);
    cleanup.push(
      () => a!.stop(),
      () => b!.stop(),
    );
    const hostnames = liveHostnames(sim, 100);
    const until = Date.now() + 3 * WINDOW + 500;
    // Overlapping demand: A wants the first 70 devices, B the last 70.
    await Promise.all([
      demand((batch) => a!.query(ENTITIES, { r: representations(batch) }), hostnames.slice(0, 70), until),
      demand((batch) => b!.query(ENTITIES, { r: representations(batch) }), hostnames.slice(30), until),
    ]);
    const calls = sim.calls({ route: 'policy-check' });
    expectBudgetKept(calls, { from: calls[0]!.at, windows: 3 });
    // Answers fetched by one replica are FRESH on the other without a new call.
    const before = calls.length;
    const fromB = await b!.query(ENTITIES, { r: representations(hostnames.slice(0, 5)) });
    await sleep(100);
    const states = (fromB.data as { _entities: Array<{ compliance: { state: string } }> })._entities.map(
      (entity) => entity.compliance.state,
    );
    expect(states.filter((state) => state === 'FRESH' || state === 'NOT_FOUND').length).toBeGreaterThan(0);
    expect(sim.calls({ route: 'policy-check' }).length - before).toBeLessThanOrEqual(states.filter((state) => state === 'QUEUED').length);
  });
});

describe('a restart on the same DATA_DIR', () => {
  it('keeps the spent budget and serves the reports it had as FRESH without calling OPSWAT', async () => {
    const window = 6000;
    sim = await startSimulator({ fleetSize: 60, opswatRateLimit: LIMIT, opswatRateWindowMs: window });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'posture-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      ...simulatorEnv(sim),
      OPSWAT_RATE_LIMIT: String(LIMIT),
      OPSWAT_RATE_WINDOW_MS: String(window),
      COMPLIANCE_MAX_WAIT_MS: '1500',
      DATA_DIR: dataDir,
    };
    const hostnames = liveHostnames(sim, 30);

    const first: GraphProcess = await spawnGraph(env);
    cleanup.push(() => first.stop());
    await first.query(ENTITIES, { r: representations(hostnames) });
    while (sim.calls({ route: 'policy-check' }).length < LIMIT) await sleep(50);
    await first.stop();
    const spentByFirst = sim.calls({ route: 'policy-check' });
    const answeredPaths = new Set(spentByFirst.filter((call) => call.status === 200).map((call) => call.path));

    const second = await spawnGraph(env);
    cleanup.push(() => second.stop());
    const response = await second.query<{ _entities: Array<{ hostname: string; compliance: { state: string; identifier: string } }> }>(
      ENTITIES,
      { r: representations(hostnames) },
    );
    const fresh = response.data!._entities.filter((entity) => entity.compliance.state === 'FRESH');
    expect(fresh.length).toBeGreaterThan(0);
    for (const entity of fresh) expect([...answeredPaths].some((p) => p.includes(entity.compliance.identifier))).toBe(true);
    // Keep asking for a while: the second process must wait for the first one's grants to age out.
    await demand((batch) => second.query(ENTITIES, { r: representations(batch) }), hostnames, Date.now() + window, 500);
    const calls = sim.calls({ route: 'policy-check' });
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    expect(maxInAnyWindow(calls, window)).toBeLessThanOrEqual(LIMIT);
    expect(repeatedIdentifiers(calls)).toEqual([]);
    const afterRestart = calls.slice(spentByFirst.length);
    expect(afterRestart.length).toBeGreaterThan(0);
    expect(afterRestart[0]!.at - spentByFirst[0]!.at).toBeGreaterThanOrEqual(window);
  });
});

describe('after OPSWAT answers 429', () => {
  it.each([
    ['its Retry-After', '3', 3000],
    ['one full window when it sends none', undefined, WINDOW],
  ])('sends nothing until the pause ends: %s', async (_name, retryAfter, pauseMs) => {
    sim = await startSimulator({ fleetSize: 60, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
    const graph = await startGraph(sim, budgetEnv);
    cleanup.push(() => graph.close());
    sim.inject({ route: 'policy-check', status: 429, ...(retryAfter ? { retryAfter } : {}) });
    await demand((batch) => graph.query(ENTITIES, { r: representations(batch) }), liveHostnames(sim, 20), Date.now() + pauseMs + 1500);
    const calls = sim.calls({ route: 'policy-check' });
    const limited = calls.find((call) => call.status === 429)!;
    const next = calls.find((call) => call.at > limited.at);
    expect(next).toBeDefined();
    expect(next!.at - limited.at).toBeGreaterThanOrEqual(pauseMs);
  });
});

describe('a request for many uncached devices', () => {
  it('answers within COMPLIANCE_MAX_WAIT_MS with QUEUED and a usable retryAfterSeconds; asking again then finds the reports', async () => {
    sim = await startSimulator({ fleetSize: 80, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
    const graph = await startGraph(sim, { ...budgetEnv, COMPLIANCE_MAX_WAIT_MS: '1500' });
    cleanup.push(() => graph.close());
    const hostnames = liveHostnames(sim, 50);
    const started = Date.now();
    const first = await graph.query<{ _entities: Array<{ compliance: { state: string; retryAfterSeconds: number | null } }> }>(ENTITIES, {
      r: representations(hostnames),
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1500 + 500);
    const states = first.data!._entities.map((entity) => entity.compliance);
    const queued = states.filter((state) => state.state === 'QUEUED');
    expect(queued.length).toBeGreaterThanOrEqual(30);
    const waits = queued.map((state) => state.retryAfterSeconds!);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    // 50 devices at 10 calls per 2 s is about 10 s of budget; the estimate should say so, not 1 s or a minute.
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...waits)).toBeLessThanOrEqual(20);
    await sleep(Math.max(...waits) * 1000);
    const again = await graph.query<{ _entities: Array<{ compliance: { state: string } }> }>(ENTITIES, { r: representations(hostnames) });
    const after = again.data!._entities.map((entity) => entity.compliance.state);
    expect(after.filter((state) => state === 'QUEUED' || state === 'STALE' || state === 'FAILED')).toEqual([]);
    expect(after.filter((state) => state === 'FRESH').length).toBeGreaterThan(35);
  }, 60_000);
});
