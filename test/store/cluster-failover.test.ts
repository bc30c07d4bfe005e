/**
 * The call budget on a Redis Cluster whose budget primary stalls or fails over. It runs on a
 * private cluster of its own (3 primaries + 3 replicas on free ports, started by
 * .ci/redis-cluster): stalling a primary of the shared one would stall every other spec using it.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createClient, createCluster } from 'redis';
import { StoreUnavailableError } from '../../src/common/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { RedisCallBudget } from '../../src/store/index.js';
import { accepted, aliasedLookups, LIFTED_DOCUMENT_LIMITS, madeUpMacs, maxInAnyWindow, opswatCalls } from '../budget/spend.js';
import { simulatorEnv } from '../helpers/graph.js';
import { spawnGraph } from '../helpers/process.js';
import { maxInAnySpan, sleep, uniquePrefix } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, '.ci', 'redis-cluster');
let ports: number[] = [];
let env: Record<string, string> = {};

async function isFree(port: number): Promise<boolean> {
  const server = createServer().listen(port, '127.0.0.1');
  const outcome = await Promise.race([once(server, 'listening').then(() => true), once(server, 'error').then(() => false)]);
  server.close();
  return outcome;
}

/** Six consecutive free ports whose cluster-bus ports (+10000) are free too. */
async function freeClusterPorts(): Promise<number[]> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const candidates = Array.from({ length: 6 }, (_, i) => base + i);
    const free = await Promise.all(candidates.flatMap((port) => [isFree(port), isFree(port + 10_000)]));
    if (free.every(Boolean)) return candidates;
  }
  throw new Error('found no six free ports for a private Redis Cluster');
}

beforeAll(async () => {
  ports = await freeClusterPorts();
  env = {
    ...process.env,
    REDIS_CLUSTER_PORTS: ports.join(' '),
    REDIS_CLUSTER_DIR: join(tmpdir(), `posture-failover-${ports[0]}`),
  } as Record<string, string>;
  const started = spawnSync('bash', [script], { env, encoding: 'utf8', timeout: 30_000 });
  if (started.status !== 0) throw new Error(`.ci/redis-cluster could not start a private cluster: ${started.stdout}${started.stderr}`);
}, 40_000);

afterAll(() => {
  spawnSync('bash', [script, 'stop'], { env, encoding: 'utf8', timeout: 30_000 });
});

async function connect() {
  const cluster = createCluster({ rootNodes: ports.slice(0, 3).map((port) => ({ url: `redis://127.0.0.1:${port}` })) });
  cluster.on('error', () => {}); // a stalled or failed-over node errors; the specs judge by outcomes
  await cluster.connect();
  return cluster;
}

/** The primary holding `key` and its replica, as `host:port`, read from the cluster's own table. */
async function shardOf(key: string): Promise<{ primary: string; replica: string }> {
  const admin = createClient({ url: `redis://127.0.0.1:${ports[0]}` });
  await admin.connect();
  try {
    const slot = await admin.sendCommand<number>(['CLUSTER', 'KEYSLOT', key]);
    const nodes = (await admin.sendCommand<string>(['CLUSTER', 'NODES']))
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const owner = nodes.find((fields) => fields[2]!.includes('master') && fields.slice(8).some((range) => inRange(slot, range)))!;
    const replica = nodes.find((fields) => fields[3] === owner[0])!;
    return { primary: owner[1]!.split('@')[0]!, replica: replica[1]!.split('@')[0]! };
  } finally {
    await admin.close();
  }
}

function inRange(slot: number, range: string): boolean {
  const [from, to = from] = range.split('-').map(Number);
  return from !== undefined && to !== undefined && slot >= from && slot <= to;
}

/** The process id of the Redis at `address`. */
async function pidOf(address: string): Promise<number> {
  const client = createClient({ url: `redis://${address}` });
  await client.connect();
  const info = await client.info('server');
  await client.close();
  return Number(/process_id:(\d+)/.exec(info)![1]);
}

function budgetOn(cluster: Awaited<ReturnType<typeof connect>>, prefix: string, options: { limit: number; windowMs: number }) {
  return new RedisCallBudget(cluster, { ...options, prefix, replicaAckTimeoutMs: 300 });
}

describe('the budget on a cluster whose replica stalls', () => {
  it('refuses a grant no replica acknowledges (STORE_UNAVAILABLE) and withdraws its slot, then grants once the replica is back', async () => {
    const prefix = `{${uniquePrefix()}:budget:opswat}`;
    const cluster = await connect();
    const budget = budgetOn(cluster, prefix, { limit: 3, windowMs: 60_000 });
    await cluster.set(`${prefix}:genesis`, '0');
    const { replica } = await shardOf(`${prefix}:log`);
    const pid = await pidOf(replica);
    // SIGSTOP, not DEBUG SLEEP: the replica is frozen before the grant is made, with no race.
    process.kill(pid, 'SIGSTOP');
    try {
      const refused = budget.tryAcquire();
      await expect(refused).rejects.toThrow(StoreUnavailableError);
      await expect(refused).rejects.toThrow(/no Redis replica acknowledged the write to .*:log within 300 ms/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // The withdrawn slot holds nothing: the budget still has all three.
    expect((await budget.snapshot()).used).toBe(0);
    const kinds = [];
    for (let i = 0; i < 4; i += 1) kinds.push((await budget.tryAcquire()).kind);
    expect(kinds).toEqual(['granted', 'granted', 'granted', 'exhausted']);
    await cluster.del([`${prefix}:log`, `${prefix}:genesis`]);
    await cluster.close();
  });
});

describe('the budget on a cluster whose primary fails over', () => {
  it('keeps every used slot across the failover: refuses until they age out, never more than the limit in any window, then grants again', async () => {
    const limit = 5;
    const windowMs = 10_000;
    const prefix = `{${uniquePrefix()}:budget:opswat}`;
    const [one, two] = [await connect(), await connect()];
    const replicas = [budgetOn(one, prefix, { limit, windowMs }), budgetOn(two, prefix, { limit, windowMs })];
    await one.set(`${prefix}:genesis`, '0');
    const { primary, replica } = await shardOf(`${prefix}:log`);

    const grants: number[] = [];
    const refusals = { exhausted: 0, unavailable: 0 };
    let stop = false;
    const hammer = async (budget: RedisCallBudget) => {
      while (!stop) {
        try {
          const decision = await budget.tryAcquire();
          if (decision.kind === 'granted') {
            grants.push(Date.now());
            await budget.complete(decision.id);
          } else refusals.exhausted += 1;
        } catch {
          refusals.unavailable += 1; // the primary is away, or a grant no replica acknowledged
        }
        await sleep(50);
      }
    };
    const hammering = replicas.map(hammer);

    // The window fills, then the primary stops answering for longer than the cluster's
    // node-timeout (2 s): its replica is elected in its place. DEBUG SLEEP ends by itself, and
    // the old primary then rejoins as the new one's replica.
    while (grants.length < limit) await sleep(20);
    const stalled = createClient({ url: `redis://${primary}` });
    await stalled.connect();
    const sleeping = stalled.sendCommand(['DEBUG', 'SLEEP', '5']).catch(() => undefined);
    const stalledAt = Date.now();

    // Until the slots of the first window age out, the new primary must refuse; after, it grants.
    const deadline = Date.now() + 30_000;
    while (grants.filter((at) => at > stalledAt).length < limit && Date.now() < deadline) await sleep(100);
    stop = true;
    await Promise.all(hammering);
    await sleeping;
    await stalled.close().catch(() => undefined);

    expect((await shardOf(`${prefix}:log`)).primary).toBe(replica);
    expect(maxInAnySpan(grants, windowMs)).toBeLessThanOrEqual(limit);
    const afterFailover = grants.filter((at) => at > stalledAt);
    expect(afterFailover).toHaveLength(limit);
    expect(afterFailover[0]! - grants[0]!).toBeGreaterThanOrEqual(windowMs);
    expect(refusals.exhausted).toBeGreaterThan(0);
    await one.del([`${prefix}:log`, `${prefix}:genesis`]);
    await Promise.all([one.close(), two.close()]);
  }, 60_000);
});

describe('two graph replicas on a cluster whose budget primary fails over mid-run, counted at the simulator', () => {
  it('OPSWAT never sees more than the limit in any window and answers no 429, before, during and after the failover', async () => {
    const limit = 10;
    const windowMs = 2_000;
    const sim = await startSimulator({ fleetSize: 60, opswatRateLimit: limit, opswatRateWindowMs: windowMs, opswatTransitMs: 400 });
    const namespace = `test-${randomUUID()}`;
    const env = {
      ...simulatorEnv(sim),
      ...LIFTED_DOCUMENT_LIMITS,
      OPSWAT_RATE_LIMIT: String(limit),
      OPSWAT_RATE_WINDOW_MS: String(windowMs),
      COMPLIANCE_MAX_WAIT_MS: '200',
      REDIS_CLUSTER_NODES: ports
        .slice(0, 3)
        .map((port) => `127.0.0.1:${port}`)
        .join(','),
      STORE_NAMESPACE: namespace,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'posture-')),
    };
    const replicas = await Promise.all([spawnGraph(env), spawnGraph(env)]);
    try {
      for (const replica of replicas) expect(replica.output()).toContain('"store":"redis-cluster"');
      // Each replica asks for 50 new made-up MACs every 250 ms: far more than the budget serves.
      let stop = false;
      const demand = replicas.map(async (replica, r) => {
        for (let i = 0; !stop; i += 1) {
          await replica.query(aliasedLookups(madeUpMacs(50, (r * 10_000 + i) * 50))).catch(() => undefined);
          await sleep(250);
        }
      });
      while (opswatCalls(sim.calls()).length < limit) await sleep(50);

      // The budget's primary stops answering for longer than the cluster's node-timeout (2 s): its
      // replica is elected in its place while both graphs keep spending.
      const budgetLog = `{${namespace}:budget:opswat}:log`;
      const { primary, replica } = await shardOf(budgetLog);
      const stalled = createClient({ url: `redis://${primary}` });
      await stalled.connect();
      const stalledAt = Date.now();
      await stalled.sendCommand(['DEBUG', 'SLEEP', '5']).catch(() => undefined);
      await stalled.close().catch(() => undefined);
      // Spending resumes on the new primary: wait for two more windows' worth of calls after it.
      const deadline = Date.now() + 30_000;
      while (opswatCalls(sim.calls()).filter((call) => call.at > stalledAt + 5_000).length < 2 * limit && Date.now() < deadline) {
        await sleep(100);
      }
      stop = true;
      await Promise.all(demand);
      await sleep(windowMs); // calls still in transit arrive and are counted

      expect((await shardOf(budgetLog)).primary).toBe(replica);
      const calls = opswatCalls(sim.calls());
      expect(calls.filter((call) => call.status === 429)).toEqual([]);
      expect(maxInAnyWindow(accepted(calls), windowMs)).toBeLessThanOrEqual(limit);
      expect(calls.filter((call) => call.at > stalledAt + 5_000).length).toBeGreaterThanOrEqual(2 * limit);
    } finally {
      await Promise.all(replicas.map((graph) => graph.stop()));
      await sim.close();
    }
  }, 90_000);
});
