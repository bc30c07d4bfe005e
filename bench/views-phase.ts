/**
 * The views phase: warm `devices(first: 100)` and `fleetSummary`, the example dashboard's own
 * documents, against the bare Apollo baseline serving the JSON our server answered (captured once).
 * The fleet is swept by a server with the warm-up budget; the measured server restarts on the
 * production defaults with the sweep on (as a dashboard's graph runs), over the same DATA_DIR,
 * and its sweep's survey restores the index from the store.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import type { BaselineFixtures } from './baseline/schema.js';
import { devicesKey } from './baseline/schema.js';
import { type ChildServer, sleep } from './lib/children.js';
import { post } from './lib/graphql.js';
import { type Comparison, measureInterleaved, type MeasuredShape } from './lib/interleave.js';
import type { LoadOptions } from './lib/load.js';
import { startBaselineServer, startPostureServer, WARM_UP_BUDGET } from './lib/server.js';

/** The shapes of this phase (BENCH_SHAPES names them too). */
export const VIEW_SHAPES = ['devices100', 'fleetSummary'] as const;

/** One shape of the views phase, both sides. */
export interface ViewShapeResult extends Comparison {
  key: (typeof VIEW_SHAPES)[number];
  label: string;
}

/** What the views phase measured. */
export interface ViewsReport {
  devices: number;
  /** States of the fleet when measured (the summary's byState). */
  states: Record<string, number>;
  /** Both servers answered identical data (the summary compared without its clock- and budget-driven fields). */
  baselineMatches: Record<string, boolean>;
  shapes: ViewShapeResult[];
}

const COMPLIANCE = 'state identifier fetchedAt expiresAt retryAfterSeconds failureCode report { status totalIssues hasCriticalIssues }';

// examples/dashboard/src/documents/devices.graphql, its fragment inlined.
const DEVICES = `query Devices($filter: DeviceFilter, $sort: [DeviceSort!], $first: Int = 50, $after: String) {
  devices(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id hostname displayName osFamily lastSeenAt match { kind value reason candidates } compliance { ${COMPLIANCE} } } }
  }
}`;

// examples/dashboard/src/documents/fleetSummary.graphql.
const SUMMARY = `query FleetSummary {
  fleetSummary {
    totalCount withoutReport freshShare oldestReportAgeSeconds
    byStatus { status count }
    byState { state count }
    unmatched { reason count }
    budget { limit windowSeconds callsInWindow queuedInteractive queuedSweep estimatedSecondsUntilAllFresh }
  }
  queued: devices(filter: { state: [QUEUED] }, first: 50) { edges { node { id compliance { state retryAfterSeconds } } } }
}`;

const SHAPES: Array<MeasuredShape & { key: ViewShapeResult['key']; label: string }> = [
  { key: 'devices100', label: 'devices(first: 100)', query: DEVICES, variables: { first: 100 } },
  { key: 'fleetSummary', label: 'fleetSummary (+ queued page)', query: SUMMARY, variables: {} },
];

/** How the views phase runs. */
export interface ViewsOptions {
  fleetSize: number;
  rounds: number;
  load: LoadOptions;
  /** Only these shapes (BENCH_SHAPES); both when empty. */
  shapeKeys: string[];
  workDir: string;
  /** Extra node flags for our measured server (BENCH_NODE_ARGS). */
  nodeArgs: string[];
  /** When set, our measured server writes a V8 CPU profile here on exit (BENCH_CPU_PROF). */
  cpuProfDir?: string;
  log: (line: string) => void;
}

/** Runs the views phase; every child it starts is stopped before it returns or throws. */
export async function runViewsPhase(options: ViewsOptions): Promise<ViewsReport> {
  const { log } = options;
  const shapes = SHAPES.filter((shape) => options.shapeKeys.length === 0 || options.shapeKeys.includes(shape.key));
  const sim = await startSimulator({
    fleetSize: options.fleetSize,
    opswatRateLimit: Number(WARM_UP_BUDGET.OPSWAT_RATE_LIMIT),
    opswatRateWindowMs: Number(WARM_UP_BUDGET.OPSWAT_RATE_WINDOW_MS),
  });
  const children: ChildServer[] = [];
  try {
    const dataDir = path.join(options.workDir, 'views-data');
    const sweeping = { FLEET_SWEEP: 'on' };
    const warmer = await startPostureServer({
      name: 'views warm-up server',
      sim,
      dataDir,
      logFile: path.join(options.workDir, 'views-warm-up.log'),
      env: { ...WARM_UP_BUDGET, ...sweeping },
    });
    children.push(warmer);
    const warm = await untilSwept(warmer.url, 180_000);
    log(`views: swept ${sim.fleet.devices.length} devices with the warm-up budget in ${warm.ms} ms: ${JSON.stringify(warm.states)}`);
    await warmer.stop();

    const ours = await startPostureServer({
      name: 'posture graph (views)',
      sim,
      dataDir,
      logFile: path.join(options.workDir, 'views-ours.log'),
      env: sweeping,
      nodeArgs: [...options.nodeArgs, ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [])],
    });
    children.push(ours);
    const restored = await untilSwept(ours.url, 60_000);
    log(
      `views: restarted on the production defaults with the sweep on; index restored in ${restored.ms} ms: ${JSON.stringify(restored.states)}`,
    );

    const captured = new Map<string, Record<string, unknown>>();
    for (const shape of shapes) {
      const body = await post(ours.url, shape.query, shape.variables);
      if (body.errors?.length) log(`warning: ${shape.key} answered with errors: ${body.errors.map((e) => e.message).join('; ')}`);
      captured.set(shape.key, body.data ?? {});
    }
    const fixtures: BaselineFixtures = { pages: {}, devices: {}, entities: {}, fleetSummary: captured.get('fleetSummary')?.fleetSummary };
    fixtures.deviceLists = {
      [devicesKey(null, 100)]: captured.get('devices100')?.devices,
      [devicesKey({ state: ['QUEUED'] }, 50)]: captured.get('fleetSummary')?.queued,
    };
    const fixturesPath = path.join(options.workDir, 'views-fixtures.json');
    writeFileSync(fixturesPath, JSON.stringify(fixtures));
    const baseline = await startBaselineServer({
      fixturesPath,
      logFile: path.join(options.workDir, 'views-baseline.log'),
      // Profiled too, in a folder of its own: the two profiles side by side show what ours adds.
      nodeArgs: options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfDir, 'baseline')}`] : [],
    });
    children.push(baseline);
    const baselineMatches: Record<string, boolean> = {};
    for (const shape of shapes) {
      const [a, b] = await Promise.all([post(ours.url, shape.query, shape.variables), post(baseline.url, shape.query, shape.variables)]);
      baselineMatches[shape.key] = !a.errors && !b.errors && JSON.stringify(comparable(a.data)) === JSON.stringify(comparable(b.data));
    }
    log(`views: baseline answers identical data: ${JSON.stringify(baselineMatches)}`);

    const compared = await measureInterleaved({ ours, baseline, shapes, rounds: options.rounds, load: options.load, log });
    const results = shapes.map((shape): ViewShapeResult => ({ key: shape.key, label: shape.label, ...compared.get(shape.key)! }));
    for (const result of results) {
      log(
        `views: ${result.label}: ${result.rpsRatio}× the baseline's requests/s (p99 ${result.p99Ratio}×, CPU ${result.cpuRatio ?? '?'}×): ` +
          `${result.rpsRatio >= 0.8 && result.p99Ratio <= 1.5 ? 'PASS' : 'FAIL'} (target ≥ 0.8×, p99 ≤ 1.5×)`,
      );
    }
    return { devices: sim.fleet.devices.length, states: restored.states, baselineMatches, shapes: results };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await sim.close();
  }
}

/** Polls `fleetSummary` until no device is QUEUED (the sweep has seen every one). */
async function untilSwept(url: string, timeoutMs: number): Promise<{ ms: number; states: Record<string, number> }> {
  const started = Date.now();
  let states: Record<string, number> = {};
  while (Date.now() - started < timeoutMs) {
    const body = await post(url, '{ fleetSummary { byState { state count } } }', {});
    const rows = (body.data?.fleetSummary?.byState ?? []) as Array<{ state: string; count: number }>;
    states = Object.fromEntries(rows.filter((row) => row.count > 0).map((row) => [row.state, row.count]));
    if (rows.length > 0 && (states.QUEUED ?? 0) === 0) return { ms: Date.now() - started, states };
    await sleep(500);
  }
  throw new Error(`views: the sweep did not reach every device within ${timeoutMs} ms: ${JSON.stringify(states)}`);
}

/** An answer without what moves with the clock and the budget between two requests. */
function comparable(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data ?? null), (key, value) =>
    key === 'oldestReportAgeSeconds' || key === 'callsInWindow' || key === 'queuedSweep' ? undefined : value,
  );
}
