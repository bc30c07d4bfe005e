/**
 * The sweep across replicas, counted at the simulator: two `node dist/main.js` on one Redis, the
 * sweeping one stopped mid-sweep and started again. One sweeper at a time, no MAC asked twice,
 * never more than the limit in any window, no 429, and the whole fleet swept in the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import {
  accepted,
  askedIdentifiers,
  ENTITIES,
  LIFTED_DOCUMENT_LIMITS,
  liveHostnames,
  maxInAnyWindow,
  opswatCalls,
  repeatedIdentifiers,
  representations,
  SETTLED,
} from '../budget/spend.js';
import { simulatorEnv } from '../helpers/graph.js';
import { type GraphProcess, spawnGraph } from '../helpers/process.js';
import { until } from '../helpers/until.js';

const LIMIT = 10;
const WINDOW = 2_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let sim: Simulator | undefined;
const running: GraphProcess[] = [];
afterEach(async () => {
  for (const replica of running.splice(0)) await replica.stop();
  await sim?.close();
  sim = undefined;
});

const leads = (replica: GraphProcess) => replica.output().includes('fleet sweep: leading the sweep');

describe('two replicas on one Redis, the sweeper restarted mid-sweep', () => {
  it('sweeps one at a time, hands over, asks no MAC twice and keeps the budget', async () => {
    sim = await startSimulator({ fleetSize: 1300, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW, opswatTransitMs: 400 });
    const env = {
      ...simulatorEnv(sim),
      OPSWAT_RATE_LIMIT: String(LIMIT),
      OPSWAT_RATE_WINDOW_MS: String(WINDOW),
      ...LIFTED_DOCUMENT_LIMITS,
      FLEET_SWEEP: 'on',
      REDIS_URL,
      STORE_NAMESPACE: `test-${randomUUID()}`,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'posture-')),
    };
    const [a, b] = await Promise.all([spawnGraph(env), spawnGraph(env)]);
    running.push(a!, b!);
    await until(() => leads(a!) || leads(b!), 20_000, 'a sweeper');
    const [leader, other] = leads(a!) ? [a!, b!] : [b!, a!];
    expect(leads(other)).toBe(false);

    // Mid-sweep, the sweeper stops (SIGTERM: it gives the lease up); the other takes over.
    await until(() => opswatCalls(sim!.calls()).length >= 6, 20_000, 'the sweep to start');
    await leader.stop();
    const byLeader = opswatCalls(sim.calls()).length;
    running.splice(running.indexOf(leader), 1);
    await until(() => leads(other), 20_000, 'the other replica to take the sweep over');

    // The stopped one starts again, on the same store: it stands by.
    const restarted = await spawnGraph(env);
    running.push(restarted);

    // Done when no call has gone out for three windows.
    let last = -1;
    await until(
      () => {
        const calls = opswatCalls(sim!.calls());
        const quiet = calls.length > 0 && Date.now() - calls.at(-1)!.at > 3 * WINDOW && calls.length === last;
        last = calls.length;
        return quiet;
      },
      60_000,
      'the sweep to finish',
    );
    expect(leads(restarted)).toBe(false);

    const calls = opswatCalls(sim.calls());
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    expect(maxInAnyWindow(accepted(calls), WINDOW)).toBeLessThanOrEqual(LIMIT);
    expect(repeatedIdentifiers(calls)).toEqual([]);
    // Calls go full across the hand-over: no slot spent on a call of a few MACs.
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(askedIdentifiers(calls).length / 50) + 2);
    expect(calls.length).toBeGreaterThan(byLeader);

    // Every eligible device reads settled from either replica, with no new call.
    const hostnames = [...new Set(liveHostnames(sim))];
    const before = calls.length;
    for (const replica of [other, restarted]) {
      const response = await replica.query<{ _entities: Array<{ compliance: { state: string } }> }>(ENTITIES, {
        r: representations(hostnames),
      });
      expect(response.data!._entities.every((row) => SETTLED.has(row.compliance.state))).toBe(true);
    }
    expect(opswatCalls(sim.calls())).toHaveLength(before);
  }, 120_000);
});
