/**
 * Interleaved measurement of ours against the baseline, shared by the phases that compare the two:
 * each shape driven on both servers in turn (ours first in even rounds, the baseline first in odd
 * ones), a pause before each run, the server's CPU time per answered request, and the median per side.
 */
import { type ChildServer, sleep } from './children.js';
import { drive, type LoadOptions, type LoadResult, median, round } from './load.js';
import type { Operation } from './warmup.js';
import { readCpuMs } from './memory.js';

/** Pause before each measured run: the previous server finishes its GC work, so it does not steal this run's CPU. */
const SETTLE_MS = 1000;

/** One operation measured on both sides. */
export interface MeasuredShape extends Operation {
  key: string;
}

/** One side's median over the rounds, with every run kept. */
export interface SideResult {
  rps: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  failures: number;
  /** Median server CPU time per answered request, in µs. */
  cpuUsPerRequest: number | null;
  runs: LoadResult[];
}

/** Both sides of one shape, and how ours compares. */
export interface Comparison {
  ours: SideResult;
  baseline: SideResult;
  rpsRatio: number;
  p99Ratio: number;
  /**
   * The baseline's CPU per request over ours: the throughput ratio the two would have on cores of
   * their own. Load from other processes moves requests per second but barely this.
   */
  cpuRatio: number | null;
}

/** What {@link measureInterleaved} needs. */
export interface InterleaveOptions {
  ours: ChildServer;
  baseline: ChildServer;
  shapes: MeasuredShape[];
  rounds: number;
  load: LoadOptions;
  log: (line: string) => void;
  /** Wraps each of our runs (e.g. to count upstream calls during it). */
  aroundOurs?: (shape: MeasuredShape, run: () => Promise<LoadResult>) => Promise<LoadResult>;
}

/** Warms both servers for a second per shape, then measures every shape `rounds` times on each side, interleaved. */
export async function measureInterleaved(options: InterleaveOptions): Promise<Map<string, Comparison>> {
  const { ours, baseline, shapes, load, log } = options;
  for (const shape of shapes) {
    for (const server of [ours, baseline]) await drive(server.url, [shape], { connections: load.connections, durationSec: 1 });
  }
  const runs = new Map<string, LoadResult[]>();
  for (let r = 0; r < options.rounds; r++) {
    for (const shape of shapes) {
      for (const server of r % 2 === 0 ? [ours, baseline] : [baseline, ours]) {
        await sleep(SETTLE_MS);
        const measure = async (): Promise<LoadResult> => {
          const cpuBefore = readCpuMs(server.pid);
          const driven = await drive(server.url, [shape], load);
          const cpuAfter = readCpuMs(server.pid);
          return {
            ...driven,
            cpuUsPerRequest:
              cpuBefore === null || cpuAfter === null || driven.requests === 0
                ? null
                : round(((cpuAfter - cpuBefore) * 1000) / driven.requests, 0),
          };
        };
        const result = server === ours && options.aroundOurs ? await options.aroundOurs(shape, measure) : await measure();
        const side = server === ours ? 'ours' : 'baseline';
        runs.set(`${shape.key}:${side}`, [...(runs.get(`${shape.key}:${side}`) ?? []), result]);
        log(
          `  round ${r + 1}/${options.rounds} ${shape.key.padEnd(12)} ${side.padEnd(8)} ${String(result.rps).padStart(8)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  cpu ${result.cpuUsPerRequest ?? '?'} µs/req${result.failures ? `  ${result.failures} failures` : ''}`,
        );
      }
    }
  }
  return new Map(
    shapes.map((shape) => {
      const oursSide = summarize(runs.get(`${shape.key}:ours`) ?? []);
      const baselineSide = summarize(runs.get(`${shape.key}:baseline`) ?? []);
      return [
        shape.key,
        {
          ours: oursSide,
          baseline: baselineSide,
          rpsRatio: baselineSide.rps > 0 ? round(oursSide.rps / baselineSide.rps, 3) : 0,
          p99Ratio: baselineSide.p99 > 0 ? round(oursSide.p99 / baselineSide.p99, 2) : 0,
          cpuRatio:
            oursSide.cpuUsPerRequest && baselineSide.cpuUsPerRequest
              ? round(baselineSide.cpuUsPerRequest / oursSide.cpuUsPerRequest, 3)
              : null,
        },
      ];
    }),
  );
}

function summarize(runs: LoadResult[]): SideResult {
  return {
    rps: round(median(runs.map((r) => r.rps)), 1),
    p50: round(median(runs.map((r) => r.p50)), 2),
    p99: round(median(runs.map((r) => r.p99)), 2),
    bytesPerResponse: Math.round(median(runs.map((r) => r.bytesPerResponse))),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuUsPerRequest: runs.every((r) => typeof r.cpuUsPerRequest === 'number')
      ? round(median(runs.map((r) => r.cpuUsPerRequest as number)), 0)
      : null,
    runs,
  };
}
