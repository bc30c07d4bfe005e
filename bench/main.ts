/**
 * `npm run bench`: our server against a bare Apollo Server baseline, warm path, four query shapes,
 * plus upstream calls per query and peak RSS with 10,000+ cached compliance reports. Missed targets
 * are reported (exit 0); only a crash exits non-zero. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// node-flags.js directly: the server's index loads the whole graph (type-graphql needs reflect-metadata first).
import { NODE_HEAP_FLAGS } from '../src/server/node-flags.js';
import { killAll } from './lib/children.js';
import { topSelfTime, type HotFunction } from './lib/profile.js';
import { judge, machineInfo, markdownTable, markdownTargets } from './lib/report.js';
import { REPO_ROOT, WARM_UP_BUDGET } from './lib/server.js';
import { type FleetReport, runFleetPhase } from './fleet-phase.js';
import { gatewayTable } from './gateway-phase.js';
import { type HeavyReport, runHeavyPhase } from './heavy-phase.js';
import { runMemoryPhase, type MemoryReport } from './memory-phase.js';
import { runSpeedPhase, type SpeedReport } from './speed.js';
import { runSweepPhase, type SweepReport } from './sweep-phase.js';
import { type FanoutReport, runFanoutPhase } from './fanout-phase.js';
import { VIEW_SHAPES, runViewsPhase, type ViewsReport } from './views-phase.js';

/** Reads a positive integer setting, or stops with one line naming it, the problem and a good value. */
function setting(name: string, fallback: number, example: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`bench: ${name} must be a positive integer, got "${raw}" (for example ${name}=${example})\n`);
    process.exit(2);
  }
  return value;
}

const settings = {
  fleetSize: setting('BENCH_FLEET', 2000, '2000'),
  connections: setting('BENCH_CONNECTIONS', 10, '10'),
  durationSec: setting('BENCH_DURATION_SEC', 5, '5'),
  rounds: setting('BENCH_ROUNDS', 3, '3'),
  entityCount: setting('BENCH_ENTITIES', 100, '100'),
  memoryReports: setting('BENCH_MEMORY_REPORTS', 10_000, '10000'),
  memoryDurationSec: setting('BENCH_MEMORY_DURATION_SEC', 8, '8'),
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  skipMemory: process.env.BENCH_SKIP_MEMORY === '1',
  skipSpeed: process.env.BENCH_SKIP_SPEED === '1',
  skipHeavy: process.env.BENCH_SKIP_HEAVY === '1',
  heavyRequests: setting('BENCH_HEAVY_REQUESTS', 1000, '1000'),
  heavyFleet: setting('BENCH_HEAVY_FLEET', 4000, '4000'),
  skipFleet: process.env.BENCH_SKIP_FLEET === '1',
  skipGateway: process.env.BENCH_SKIP_GATEWAY === '1',
  skipSweep: process.env.BENCH_SKIP_SWEEP === '1',
  sweepIndex: setting('BENCH_SWEEP_INDEX', 100_000, '100000'),
  // The real-window run takes minutes (1,300 devices at 10 calls a minute): only when asked.
  sweepRealFleet: process.env.BENCH_SWEEP_REAL_WINDOW === '1' ? setting('BENCH_SWEEP_REAL_FLEET', 1300, '1300') : null,
  skipViews: process.env.BENCH_SKIP_VIEWS === '1',
  skipFanout: process.env.BENCH_SKIP_FANOUT === '1',
  fanoutSubscribers: setting('BENCH_FANOUT_SUBSCRIBERS', 1000, '1000'),
  fanoutPaced: setting('BENCH_FANOUT_PACED', 10, '10'),
  fanoutBurst: setting('BENCH_FANOUT_BURST', 50, '50'),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  shapeKeys: (process.env.BENCH_SHAPES ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean),
};

// BENCH_SHAPES picks shapes of the speed and views phases; a phase none of whose shapes is named does not run.
const SPEED_SHAPES = ['page25', 'page1000', 'device', 'entities'];
const unknownShapes = settings.shapeKeys.filter((key) => !SPEED_SHAPES.includes(key) && !(VIEW_SHAPES as readonly string[]).includes(key));
if (unknownShapes.length > 0) {
  process.stderr.write(
    `bench: BENCH_SHAPES names no shape ${unknownShapes.join(',')}; use some of ${[...SPEED_SHAPES, ...VIEW_SHAPES].join(',')}\n`,
  );
  process.exit(2);
}
const named = (keys: readonly string[]) => settings.shapeKeys.length === 0 || settings.shapeKeys.some((key) => keys.includes(key));
settings.skipSpeed ||= !named(SPEED_SHAPES);
settings.skipViews ||= !named(VIEW_SHAPES);

if (
  settings.skipSpeed &&
  settings.skipMemory &&
  settings.skipHeavy &&
  settings.skipFleet &&
  settings.skipSweep &&
  settings.skipViews &&
  settings.skipFanout
) {
  // Nothing would be measured, and bench/results/latest.json would be overwritten with nothing.
  process.stderr.write(
    'bench: BENCH_SKIP_SPEED, _MEMORY, _HEAVY, _FLEET, _SWEEP, _VIEWS and _FANOUT (or BENCH_SHAPES) together leave nothing to measure; unset one\n',
  );
  process.exit(2);
}

const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  const started = Date.now();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'posture-bench-'));
  const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
  const cpuProfDir = settings.cpuProfile ? path.join(resultsDir, 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  log(`# posture graph benchmark\n`);
  log(
    `${settings.connections} connections, ${settings.durationSec} s per run, ${settings.rounds} interleaved rounds (ours/baseline), median per side; scratch ${workDir}; our servers run as npm start does, node ${[...NODE_HEAP_FLAGS, ...settings.nodeArgs].join(' ')}; the baseline on Node's defaults`,
  );
  log(
    `warm-up only: OPSWAT_RATE_LIMIT=${WARM_UP_BUDGET.OPSWAT_RATE_LIMIT} per ${WARM_UP_BUDGET.OPSWAT_RATE_WINDOW_MS} ms and COMPLIANCE_MAX_WAIT_MS=${WARM_UP_BUDGET.COMPLIANCE_MAX_WAIT_MS} (simulator allows the same), so the compliance cache fills in seconds; ` +
      'measured servers restart on the production defaults over the same DATA_DIR\n',
  );

  let speed: SpeedReport | null = null;
  if (!settings.skipSpeed) {
    log('## speed');
    speed = await runSpeedPhase({ ...settings, workDir, cpuProfDir, log });
  }
  let memory: MemoryReport | null = null;
  if (!settings.skipMemory) {
    log('\n## memory');
    memory = await runMemoryPhase({
      fleetSize: settings.fleetSize,
      identifiers: settings.memoryReports,
      connections: settings.connections,
      durationSec: settings.memoryDurationSec,
      workDir,
      nodeArgs: settings.nodeArgs,
      log,
    });
  }

  let heavy: HeavyReport | null = null;
  if (!settings.skipHeavy) {
    log('\n## heavy documents');
    heavy = await runHeavyPhase({ fleetSize: settings.heavyFleet, requests: settings.heavyRequests, workDir, log });
  }

  let fleet: FleetReport | null = null;
  if (!settings.skipFleet) {
    log('\n## fleet');
    fleet = await runFleetPhase({ fleetSize: settings.fleetSize, workDir, log });
  }

  let sweep: SweepReport | null = null;
  if (!settings.skipSweep) {
    log('\n## sweep');
    sweep = await runSweepPhase({ indexSize: settings.sweepIndex, realFleet: settings.sweepRealFleet, workDir, log });
  }

  let views: ViewsReport | null = null;
  if (!settings.skipViews) {
    log('\n## fleet views');
    views = await runViewsPhase({
      fleetSize: settings.fleetSize,
      rounds: settings.rounds,
      load: { connections: settings.connections, durationSec: settings.durationSec },
      shapeKeys: settings.shapeKeys,
      workDir,
      nodeArgs: settings.nodeArgs,
      cpuProfDir,
      log,
    });
  }

  let fanout: FanoutReport | null = null;
  if (!settings.skipFanout) {
    log('\n## subscription fan-out');
    fanout = await runFanoutPhase({
      subscribers: settings.fanoutSubscribers,
      pacedEvents: settings.fanoutPaced,
      burstEvents: settings.fanoutBurst,
      redisUrl: settings.redisUrl,
      workDir,
      log,
    });
  }

  let hot: HotFunction[] | undefined;
  const profile = cpuProfDir && readdirSync(cpuProfDir).find((file) => file.endsWith('.cpuprofile'));
  if (cpuProfDir && profile) hot = topSelfTime(path.join(cpuProfDir, profile), 20);

  const targets = judge(speed, memory, heavy);
  const machine = machineInfo();
  const tookSec = Math.round((Date.now() - started) / 100) / 10;
  if (speed) log(`\n## results\n\n${markdownTable(speed)}\n`);
  if (speed?.gateway) log(`## behind Hive Gateway\n\n${gatewayTable(speed.gateway)}\n`);
  if (memory) {
    log(
      `memory: ${memory.cachedReports.toLocaleString('en-US')} compliance reports cached (${memory.identifiers.toLocaleString('en-US')} synthetic MACs + a ${memory.fleetSize.toLocaleString('en-US')}-device fleet); serving peak RSS (VmHWM) ${memory.peak?.peakMb ?? '?'} MB, ` +
        `sampled under load ${memory.loadSampledPeakMb} MB, /metrics ${memory.endBreakdown?.rssMb ?? '?'} MB at the end; the fill server peaked at ${memory.fillPeak?.peakMb ?? '?'} MB\n`,
    );
  }
  log(`## targets\n\n${markdownTargets(targets)}\n`);
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}`);
  if (hot) {
    log(
      `\n## CPU profile of our measured server (${path.relative(REPO_ROOT, path.join(cpuProfDir!, profile as string))}), top self time\n`,
    );
    for (const f of hot) log(`${String(f.percent).padStart(5)}%  ${String(f.selfMs).padStart(6)} ms  ${f.name}  ${f.where}`);
  }
  log(`\ntook ${tookSec} s`);

  mkdirSync(resultsDir, { recursive: true });
  // Only a full run is the committed record: a run of some phases or shapes writes partial.json (ignored by git).
  const partial =
    settings.shapeKeys.length > 0 ||
    [
      settings.skipSpeed,
      settings.skipMemory,
      settings.skipHeavy,
      settings.skipFleet,
      settings.skipSweep,
      settings.skipViews,
      settings.skipFanout,
      settings.skipGateway,
      settings.cpuProfile,
    ].some(Boolean);
  const out = path.join(resultsDir, partial ? 'partial.json' : 'latest.json');
  writeFileSync(
    out,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), tookSec, machine, settings, warmUpBudget: WARM_UP_BUDGET, targets, speed, memory, heavy, fleet, sweep, views, fanout, cpuProfile: hot }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), out)}`);
  rmSync(workDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAll();
    process.exit(1);
  },
);
