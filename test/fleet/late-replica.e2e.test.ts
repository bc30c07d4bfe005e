/**
 * A replica that starts, or restarts, after the sweep has begun, counted at the simulator: two
 * `node dist/main.js` on one Redis, each test on its own store namespace. Changes travel between
 * replicas once, by pub/sub, so the late one missed them; it reads what it missed back from the
 * shared store on its sweep ticks (every 2 s here), spending no OPSWAT call, until its
 * `fleetSummary` agrees with the sweeping replica's and with the simulator's truth. A
 * `fleetSummaryChanged` subscriber of the late replica ends on that same summary.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS, opswatCalls, repeatedIdentifiers } from '../budget/spend.js';
import { fleetTruth } from '../helpers/fleet-truth.js';
import { simulatorEnv } from '../helpers/graph.js';
import { type GraphProcess, spawnGraph } from '../helpers/process.js';
import { openSse } from '../helpers/subscriptions.js';
import { until } from '../helpers/until.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SUMMARY = '{ fleetSummary { totalCount byState { state count } } }';
const SUMMARY_CHANGED = 'subscription { fleetSummaryChanged { totalCount byState { state count } } }';

type ByState = Array<{ state: string; count: number }>;

let sim: Simulator | undefined;
const running: GraphProcess[] = [];
afterEach(async () => {
  for (const replica of running.splice(0)) await replica.stop();
  await sim?.close();
  sim = undefined;
});

const leads = (replica: GraphProcess) => replica.output().includes('fleet sweep: leading the sweep');

/** Starts the simulator and returns the env of replicas on one fresh Redis namespace. */
async function setUp(fleetSize: number, limit: number): Promise<Record<string, string>> {
  sim = await startSimulator({ fleetSize, opswatRateLimit: limit, opswatRateWindowMs: 2_000 });
  return {
    ...simulatorEnv(sim),
    ...LIFTED_DOCUMENT_LIMITS,
    OPSWAT_RATE_LIMIT: String(limit),
    OPSWAT_RATE_WINDOW_MS: '2000',
    FLEET_SWEEP: 'on',
    // The sweep's tick follows the feed's interval: a replica catches up every 2 s (its lease
    // lasts three ticks, long enough that a machine busy with other suites does not pass it on).
    FLEET_FEED_INTERVAL_SECONDS: '2',
    REDIS_URL,
    STORE_NAMESPACE: `test-${randomUUID()}`,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'posture-')),
  };
}

async function byStateOf(replica: GraphProcess): Promise<ByState> {
  const response = await replica.query<{ fleetSummary: { byState: ByState } }>(SUMMARY);
  expect(response.errors).toBeUndefined();
  return response.data!.fleetSummary.byState;
}

const count = (byState: ByState, state: string) => byState.find((row) => row.state === state)?.count ?? 0;

/** The summary's states the simulator's truth predicts once the sweep and the hostname join are done. */
function truthByState(): { FRESH: number; notFresh: number } {
  const truth = fleetTruth(sim!.fleet);
  const fresh = truth.live.filter((device) => truth.truthOf(device).state === 'FRESH').length;
  return { FRESH: fresh, notFresh: truth.live.length - fresh };
}

/** Waits until `replica`'s summary says what the truth does: every device settled, as many FRESH. */
async function sweptPerTruth(replica: GraphProcess, what: string): Promise<ByState> {
  const expected = truthByState();
  let byState: ByState = [];
  await until(
    () => count(byState, 'FRESH') === expected.FRESH && count(byState, 'NOT_FOUND') + count(byState, 'UNMATCHED') === expected.notFresh,
    150_000,
    what,
    async () => {
      byState = await byStateOf(replica);
    },
  ).catch((error: Error) => {
    throw new Error(`${error.message}: expected ${JSON.stringify(expected)}, last ${JSON.stringify(byState)}`);
  });
  expect(['QUEUED', 'STALE', 'FAILED'].map((state) => count(byState, state))).toEqual([0, 0, 0]);
  return byState;
}

/** Waits until `late`'s summary equals `leader`'s, both read in one poll. */
async function agree(leader: GraphProcess, late: GraphProcess): Promise<ByState> {
  let pair: [ByState, ByState] | undefined;
  await until(
    () => pair !== undefined && JSON.stringify(pair[0]) === JSON.stringify(pair[1]),
    30_000,
    "the late replica's summary to agree with the sweeping one's",
    async () => {
      pair = await Promise.all([byStateOf(leader), byStateOf(late)]);
    },
  );
  return pair![0];
}

describe('a replica started after the sweep has finished', () => {
  it("agrees with the sweeping replica's fleetSummary and the truth within a few ticks, with no OPSWAT call", async () => {
    const env = await setUp(250, 10);
    const a = await spawnGraph(env);
    running.push(a);
    await until(() => leads(a), 20_000, 'a sweeper');
    const swept = await sweptPerTruth(a, 'the sweep (and the hostname join) to finish');
    const callsBefore = opswatCalls(sim!.calls()).length;

    const startedAt = Date.now();
    const b = await spawnGraph(env);
    running.push(b);
    const summaries = await openSse(b.url, SUMMARY_CHANGED);
    expect(summaries.status).toBe(200);
    expect(await agree(a, b)).toEqual(swept);
    process.stdout.write(`late replica agreed ${Date.now() - startedAt} ms after its start\n`);
    expect(leads(b)).toBe(false);
    // b's subscriber ends on the same summary (its first event may be from before b caught up).
    await summaries.next(
      (event) => event.event === 'next' && JSON.stringify(event.data.data.fleetSummaryChanged.byState) === JSON.stringify(swept),
    );
    summaries.close();
    // Nothing was due at a, and neither b's catch-up nor its views ask OPSWAT.
    expect(opswatCalls(sim!.calls())).toHaveLength(callsBefore);
  }, 150_000);
});

describe('a replica restarted mid-sweep', () => {
  it('agrees with the sweeping replica and the truth once the sweep is done; it asked OPSWAT nothing', async () => {
    // A tight budget: the sweep of 250 devices takes several windows, and b restarts in the middle.
    const env = await setUp(250, 3);
    const a = await spawnGraph(env);
    running.push(a);
    await until(() => leads(a), 20_000, 'a sweeper');
    let b = await spawnGraph(env);
    running.push(b);
    await until(() => opswatCalls(sim!.calls()).length >= 2, 30_000, 'the sweep to be under way');
    await b.stop();
    running.splice(running.indexOf(b), 1);
    const queuedAtRestart = count(await byStateOf(a), 'QUEUED');
    b = await spawnGraph(env);
    running.push(b);
    process.stdout.write(`b restarted with ${queuedAtRestart} devices still QUEUED at a\n`);

    const swept = await sweptPerTruth(a, 'the sweep (and the hostname join) to finish').catch((error: Error) => {
      const lines = (replica: GraphProcess) =>
        replica
          .output()
          .split('\n')
          .filter((line) => /fleet (sweep|listing)|lease|warn|error/i.test(line))
          .slice(-15)
          .join('\n');
      throw new Error(`${error.message}\na:\n${lines(a)}\nb:\n${lines(b)}`);
    });
    expect(await agree(a, b)).toEqual(swept);
    expect(leads(b)).toBe(false);
    // Only the sweeping replica asked: no identifier twice, and nothing since the sweep finished.
    const calls = opswatCalls(sim!.calls());
    expect(repeatedIdentifiers(calls)).toEqual([]);
    const after = calls.length;
    await sweptPerTruth(b, "b's summary to match the truth");
    expect(opswatCalls(sim!.calls())).toHaveLength(after);
  }, 240_000);
});
