/**
 * The heavy-document phase: 1,000 concurrent requests of the heaviest document the limits accept
 * (five distinct 2,500-row pages of the largest run, each row joined to its device and compliance,
 * script output included: estimated cost just under GRAPHQL_MAX_COST), against a server on the
 * production defaults. Reports the server's peak RSS, how the requests were answered, the upstream
 * calls per request counted at the simulator, and whether the process is still up.
 */
import http from 'node:http';
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
  /** Requests answered 200 with data (no SERVER_BUSY), and of those, how many within {@link ANSWER_WITHIN_MS}. */
  answered: number;
  answeredWithin: number;
  /** Share of all requests answered within {@link ANSWER_WITHIN_MS}. */
  answeredShare: number;
  /** Latency percentiles of the answered requests, ms. */
  answeredP50Ms: number | null;
  answeredP99Ms: number | null;
  /** Longest a refused request waited for its refusal, ms. */
  refusedMaxMs: number | null;
  /** Upstream calls per request, counted at the simulator. */
  perRequest: { policyResults: number; servers: number; opswat: number };
  peak: Rss | null;
  sampledPeakMb: number;
  alive: boolean;
  tookMs: number;
  serverDied?: string;
}

const LIMITS = [2500, 2499, 2498, 2497, 2496];

/** The heavy phase's target: at least half the requests answered within this. */
export const ANSWER_WITHIN_MS = 30_000;

/** Bytes of a body read to find its error codes; a heavy answer (5 MB) is counted, not parsed. */
const READ_PREFIX = 64 * 1024;

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
    const answeredMs: number[] = [];
    const refusedMs: number[] = [];
    // Each request catches its own failure (a refused connection counts as status 0), so all settle.
    // Bodies are read and dropped: a thousand 5 MB answers parsed at once would sink the bench.
    await Promise.all(
      Array.from({ length: options.requests }, async () => {
        let status = 0;
        const sent = performance.now();
        try {
          const response = await postRaw(`${server.url}/graphql`, body);
          status = response.status;
          const ms = performance.now() - sent;
          const errorCodes = status === 200 && response.truncated ? [] : codesOf(response.prefix);
          for (const code of errorCodes) codes[code] = (codes[code] ?? 0) + 1;
          if (status === 200 && !errorCodes.includes('SERVER_BUSY')) answeredMs.push(ms);
          else refusedMs.push(ms);
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
      answered: answeredMs.length,
      answeredWithin: answeredMs.filter((ms) => ms <= ANSWER_WITHIN_MS).length,
      answeredShare: round(answeredMs.filter((ms) => ms <= ANSWER_WITHIN_MS).length / options.requests),
      answeredP50Ms: percentile(answeredMs, 0.5),
      answeredP99Ms: percentile(answeredMs, 0.99),
      refusedMaxMs: refusedMs.length > 0 ? Math.round(Math.max(...refusedMs)) : null,
      peak,
      sampledPeakMb,
      alive,
      tookMs,
      serverDied: alive ? undefined : tail(server.logFile, 20),
    };
    log(
      `heavy: ${JSON.stringify(statuses)} by HTTP status, codes ${JSON.stringify(codes)}; answered ${report.answered} (${report.answeredWithin} within ${ANSWER_WITHIN_MS / 1000} s: ${Math.round(report.answeredShare * 100)}%), p50 ${report.answeredP50Ms ?? '?'} ms, p99 ${report.answeredP99Ms ?? '?'} ms; refusals within ${report.refusedMaxMs ?? '-'} ms; peak RSS (VmHWM) ${peak?.peakMb ?? '?'} MB (sampled ${sampledPeakMb} MB); ` +
        `upstream calls per request: policy-results ${report.perRequest.policyResults}, servers ${report.perRequest.servers}, OPSWAT ${report.perRequest.opswat}; ` +
        `${alive ? 'server up' : 'SERVER DOWN'} after ${tookMs} ms`,
    );
    return report;
  } finally {
    await server.stop();
    await sim.close();
  }
}

/**
 * POSTs `body` with node:http and reads the answer, keeping its first {@link READ_PREFIX} bytes:
 * a thousand 5 MB answers read through fetch's web streams kept the bench's own process busier
 * than the server it measures.
 */
function postRaw(url: string, body: string): Promise<{ status: number; prefix: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let total = 0;
      response.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (kept < READ_PREFIX) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          prefix: Buffer.concat(chunks).subarray(0, READ_PREFIX).toString('utf8'),
          truncated: total > READ_PREFIX,
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The `extensions.code` of each error of a whole (small) body. */
function codesOf(text: string): string[] {
  try {
    const json = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
    return (json.errors ?? []).map((error) => error.extensions?.code ?? 'none');
  } catch {
    return ['unreadable'];
  }
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
