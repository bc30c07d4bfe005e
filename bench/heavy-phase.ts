/**
 * The heavy-document phase: 1,000 concurrent requests of the heaviest document the limits accept
 * (five distinct 2,500-row pages of the largest run, each row joined to its device and compliance,
 * script output included: estimated cost just under GRAPHQL_MAX_COST), against a server on the
 * production defaults. Reports the server's peak RSS, how the requests were answered, the upstream
 * calls per request counted at the simulator, and whether the process is still up.
 */
import path from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import { tail } from './lib/children.js';
import { readRss, sampleRss, type Rss } from './lib/memory.js';
import { startPostureServer } from './lib/server.js';

/** How the heavy phase runs. */
export interface HeavyOptions {
  fleetSize: number;
  requests: number;
  workDir: string;
  log: (line: string) => void;
}

/** What the heavy phase found. */
export interface HeavyReport {
  fleetSize: number;
  requests: number;
  /** Rows the document asks for (five pages). */
  rowsPerRequest: number;
  /** HTTP status → how many requests got it (0: the connection failed). */
  statuses: Record<string, number>;
  /** extensions.code of refused requests → count. */
  codes: Record<string, number>;
  /** Upstream calls per request, counted at the simulator. */
  perRequest: { policyResults: number; servers: number; opswat: number };
  peak: Rss | null;
  sampledPeakMb: number;
  alive: boolean;
  tookMs: number;
  serverDied?: string;
}

const LIMITS = [2500, 2499, 2498, 2497, 2496];

const HEAVY = `query Heavy($p: ID!, $e: ID!) {
${LIMITS.map(
  (limit, i) => `  p${i}: policyRunResults(policyUuid: $p, execToken: $e, limit: ${limit}) {
    nodes { resultStatus resultReason stdout stderr patches exitCode runTime
      device { hostname displayName macAddresses compliance { state retryAfterSeconds report { status totalIssues } } } }
  }`,
).join('\n')}
}`;

/** Runs the heavy phase; the server and simulator it starts are stopped before it returns. */
export async function runHeavyPhase(options: HeavyOptions): Promise<HeavyReport> {
  const { log } = options;
  const sim = await startSimulator({ fleetSize: options.fleetSize });
  const run = [...sim.fleet.runs].sort((a, b) => b.results.length - a.results.length)[0]!;
  const server = await startPostureServer({
    name: 'heavy server',
    sim,
    dataDir: path.join(options.workDir, 'heavy-data'),
    logFile: path.join(options.workDir, 'heavy.log'),
  });
  log(
    `simulator: ${sim.fleet.devices.length} devices, largest run ${run.results.length} results; ${options.requests} concurrent requests of ${LIMITS.length} distinct pages (${LIMITS.reduce((a, b) => a + b, 0)} rows) each`,
  );
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  try {
    sim.resetCalls();
    const sampler = sampleRss(server.pid, 100);
    const started = Date.now();
    const body = JSON.stringify({ query: HEAVY, variables: { p: run.policy.uuid, e: run.executionToken } });
    // Each request catches its own failure (a refused connection counts as status 0), so all settle.
    await Promise.all(
      Array.from({ length: options.requests }, async () => {
        let status = 0;
        try {
          const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          status = response.status;
          const json = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
          for (const error of json.errors ?? []) {
            const code = error.extensions?.code ?? 'none';
            codes[code] = (codes[code] ?? 0) + 1;
          }
        } catch {
          status = 0;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
      }),
    );
    const tookMs = Date.now() - started;
    const sampledPeakMb = sampler.stop();
    const peak = readRss(server.pid);
    const alive = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
      (response) => response.ok,
      () => false,
    );
    const perRequest = (calls: number) => round(calls / options.requests);
    const report: HeavyReport = {
      fleetSize: sim.fleet.devices.length,
      requests: options.requests,
      rowsPerRequest: LIMITS.reduce((a, b) => a + b, 0),
      statuses,
      codes,
      perRequest: {
        policyResults: perRequest(sim.calls({ route: 'policy-results' }).length),
        servers: perRequest(sim.calls({ route: 'servers' }).length),
        opswat: perRequest(sim.calls({ upstream: 'opswat' }).filter((call) => call.route !== 'oauth-token').length),
      },
      peak,
      sampledPeakMb,
      alive,
      tookMs,
      serverDied: alive ? undefined : tail(server.logFile, 20),
    };
    log(
      `heavy: ${JSON.stringify(statuses)} by HTTP status, codes ${JSON.stringify(codes)}; peak RSS (VmHWM) ${peak?.peakMb ?? '?'} MB (sampled ${sampledPeakMb} MB); ` +
        `upstream calls per request: policy-results ${report.perRequest.policyResults}, servers ${report.perRequest.servers}, OPSWAT ${report.perRequest.opswat}; ` +
        `${alive ? 'server up' : 'SERVER DOWN'} after ${tookMs} ms`,
    );
    return report;
  } finally {
    await server.stop();
    await sim.close();
  }
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
