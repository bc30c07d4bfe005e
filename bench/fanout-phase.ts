/**
 * The subscription fan-out phase: two replicas of our server on one Redis, `BENCH_FANOUT_SUBSCRIBERS`
 * (1,000) graphql-ws subscribers of `deviceChanged` split between them, and status changes made at
 * the simulated OPSWAT, pushed by its webhook to one replica (the other hears through Redis). It
 * measures delivery latency from the change at OPSWAT to each subscriber's receipt, paced (one
 * change a second) and in a burst (changes as fast as the webhook takes them: events a second
 * delivered to every subscriber), and each replica's RSS before the subscribers, once they are
 * subscribed and after the events.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WebSocket } from 'ws';
import { type SimDevice, startSimulator } from '../src/simulator/index.js';
import { type ChildServer, sleep } from './lib/children.js';
import { post } from './lib/graphql.js';
import { round } from './lib/load.js';
import { readRss } from './lib/memory.js';
import { startPostureServer, WARM_UP_BUDGET } from './lib/server.js';

/** How the fan-out phase runs. */
export interface FanoutOptions {
  subscribers: number;
  /** Changes made one a second. */
  pacedEvents: number;
  /** Changes made at once. */
  burstEvents: number;
  redisUrl: string;
  workDir: string;
  log: (line: string) => void;
}

/** Latencies of one run, in ms from the change at OPSWAT to a subscriber's receipt. */
export interface DeliveryStats {
  events: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  /** Events delivered to every subscriber a second: events over the time from the first change to the last receipt. */
  eventsPerSecond: number;
}

/** What the fan-out phase measured. */
export interface FanoutReport {
  subscribers: number;
  paced: DeliveryStats;
  burst: DeliveryStats;
  /** Each replica's RSS, in MB: before the subscribers, subscribed, after the events. */
  rssMb: Array<{ before: number | null; subscribed: number | null; after: number | null }>;
}

const SECRET = 'bench-opswat-push-key-0123456789abcdef';
const DEVICE_CHANGED = 'subscription { deviceChanged { id compliance { state report { status totalIssues } } } }';

/** Runs the fan-out phase; every child and socket it opens is closed before it returns or throws. */
export async function runFanoutPhase(options: FanoutOptions): Promise<FanoutReport> {
  const { log } = options;
  const sim = await startSimulator({
    fleetSize: 300,
    opswatRateLimit: Number(WARM_UP_BUDGET.OPSWAT_RATE_LIMIT),
    opswatRateWindowMs: Number(WARM_UP_BUDGET.OPSWAT_RATE_WINDOW_MS),
  });
  const children: Array<ChildServer & { metricsUrl: string }> = [];
  const sockets: Subscriber[] = [];
  try {
    const env = {
      ...WARM_UP_BUDGET,
      FLEET_SWEEP: 'on',
      OPSWAT_WEBHOOK_SECRET: SECRET,
      REDIS_URL: options.redisUrl,
      STORE_NAMESPACE: `bench-${randomUUID()}`,
      SUBSCRIPTIONS_MAX_PER_CLIENT: String(options.subscribers),
      SUBSCRIPTIONS_MAX: String(options.subscribers),
    };
    for (const name of ['a', 'b']) {
      children.push(
        await startPostureServer({
          name: `fan-out replica ${name}`,
          sim,
          dataDir: path.join(options.workDir, `fanout-${name}`),
          logFile: path.join(options.workDir, `fanout-${name}.log`),
          env,
        }),
      );
    }
    const [a, b] = children;
    if (!a || !b) throw new Error('fan-out: the two replicas did not start');
    // Pushes reach the replica that swept the fleet (its index knows OPSWAT's ids); the other replica's
    // subscribers hear them through Redis. (A replica started after the sweep's first answers has not
    // heard them: its views show those devices QUEUED until their next change.)
    const leader = await untilSwept([a, b]);
    sim.opswat.configureWebhook({ url: `${leader.url}/webhooks/opswat`, key: SECRET });
    log(
      `fan-out: two replicas on Redis; the sweep went through ${sim.fleet.devices.length} devices; OPSWAT pushes to ${leader === a ? 'a' : 'b'}`,
    );
    const rss = () => children.map((child) => readRss(child.pid)?.rssMb ?? null);
    const before = rss();

    for (let i = 0; i < options.subscribers; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, options.subscribers - i) }, (_, j) => subscribe((i + j) % 2 === 0 ? a.url : b.url)),
      );
      sockets.push(...batch);
    }
    await untilOpen(children, options.subscribers);
    const subscribed = rss();
    log(`fan-out: ${options.subscribers} subscribers (half on each replica) subscribed; RSS ${JSON.stringify(subscribed)} MB`);

    // Devices OPSWAT knows through Device Details (the index ties them to OPSWAT's id, which pushes
    // name), each changed once, to the other verdict: a push carries the status, so one event each.
    const targets = sim.fleet.devices.filter(
      (d) =>
        !d.deletedAt &&
        (d.opswat.detailsStatus === 'compliant' || d.opswat.detailsStatus === 'non_compliant') &&
        d.opswat.knownMacs.length > 0,
    );
    if (targets.length < options.pacedEvents + options.burstEvents) {
      throw new Error(`fan-out: ${targets.length} devices to change, fewer than ${options.pacedEvents + options.burstEvents} changes`);
    }
    const change = (device: SimDevice) => {
      const status = device.opswat.detailsStatus === 'compliant' ? 'non_compliant' : 'compliant';
      sim.opswat.change(device.hwid, { status });
      return { key: `${device.id}:${status.toUpperCase()}`, at: Date.now() };
    };

    const paced: Array<{ key: string; at: number }> = [];
    for (let i = 0; i < options.pacedEvents; i += 1) {
      paced.push(change(targets[i]!));
      await sleep(1000);
    }
    const pacedStats = await delivered(sockets, paced, 60_000);
    log(
      `fan-out paced (1 change/s, ${pacedStats.events} changes): delivery p50 ${pacedStats.p50} ms, p99 ${pacedStats.p99} ms, max ${pacedStats.max} ms`,
    );

    const burst: Array<{ key: string; at: number }> = [];
    for (let i = 0; i < options.burstEvents; i += 1) burst.push(change(targets[options.pacedEvents + i]!));
    const burstStats = await delivered(sockets, burst, 120_000);
    const after = rss();
    log(
      `fan-out burst (${burstStats.events} changes at once): ${burstStats.eventsPerSecond} events/s to all ${options.subscribers} subscribers, ` +
        `delivery p50 ${burstStats.p50} ms, p99 ${burstStats.p99} ms, max ${burstStats.max} ms`,
    );
    const rssMb = children.map((_, i) => ({ before: before[i] ?? null, subscribed: subscribed[i] ?? null, after: after[i] ?? null }));
    log(`fan-out RSS (before → subscribed → after), MB: ${rssMb.map((r) => `${r.before} → ${r.subscribed} → ${r.after}`).join('; ')}`);
    log(`fan-out: paced p99 ${pacedStats.p99} ms: ${pacedStats.p99 < 1000 ? 'PASS' : 'FAIL'} (target p99 < 1 s)`);
    return { subscribers: options.subscribers, paced: pacedStats, burst: burstStats, rssMb };
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(children.map((child) => child.stop()));
    await sim.close();
  }
}

/** One graphql-ws subscriber: when it received each change (by `deviceId:STATUS`). */
interface Subscriber {
  received: Map<string, number>;
  close(): void;
}

async function subscribe(url: string): Promise<Subscriber> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const received = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: any };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: DEVICE_CHANGED } }));
        resolve();
      } else if (message.type === 'next') {
        const device = message.payload?.data?.deviceChanged;
        const status = device?.compliance?.report?.status;
        if (device && status) received.set(`${device.id}:${status}`, Date.now());
      }
    });
  });
  return { received, close: () => socket.close() };
}

/** Waits until every subscriber received every change, then their latencies. */
async function delivered(sockets: Subscriber[], changes: Array<{ key: string; at: number }>, timeoutMs: number): Promise<DeliveryStats> {
  const deadline = Date.now() + timeoutMs;
  const missing = () => sockets.reduce((n, s) => n + changes.filter((c) => !s.received.has(c.key)).length, 0);
  while (missing() > 0) {
    if (Date.now() > deadline) throw new Error(`fan-out: ${missing()} deliveries missing after ${timeoutMs} ms`);
    await sleep(50);
  }
  const latencies: number[] = [];
  let last = 0;
  for (const socket of sockets) {
    for (const change of changes) {
      const at = socket.received.get(change.key)!;
      latencies.push(at - change.at);
      last = Math.max(last, at);
    }
  }
  latencies.sort((x, y) => x - y);
  const first = Math.min(...changes.map((c) => c.at));
  return {
    events: changes.length,
    deliveries: latencies.length,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    max: latencies.at(-1)!,
    eventsPerSecond: round(changes.length / Math.max(0.001, (last - first) / 1000), 1),
  };
}

/** Polls the replicas' summaries until one of them (the sweep's) has seen every device; returns it. */
async function untilSwept(replicas: ChildServer[]): Promise<ChildServer> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    for (const replica of replicas) {
      const body = await post(replica.url, '{ fleetSummary { byState { state count } } }', {});
      const rows = (body.data?.fleetSummary?.byState ?? []) as Array<{ state: string; count: number }>;
      if (rows.length > 0 && (rows.find((row) => row.state === 'QUEUED')?.count ?? 0) === 0) return replica;
    }
    await sleep(500);
  }
  throw new Error('fan-out: the sweep did not reach every device within 120 s');
}

/** Waits until the replicas hold `count` subscriptions between them (their /metrics gauge). */
async function untilOpen(children: Array<ChildServer & { metricsUrl: string }>, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const open = await Promise.all(
      children.map(async (child) => {
        const text = await fetch(`${child.metricsUrl}/metrics`).then((r) => r.text());
        return Number(/^\w*subscriptions_open\s+(\d+)/m.exec(text)?.[1] ?? 0);
      }),
    );
    if (open.reduce((x, y) => x + y, 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`fan-out: ${open.join(' + ')} of ${count} subscriptions open after 60 s`);
    await sleep(250);
  }
}
