/**
 * The speed phase: warm our server's caches, capture its answers, start the baseline over them,
 * then measure the four shapes on both servers, interleaved, counting upstream calls at the simulator.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type RouteName, type Simulator, type SimFleet } from '../src/simulator/index.js';
import type { BaselineFixtures } from './baseline/schema.js';
import type { ChildServer } from './lib/children.js';
import { buildShapes, post, type Shape, type ShapeTargets } from './lib/graphql.js';
import { type Comparison, measureInterleaved } from './lib/interleave.js';
import { round, type LoadOptions } from './lib/load.js';
import { readRss } from './lib/memory.js';
import { startBaselineServer, startPostureServer, WARM_UP_BUDGET } from './lib/server.js';
import { warmUntilSettled, type WarmResult } from './lib/warmup.js';
import { type GatewayReport, runGatewayPhase } from './gateway-phase.js';

/** How the speed phase runs. */
export interface SpeedOptions extends LoadOptions {
  fleetSize: number;
  rounds: number;
  entityCount: number;
  /** Scratch folder for DATA_DIR, logs and fixtures. */
  workDir: string;
  /** When set, our measured server writes a V8 CPU profile here on exit. */
  cpuProfDir?: string;
  /** Extra node flags for our measured server (BENCH_NODE_ARGS), e.g. heap limits to try. */
  nodeArgs: string[];
  /** Only these shapes (BENCH_SHAPES), e.g. to profile one; all four when empty. */
  shapeKeys: string[];
  /** BENCH_SKIP_GATEWAY: no Hive Gateway phase after the direct measurements. */
  skipGateway: boolean;
  log: (line: string) => void;
}

/** Upstream calls per GraphQL request on the measured (warm) path, by simulator route. */
export interface UpstreamPerQuery {
  policyResults: number;
  servers: number;
  opswat: number;
  other: number;
  /** Raw counts behind the ratios. */
  calls: Record<string, number>;
  requests: number;
}

export type { SideResult } from './lib/interleave.js';

/** One shape, both sides. */
export interface ShapeResult extends Comparison {
  key: Shape['key'];
  label: string;
  upstream: UpstreamPerQuery;
}

/** Everything the speed phase found. */
export interface SpeedReport {
  targets: ShapeTargets & { runDevices: number };
  warmUp: WarmResult;
  /** The check on the restarted (production-budget) server that the caches really are warm. */
  warmCheck: WarmResult;
  baselineMatches: Record<string, boolean>;
  shapes: ShapeResult[];
  /** VmHWM of each measured process after every round: what serving these shapes cost in memory. */
  peakRss: { oursMb: number | null; baselineMb: number | null };
  /** The same shapes through Hive Gateway, in front of each (null when skipped). */
  gateway: GatewayReport | null;
}

/** Runs the whole speed phase; every child it starts is stopped before it returns or throws. */
export async function runSpeedPhase(options: SpeedOptions): Promise<SpeedReport> {
  const { log } = options;
  const sim = await startSimulator({
    fleetSize: options.fleetSize,
    opswatRateLimit: Number(WARM_UP_BUDGET.OPSWAT_RATE_LIMIT),
    opswatRateWindowMs: Number(WARM_UP_BUDGET.OPSWAT_RATE_WINDOW_MS),
  });
  const children: ChildServer[] = [];
  try {
    const targets = pickTargets(sim.fleet, options.entityCount);
    const allShapes = buildShapes(targets);
    const shapes = allShapes.filter((shape) => options.shapeKeys.length === 0 || options.shapeKeys.includes(shape.key));
    if (shapes.length === 0) throw new Error(`BENCH_SHAPES names no shape; use some of ${allShapes.map((s) => s.key).join(',')}`);
    const operations = shapes.map(({ query, variables }) => ({ query, variables }));
    const dataDir = path.join(options.workDir, 'speed-data');
    log(`simulator: ${sim.fleet.devices.length} devices; run ${targets.execToken.slice(0, 8)}… has ${targets.runDevices} results`);

    // 1. Fill the caches on a server with a warm-up budget, then restart on the production defaults.
    const warmer = await startPostureServer({
      name: 'warm-up server',
      sim,
      dataDir,
      logFile: path.join(options.workDir, 'warm-up.log'),
      env: { ...WARM_UP_BUDGET },
    });
    children.push(warmer);
    const warmUp = await warmUntilSettled(warmer.url, operations, { timeoutMs: 120_000 });
    log(
      `warm-up: ${warmUp.settled ? 'settled' : 'NOT settled'} after ${warmUp.passes} pass(es), ${warmUp.ms} ms: ${JSON.stringify(warmUp.states)}`,
    );
    await warmer.stop();

    const ours = await startPostureServer({
      name: 'posture graph',
      sim,
      dataDir,
      logFile: path.join(options.workDir, 'ours.log'),
      nodeArgs: [...options.nodeArgs, ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [])],
    });
    children.push(ours);
    const warmCheck = await warmUntilSettled(ours.url, operations, { timeoutMs: 10_000 });
    log(
      `restarted on production defaults (OPSWAT_RATE_LIMIT=10/min, COMPLIANCE_MAX_WAIT_MS=1500): caches ${warmCheck.settled ? 'warm' : 'NOT warm'}: ${JSON.stringify(warmCheck.states)}`,
    );

    // 2. Capture our answers; the baseline serves exactly them.
    const captured = new Map<Shape['key'], unknown>();
    for (const shape of shapes) {
      const body = await post(ours.url, shape.query, shape.variables);
      if (body.errors?.length) log(`warning: ${shape.key} answered with errors: ${body.errors.map((e) => e.message).join('; ')}`);
      captured.set(shape.key, body.data);
    }
    const fixturesPath = path.join(options.workDir, 'baseline-fixtures.json');
    writeFileSync(fixturesPath, JSON.stringify(toFixtures(captured, targets)));
    const baseline = await startBaselineServer({
      fixturesPath,
      logFile: path.join(options.workDir, 'baseline.log'),
      // Profiled too, in a folder of its own: the two profiles side by side show what ours adds.
      nodeArgs: options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfDir, 'baseline')}`] : [],
    });
    children.push(baseline);
    const baselineMatches: Record<string, boolean> = {};
    for (const shape of shapes) {
      const body = await post(baseline.url, shape.query, shape.variables);
      baselineMatches[shape.key] = !body.errors && JSON.stringify(body.data) === JSON.stringify(captured.get(shape.key));
    }
    log(`baseline answers identical data: ${JSON.stringify(baselineMatches)}`);

    // 3. Measure, interleaved, counting upstream calls during our runs.
    sim.resetCalls();
    const calls = new Map<string, Record<string, number>>();
    const compared = await measureInterleaved({
      ours,
      baseline,
      shapes,
      rounds: options.rounds,
      load: options,
      log,
      aroundOurs: async (shape, run) => {
        const before = countCalls(sim);
        const result = await run();
        calls.set(shape.key, addCounts(calls.get(shape.key) ?? {}, diffCounts(countCalls(sim), before)));
        return result;
      },
    });
    const results = shapes.map((shape): ShapeResult => {
      const comparison = compared.get(shape.key)!;
      return {
        key: shape.key,
        label: shape.label,
        ...comparison,
        upstream: perQuery(
          calls.get(shape.key) ?? {},
          comparison.ours.runs.reduce((sum, run) => sum + run.requests, 0),
        ),
      };
    });
    const peakRss = { oursMb: readRss(ours.pid)?.peakMb ?? null, baselineMb: readRss(baseline.pid)?.peakMb ?? null };
    log(`peak RSS after the rounds: ours ${peakRss.oursMb ?? '?'} MB, baseline ${peakRss.baselineMb ?? '?'} MB`);
    const gateway = options.skipGateway
      ? null
      : await runGatewayPhase({ ours, baseline, shapes, rounds: options.rounds, load: options, workDir: options.workDir, log });
    return { targets, warmUp, warmCheck, baselineMatches, shapes: results, peakRss, gateway };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await sim.close();
  }
}

/** The run with the most results, a non-compliant device with issues and infections, and N spread-out devices. */
function pickTargets(fleet: SimFleet, entityCount: number): ShapeTargets & { runDevices: number } {
  const run = [...fleet.runs].sort((a, b) => b.results.length - a.results.length)[0]!;
  const live = fleet.devices.filter((d) => d.deletedAt === null);
  const hostnameCount = new Map<string, number>();
  for (const d of fleet.devices) hostnameCount.set(d.hostname.toLowerCase(), (hostnameCount.get(d.hostname.toLowerCase()) ?? 0) + 1);
  // A hostname two devices share would make the lookup's answer depend on which one wins.
  const unique = live.filter((d) => hostnameCount.get(d.hostname.toLowerCase()) === 1 && d.physicalMacs.length > 0);
  const rich = unique.find(
    (d) =>
      d.opswat.profile === 'non_compliant' && d.opswat.knownMacs[0] === d.physicalMacs[0] && (d.opswat.report?.infections.length ?? 0) > 0,
  );
  if (!rich) throw new Error('the simulated fleet has no non-compliant device with infections; use a larger fleet');
  const step = Math.max(1, Math.floor(unique.length / entityCount));
  const entityHostnames = unique
    .filter((_, i) => i % step === 0)
    .slice(0, entityCount)
    .map((d) => d.hostname);
  return {
    policyUuid: run.policy.uuid,
    execToken: run.executionToken,
    runDevices: run.results.length,
    hostname: rich.hostname,
    entityHostnames,
  };
}

function toFixtures(captured: Map<Shape['key'], unknown>, targets: ShapeTargets): BaselineFixtures {
  const data = (key: Shape['key']) => (captured.get(key) ?? {}) as Record<string, any>;
  const entities: Record<string, unknown> = {};
  (data('entities')._entities as unknown[] | undefined)?.forEach((entity, i) => {
    entities[targets.entityHostnames[i]!] = entity;
  });
  return {
    pages: { '25': data('page25').policyRunResults, '1000': data('page1000').policyRunResults },
    devices: { [targets.hostname]: data('device').device },
    entities,
  };
}

const COUNTED: RouteName[] = ['policy-results', 'servers', 'policy-check', 'device-details'];

function countCalls(sim: Simulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of sim.calls()) counts[call.route] = (counts[call.route] ?? 0) + 1;
  return counts;
}

function diffCounts(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([route, n]) => [route, n - (before[route] ?? 0)])
      .filter(([, n]) => n !== 0),
  );
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [route, n] of Object.entries(b)) sum[route] = (sum[route] ?? 0) + n;
  return sum;
}

function perQuery(calls: Record<string, number>, requests: number): UpstreamPerQuery {
  const per = (n: number): number => (requests > 0 ? round(n / requests, 6) : 0);
  const other = Object.entries(calls)
    .filter(([route]) => !COUNTED.includes(route as RouteName))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    policyResults: per(calls['policy-results'] ?? 0),
    servers: per(calls.servers ?? 0),
    opswat: per((calls['policy-check'] ?? 0) + (calls['device-details'] ?? 0)),
    other: per(other),
    calls,
    requests,
  };
}
