/**
 * Subscriptions across replicas, counted at the simulator: two `node dist/main.js` on one Redis,
 * the sweep and the change feed on one of them. A status change made at OPSWAT reaches a
 * subscriber of the OTHER replica within one feed interval (or at once by webhook), filtered, and
 * no subscription spends an OPSWAT call. Then SIGTERM ends every stream cleanly.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type SimDevice, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS } from '../budget/spend.js';
import { simulatorEnv } from '../helpers/graph.js';
import { type GraphProcess, openSubscriptions, spawnGraph } from '../helpers/process.js';
import { openSse, openWs, until, type WsConnection } from '../helpers/subscriptions.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'opswat-push-key-0123456789abcdef';
const FEED_INTERVAL_SECONDS = 1;
const DEVICE_CHANGED = `subscription($f: DeviceFilter) { deviceChanged(filter: $f) { id hostname compliance { state report { status totalIssues } updatedBy { source } } } }`;

let sim: Simulator;
let leader: GraphProcess;
let follower: GraphProcess;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  const env = {
    ...simulatorEnv(sim),
    ...LIFTED_DOCUMENT_LIMITS,
    OPSWAT_RATE_LIMIT: '10',
    OPSWAT_RATE_WINDOW_MS: '2000',
    FLEET_SWEEP: 'on',
    FLEET_FEED_INTERVAL_SECONDS: String(FEED_INTERVAL_SECONDS),
    OPSWAT_WEBHOOK_SECRET: SECRET,
    // No authentication here: every subscriber is the one anonymous client.
    SUBSCRIPTIONS_MAX_PER_CLIENT: '1000',
    REDIS_URL,
    STORE_NAMESPACE: `test-${randomUUID()}`,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'posture-')),
  };
  const [a, b] = await Promise.all([spawnGraph(env), spawnGraph(env)]);
  const leads = (replica: GraphProcess) => replica.output().includes('fleet sweep: leading the sweep');
  await until(() => leads(a!) || leads(b!), 20_000, 'a sweeper');
  [leader, follower] = leads(a!) ? [a!, b!] : [b!, a!];
  // The sweep has been through the fleet once every device is known to the leader.
  await until(
    () => queued !== undefined && queued === 0,
    60_000,
    'the sweep',
    async () => {
      const response = await leader.query<{ fleetSummary: { byState: Array<{ state: string; count: number }> } }>(
        '{ fleetSummary { byState { state count } } }',
      );
      queued = response.data?.fleetSummary.byState.find((row) => row.state === 'QUEUED')?.count;
    },
  );
}, 90_000);
let queued: number | undefined;
afterAll(async () => {
  await leader?.stop();
  await follower?.stop();
  await sim?.close();
});

/** Waits until `replica` holds `count` subscriptions open. */
async function subscribed(replica: GraphProcess, count: number): Promise<void> {
  let open = 0;
  await until(
    () => open === count,
    60_000,
    `${count} subscriptions`,
    async () => {
      open = await openSubscriptions(replica);
    },
  );
}

/** Live devices OPSWAT reports with `status` through Device Details (so the sweep tied them to OPSWAT's id). */
const withStatus = (status: string): SimDevice[] =>
  sim.fleet.devices.filter((device) => !device.deletedAt && device.opswat.detailsStatus === status && device.opswat.knownMacs.length > 0);
const detailsCalls = () => sim.calls({ route: 'device-details' }).length + sim.calls({ route: 'policy-check' }).length;

describe('a status change at OPSWAT', () => {
  it('reaches a deviceChanged subscriber of the other replica within one feed interval, filtered, with no Device Details call', async () => {
    const nonCompliant = await openWs(follower.url);
    await nonCompliant.init();
    nonCompliant.subscribe('1', DEVICE_CHANGED, { f: { status: ['NON_COMPLIANT'] } });
    const everything = await openSse(follower.url, DEVICE_CHANGED);
    expect(everything.status).toBe(200);
    await subscribed(follower, 2);
    const before = detailsCalls();

    const [target] = withStatus('compliant');
    const [healed] = withStatus('non_compliant');
    const changedAt = Date.now();
    sim.opswat.change(target!.hwid, { status: 'non_compliant', totalIssues: 3, totalCriticalIssues: 1 });
    sim.opswat.change(healed!.hwid, { status: 'compliant', totalIssues: 0, totalCriticalIssues: 0 });

    // The sweep may still be telling of other devices: this one is the change made at OPSWAT.
    const heard = await nonCompliant.next(
      (m) => m.type === 'next' && m.payload.data.deviceChanged.id === String(target!.id),
      15_000,
      'the change on the other replica',
    );
    const latencyMs = Date.now() - changedAt;
    expect(heard.payload.data.deviceChanged).toEqual({
      id: String(target!.id),
      hostname: target!.hostname,
      compliance: { state: 'FRESH', report: { status: 'NON_COMPLIANT', totalIssues: 3 }, updatedBy: { source: 'STATUS_CHANGE' } },
    });
    // One interval, the tick that polls it and the page's call, with room for a busy machine.
    expect(latencyMs).toBeLessThan(FEED_INTERVAL_SECONDS * 1000 + 6_000);
    const healedEvent = await everything.next((e) => e.event === 'next' && e.data.data.deviceChanged.id === String(healed!.id));
    expect(healedEvent.data.data.deviceChanged.compliance.report.status).toBe('COMPLIANT');
    await everything.next((e) => e.event === 'next' && e.data.data.deviceChanged.id === String(target!.id));
    // The COMPLIANT one never reached the NON_COMPLIANT subscriber, nor did anything but NON_COMPLIANT devices.
    const filtered = nonCompliant.messages.filter((m) => m.type === 'next').map((m) => m.payload.data.deviceChanged);
    expect(filtered.map((device) => device.id)).not.toContain(String(healed!.id));
    expect(new Set(filtered.map((device) => device.compliance.report.status))).toEqual(new Set(['NON_COMPLIANT']));
    expect(detailsCalls()).toBe(before);
    process.stdout.write(`feed → other replica's subscriber: ${latencyMs} ms\n`);
    await nonCompliant.close();
    everything.close();
  }, 30_000);

  it('reaches a subscriber of the other replica at once when OPSWAT pushes it to this one', async () => {
    sim.opswat.configureWebhook({ url: `${follower.url}/webhooks/opswat`, key: SECRET });
    const ws = await openWs(leader.url);
    await ws.init();
    ws.subscribe('1', DEVICE_CHANGED, { f: { status: ['NON_COMPLIANT'] } });
    await subscribed(leader, 1);
    const before = detailsCalls();
    const [target] = withStatus('compliant').slice(1);
    const changedAt = Date.now();
    sim.opswat.change(target!.hwid, { status: 'non_compliant' });
    const heard = await ws.next((m) => m.type === 'next' && m.payload.data.deviceChanged.id === String(target!.id), 10_000, 'the push');
    const latencyMs = Date.now() - changedAt;
    expect(heard.payload.data.deviceChanged.compliance.report.status).toBe('NON_COMPLIANT');
    // "At once": a push, its verification and Redis, with room for a machine busy with other suites.
    expect(latencyMs).toBeLessThan(5_000);
    await sim.opswat.settled();
    // At most the webhook's own verification of the pushed device; nothing for the subscription.
    expect(detailsCalls() - before).toBeLessThanOrEqual(1);
    process.stdout.write(`webhook at one replica → other replica's subscriber: ${latencyMs} ms\n`);
    await ws.close();
  }, 30_000);
});

describe('fan-out', () => {
  /** A process's resident memory, in MB. */
  const rssMb = (replica: GraphProcess) =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${replica.child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

  it('delivers one change to 1,000 subscribers across the two replicas, p99 under a second', async () => {
    const before = [rssMb(leader), rssMb(follower)];
    const subscribers: WsConnection[] = [];
    try {
      await fanOut(subscribers, before);
    } finally {
      await Promise.all(subscribers.map((ws) => ws.close()));
    }
    await subscribed(leader, 0);
    await subscribed(follower, 0);
  }, 240_000);

  async function fanOut(subscribers: WsConnection[], before: number[]): Promise<void> {
    for (let batch = 0; batch < 10; batch += 1) {
      const opened = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const ws = await openWs(i % 2 === 0 ? leader.url : follower.url);
          await ws.init();
          ws.subscribe('1', DEVICE_CHANGED, { f: { status: ['NON_COMPLIANT'] } });
          return ws;
        }),
      );
      subscribers.push(...opened);
    }
    await subscribed(leader, 500);
    await subscribed(follower, 500);
    const subscribedRss = [rssMb(leader), rssMb(follower)];
    const before2 = detailsCalls();

    // Pushed to the follower (the webhook of the test above): half the subscribers hear it through Redis.
    const [target] = withStatus('compliant').slice(2);
    const changedAt = Date.now();
    sim.opswat.change(target!.hwid, { status: 'non_compliant' });
    const heard = (ws: WsConnection) =>
      ws.messages.find((m) => m.type === 'next' && m.payload.data.deviceChanged.id === String(target!.id));
    await until(() => subscribers.every((ws) => heard(ws) !== undefined), 60_000, 'every subscriber to hear the change');
    const latencies = subscribers.map((ws) => heard(ws)!.receivedAt - changedAt).sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length * 0.5)]!;
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    const after = [rssMb(leader), rssMb(follower)];
    process.stdout.write(
      `fan-out to 1,000 subscribers (500 per replica): p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms; ` +
        `RSS leader ${before[0]!.toFixed(0)} → ${subscribedRss[0]!.toFixed(0)} → ${after[0]!.toFixed(0)} MB, ` +
        `follower ${before[1]!.toFixed(0)} → ${subscribedRss[1]!.toFixed(0)} → ${after[1]!.toFixed(0)} MB\n`,
    );
    expect(p99).toBeLessThan(1_000);
    // Only the webhook's own verifications (one per pushed device, of the two pushed so far), never one per subscriber.
    expect(detailsCalls() - before2).toBeLessThanOrEqual(2);
  }
});

describe('SIGTERM', () => {
  it('closes every WebSocket with 1001 and ends every event stream, then exits', async () => {
    const ws = await openWs(follower.url);
    await ws.init();
    ws.subscribe('1', DEVICE_CHANGED);
    const sse = await openSse(follower.url, DEVICE_CHANGED);
    await subscribed(follower, 2);
    const stopped = follower.stop();
    const closed = await ws.closed;
    expect(closed.code).toBe(1001);
    expect(closed.reason).toMatch(/shutting down/);
    await sse.ended;
    await stopped;
    expect(follower.child.exitCode ?? follower.child.signalCode).toBe(0);
  }, 30_000);
});
