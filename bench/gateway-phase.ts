/**
 * The gateway phase: what the graph costs behind the gateway a user runs. Hive Gateway in front of
 * our (warm) subgraph against Hive Gateway in front of the bare Apollo baseline answering the same
 * JSON, same supergraph (composed from schema/schema.graphql; only the subgraph's URL differs), same
 * queries, interleaved rounds as in the speed phase.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { type ChildServer, freePort, sleep, startChild } from './lib/children.js';
import type { Shape } from './lib/graphql.js';
import { post } from './lib/graphql.js';
import { drive, median, round, type LoadOptions, type LoadResult } from './lib/load.js';
import { readCpuMs } from './lib/memory.js';
import { REPO_ROOT } from './lib/server.js';

/** Shapes a client sends to a gateway (`_entities` is the gateway's own call, never a client's). */
export const GATEWAY_SHAPES: ReadonlyArray<Shape['key']> = ['page25', 'device'];

/** One shape through both gateways. */
export interface GatewayShapeResult {
  key: Shape['key'];
  label: string;
  /** Median requests/s and p99 through the gateway in front of ours, and in front of the baseline. */
  ours: { rps: number; p99: number; gatewayCpuUs: number | null; subgraphCpuUs: number | null };
  baseline: { rps: number; p99: number; gatewayCpuUs: number | null; subgraphCpuUs: number | null };
  rpsRatio: number;
  p99Ratio: number;
  sameAnswer: boolean;
  runs: Record<'ours' | 'baseline', LoadResult[]>;
}

/** What the gateway phase found. */
export interface GatewayReport {
  shapes: GatewayShapeResult[];
}

/** A supergraph of the posture subgraph alone, routed to `url`. */
function supergraphFor(url: string): string {
  const result = composeServices([
    { name: 'posture', url, typeDefs: parse(readFileSync(path.join(REPO_ROOT, 'schema', 'schema.graphql'), 'utf8')) },
  ]);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.supergraphSdl;
}

async function startGateway(name: string, subgraphUrl: string, workDir: string): Promise<ChildServer> {
  const file = path.join(workDir, `${name}.supergraph.graphql`);
  writeFileSync(file, supergraphFor(`${subgraphUrl}/graphql`));
  return startChild({
    name,
    script: path.join(path.dirname(fileURLToPath(import.meta.url)), 'gateway', 'server.js'),
    port: await freePort(),
    logFile: path.join(workDir, `${name}.log`),
    env: { NODE_ENV: 'production', SUPERGRAPH_FILE: file },
  });
}

/** Runs the gateway phase over two running, warm subgraphs; the gateways it starts are stopped before it returns. */
export async function runGatewayPhase(options: {
  ours: ChildServer;
  baseline: ChildServer;
  shapes: Shape[];
  rounds: number;
  load: LoadOptions;
  workDir: string;
  log: (line: string) => void;
}): Promise<GatewayReport> {
  const { log } = options;
  const shapes = options.shapes.filter((shape) => GATEWAY_SHAPES.includes(shape.key));
  const gateways = {
    ours: await startGateway('gateway-ours', options.ours.url, options.workDir),
    baseline: await startGateway('gateway-baseline', options.baseline.url, options.workDir),
  };
  const subgraphs = { ours: options.ours, baseline: options.baseline };
  try {
    const sameAnswer = new Map<Shape['key'], boolean>();
    for (const shape of shapes) {
      const [a, b] = await Promise.all(
        [gateways.ours, gateways.baseline].map((gateway) => post(gateway.url, shape.query, shape.variables)),
      );
      sameAnswer.set(shape.key, !a?.errors && !b?.errors && JSON.stringify(a?.data) === JSON.stringify(b?.data));
      for (const gateway of [gateways.ours, gateways.baseline]) await drive(gateway.url, [shape], { ...options.load, durationSec: 1 });
    }
    log(`gateways answer identical data: ${JSON.stringify(Object.fromEntries(sameAnswer))}`);
    type Run = LoadResult & { gatewayCpuUs: number | null; subgraphCpuUs: number | null };
    const runs = new Map<string, Run[]>();
    for (let r = 0; r < options.rounds; r++) {
      for (const shape of shapes) {
        for (const side of r % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)) {
          await sleep(1000);
          const before = [readCpuMs(gateways[side].pid), readCpuMs(subgraphs[side].pid)];
          const driven = await drive(gateways[side].url, [shape], options.load);
          const after = [readCpuMs(gateways[side].pid), readCpuMs(subgraphs[side].pid)];
          const perRequest = (i: number) =>
            before[i] == null || after[i] == null || driven.requests === 0
              ? null
              : round(((after[i]! - before[i]!) * 1000) / driven.requests, 0);
          const run: Run = { ...driven, gatewayCpuUs: perRequest(0), subgraphCpuUs: perRequest(1) };
          runs.set(`${shape.key}:${side}`, [...(runs.get(`${shape.key}:${side}`) ?? []), run]);
          log(
            `  gateway round ${r + 1}/${options.rounds} ${shape.key.padEnd(8)} ${side.padEnd(8)} ${String(run.rps).padStart(8)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  cpu gateway ${run.gatewayCpuUs ?? '?'} + subgraph ${run.subgraphCpuUs ?? '?'} µs/req${run.failures ? `  ${run.failures} failures` : ''}`,
          );
        }
      }
    }
    const side = (list: Run[]) => ({
      rps: round(median(list.map((run) => run.rps)), 1),
      p99: round(median(list.map((run) => run.p99)), 2),
      gatewayCpuUs: list.every((run) => run.gatewayCpuUs !== null) ? round(median(list.map((run) => run.gatewayCpuUs!)), 0) : null,
      subgraphCpuUs: list.every((run) => run.subgraphCpuUs !== null) ? round(median(list.map((run) => run.subgraphCpuUs!)), 0) : null,
    });
    return {
      shapes: shapes.map((shape) => {
        const oursRuns = runs.get(`${shape.key}:ours`) ?? [];
        const baselineRuns = runs.get(`${shape.key}:baseline`) ?? [];
        const ours = side(oursRuns);
        const baseline = side(baselineRuns);
        return {
          key: shape.key,
          label: shape.label,
          ours,
          baseline,
          rpsRatio: baseline.rps > 0 ? round(ours.rps / baseline.rps, 3) : 0,
          p99Ratio: baseline.p99 > 0 ? round(ours.p99 / baseline.p99, 2) : 0,
          sameAnswer: sameAnswer.get(shape.key) ?? false,
          runs: { ours: oursRuns, baseline: baselineRuns },
        };
      }),
    };
  } finally {
    await Promise.all([gateways.ours.stop(), gateways.baseline.stop()]);
  }
}

/** The gateway phase as a markdown table. */
export function gatewayTable(report: GatewayReport): string {
  const lines = [
    '| shape (through Hive Gateway) | ours rps | baseline rps | rps ratio | p99 ratio | CPU µs/req gateway + subgraph, ours | baseline |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of report.shapes) {
    lines.push(
      `| ${s.label}${s.sameAnswer ? '' : ' (answers differ!)'} | ${s.ours.rps} | ${s.baseline.rps} | ${s.rpsRatio}× | ${s.p99Ratio}× | ${s.ours.gatewayCpuUs ?? '?'} + ${s.ours.subgraphCpuUs ?? '?'} | ${s.baseline.gatewayCpuUs ?? '?'} + ${s.baseline.subgraphCpuUs ?? '?'} |`,
    );
  }
  return lines.join('\n');
}
