/** Load generation with autocannon: one fixed shape, fixed connections and duration. */
import autocannon from 'autocannon';
import type { Operation } from './warmup.js';

/** What one autocannon run measured. */
export interface LoadResult {
  rps: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers together. */
  failures: number;
  /** Mean response size; equal sizes on both sides show both answered the same data. */
  bytesPerResponse: number;
  /** The server's CPU time per answered request, in µs (null when it could not be read). */
  cpuUsPerRequest?: number | null;
}

/** How hard to push. */
export interface LoadOptions {
  connections: number;
  durationSec: number;
}

/**
 * Drives `operations` against `url` (one body for one operation; several are sent round-robin,
 * e.g. the pages of a run). No pipelining: each connection waits for its answer, as clients do.
 */
export async function drive(url: string, operations: Operation[], options: LoadOptions): Promise<LoadResult> {
  const bodies = operations.map((op) => JSON.stringify({ query: op.query, variables: op.variables }));
  let turn = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: options.connections,
    duration: options.durationSec,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bodies[0]!,
        setupRequest: (request) => (bodies.length === 1 ? request : { ...request, body: bodies[turn++ % bodies.length]! }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rps: round(ok / result.duration, 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: ok,
    failures: result.errors + result.timeouts + result.non2xx,
    bytesPerResponse: ok > 0 ? Math.round(result.throughput.total / ok) : 0,
  };
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
