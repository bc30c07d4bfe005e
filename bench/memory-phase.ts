/**
 * The memory phase: fill the compliance cache with 10,000+ reports through the server itself
 * (`compliance(identifier:)` for synthetic MACs, see lib/opswat-alias.ts, plus every device of the
 * largest run), restart on the production defaults over the same DATA_DIR, drive a mix of 1,000-row
 * pages and 100-identifier compliance batches, and read the server's peak RSS (VmHWM) and /metrics.
 */
import path from 'node:path';
import { LIFTED_DOCUMENT_LIMITS, startSimulator } from '../src/simulator/index.js';
import { tail, type ChildServer } from './lib/children.js';
import { complianceBatch, PAGE_QUERY } from './lib/graphql.js';
import { drive, type LoadOptions, type LoadResult } from './lib/load.js';
import { describeMemory, readRss, sampleRss, scrapeMemory, type MemoryBreakdown, type Rss } from './lib/memory.js';
import { startAliasProxy, syntheticMac } from './lib/opswat-alias.js';
import { startPostureServer, WARM_UP_BUDGET } from './lib/server.js';
import { warmUntilSettled, type Operation, type WarmResult } from './lib/warmup.js';

/** How the memory phase runs. */
export interface MemoryOptions extends LoadOptions {
  fleetSize: number;
  /** Synthetic identifiers to look up (each becomes one cached report). */
  identifiers: number;
  workDir: string;
  /** Extra node flags for the serving process (BENCH_NODE_ARGS). */
  nodeArgs: string[];
  log: (line: string) => void;
}

/** What the memory phase found. */
export interface MemoryReport {
  fleetSize: number;
  identifiers: number;
  fill: WarmResult;
  /** Peak of the process that filled the cache (warm-up budget, batches of waiting lookups). */
  fillPeak: Rss | null;
  warmCheck: WarmResult | null;
  /** Compliance reports the serving process answered from its cache in one pass. */
  cachedReports: number;
  /** Serving process, right after the warm check. */
  afterWarm: Rss | null;
  load: LoadResult | null;
  /** Largest VmRSS sampled during the load. */
  loadSampledPeakMb: number;
  /** VmHWM of the serving process at the end: the number the target is judged on. */
  peak: Rss | null;
  /** The server's own breakdown (RSS, V8 heap, external) right after the warm check. */
  afterWarmBreakdown: MemoryBreakdown | null;
  /** The same at the end of the load. */
  endBreakdown: MemoryBreakdown | null;
  /** Set when the serving process died: the tail of its log. */
  serverDied?: string;
}

const BATCH = 100;

/** Runs the memory phase; every child it starts is stopped before it returns or throws. */
export async function runMemoryPhase(options: MemoryOptions): Promise<MemoryReport> {
  const { log } = options;
  const sim = await startSimulator({
    fleetSize: options.fleetSize,
    opswatRateLimit: Number(WARM_UP_BUDGET.OPSWAT_RATE_LIMIT),
    opswatRateWindowMs: Number(WARM_UP_BUDGET.OPSWAT_RATE_WINDOW_MS),
  });
  const proxy = await startAliasProxy(sim.opswatUrl, sim.fleet);
  const children: ChildServer[] = [];
  try {
    const run = [...sim.fleet.runs].sort((a, b) => b.results.length - a.results.length)[0]!;
    const pages: Operation[] = Array.from({ length: Math.ceil(run.results.length / 1000) }, (_, page) => ({
      query: PAGE_QUERY,
      variables: { policyUuid: run.policy.uuid, execToken: run.executionToken, limit: 1000, page },
    }));
    const batches: Operation[] = [];
    for (let start = 0; start < options.identifiers; start += BATCH) {
      batches.push(
        complianceBatch(Array.from({ length: Math.min(BATCH, options.identifiers - start) }, (_, i) => syntheticMac(start + i))),
      );
    }
    const operations = [...pages, ...batches];
    const dataDir = path.join(options.workDir, 'memory-data');
    // The alias proxy maps synthetic MACs in Policy Check paths; Device Details bodies it does not rewrite.
    // Batches of 100 aliased lookups are this phase's load, far past the document limits a client
    // gets (README, "Security"): lifted here, as the engine's flood specs do.
    const env = { ...LIFTED_DOCUMENT_LIMITS, OPSWAT_BASE_URL: proxy.url, OPSWAT_LOOKUP: 'policy-check' };
    log(
      `simulator: ${sim.fleet.devices.length} devices; filling the cache with ${options.identifiers.toLocaleString('en-US')} synthetic MACs (${batches.length} batches of ${BATCH}) and ${pages.length} pages of 1,000 results`,
    );

    const filler = await startPostureServer({
      name: 'fill server',
      sim,
      dataDir,
      logFile: path.join(options.workDir, 'fill.log'),
      env: { ...env, ...WARM_UP_BUDGET },
    });
    children.push(filler);
    const fill = await warmUntilSettled(filler.url, operations, { timeoutMs: 150_000, concurrency: 2 });
    const fillPeak = readRss(filler.pid);
    log(
      `fill: ${fill.settled ? 'settled' : 'NOT settled'} after ${fill.passes} pass(es), ${fill.ms} ms: ${JSON.stringify(fill.states)}; fill server peak RSS ${fillPeak?.peakMb ?? '?'} MB`,
    );
    await filler.stop();

    const server = await startPostureServer({
      name: 'memory server',
      sim,
      dataDir,
      logFile: path.join(options.workDir, 'memory.log'),
      env,
      nodeArgs: options.nodeArgs,
    });
    children.push(server);
    const sampler = sampleRss(server.pid);
    try {
      const warmCheck = await warmUntilSettled(server.url, operations, { timeoutMs: 10_000 });
      const afterWarm = readRss(server.pid);
      const afterWarmBreakdown = await scrapeMemory(server.metricsUrl);
      log(
        `restarted on production defaults: ${warmCheck.reports.toLocaleString('en-US')} reports served from the cache (${JSON.stringify(warmCheck.states)}); ${describeMemory(afterWarmBreakdown)}`,
      );
      const load = await drive(server.url, operations, options);
      const peak = readRss(server.pid);
      const endBreakdown = await scrapeMemory(server.metricsUrl);
      if (peak === null) throw new Error('the server exited during the load');
      log(
        `load: ${load.rps} req/s (pages and batches round-robin); peak RSS (VmHWM) ${peak.peakMb} MB; at the end ${describeMemory(endBreakdown)}`,
      );
      return {
        fleetSize: options.fleetSize,
        identifiers: options.identifiers,
        fill,
        fillPeak,
        warmCheck,
        cachedReports: warmCheck.reports,
        afterWarm,
        afterWarmBreakdown,
        load,
        loadSampledPeakMb: sampler.stop(),
        peak,
        endBreakdown,
      };
    } catch (error) {
      // The server under test dying (e.g. out of heap) is a finding to report, not a crash of the bench.
      const crashed = readRss(server.pid) === null;
      if (!crashed) throw error;
      const logTail = tail(server.logFile, 12);
      log(`the memory server died under load; its log ends:\n${logTail}`);
      return {
        fleetSize: options.fleetSize,
        identifiers: options.identifiers,
        fill,
        fillPeak,
        warmCheck: null,
        cachedReports: 0,
        afterWarm: null,
        afterWarmBreakdown: null,
        load: null,
        loadSampledPeakMb: sampler.stop(),
        peak: null,
        endBreakdown: null,
        serverDied: logTail,
      };
    }
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await proxy.close();
    await sim.close();
  }
}
