/** Turning measurements into targets with PASS/FAIL, a markdown table and machine facts. */
import os from 'node:os';
import { ANSWER_WITHIN_MS, type HeavyReport } from '../heavy-phase.js';
import type { MemoryReport } from '../memory-phase.js';
import type { ShapeResult, SpeedReport } from '../speed.js';

/** One target, judged. */
export interface Target {
  name: string;
  pass: boolean;
  measured: string;
}

/** Facts about the machine, for comparing runs. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Judges the targets of the benchmark's issue. */
export function judge(speed: SpeedReport | null, memory: MemoryReport | null, heavy: HeavyReport | null = null): Target[] {
  const targets: Target[] = [];
  if (speed) {
    // Issue 20: the warm page and `device` within 0.85× of bare Apollo's throughput and 1.3× its
    // p99; `_entities` (a router's batch) within 0.85×.
    for (const [key, name, p99] of [
      ['page25', 'warm 25-row page', true],
      ['device', 'warm device(hostname:)', true],
      ['entities', '_entities × 100', false],
    ] as const) {
      const shape = speed.shapes.find((each) => each.key === key);
      if (!shape) continue;
      targets.push({
        name: `${name} rps ≥ 0.85× baseline`,
        pass: shape.rpsRatio >= 0.85,
        measured: `${shape.rpsRatio}× (CPU ${shape.cpuRatio ?? '?'}×)`,
      });
      if (p99) targets.push({ name: `${name} p99 ≤ 1.3× baseline`, pass: shape.p99Ratio <= 1.3, measured: `${shape.p99Ratio}×` });
    }
    const worst = (pick: (s: ShapeResult) => number) => Math.max(...speed.shapes.map(pick));
    targets.push({
      name: 'warm path: 0 OPSWAT calls per query',
      pass: worst((s) => s.upstream.opswat) === 0,
      measured: `max ${worst((s) => s.upstream.opswat)}/query`,
    });
    targets.push({
      name: 'warm path: 0 inventory calls per query',
      pass: worst((s) => s.upstream.servers) === 0,
      measured: `max ${worst((s) => s.upstream.servers)}/query`,
    });
  }
  if (memory) {
    const peak = memory.peak?.peakMb;
    const enough = memory.cachedReports >= 10_000;
    targets.push({
      name: `peak RSS with ${memory.identifiers.toLocaleString('en-US')}+ cached reports < 300 MB`,
      pass: peak !== undefined && peak < 300 && enough,
      measured: memory.serverDied
        ? `the server died under load (${
            memory.serverDied
              .split('\n')
              .find((line) => /FATAL|Error/.test(line))
              ?.trim() ?? 'see its log'
          }); sampled RSS reached ${memory.loadSampledPeakMb} MB`
        : peak === undefined
          ? 'unreadable'
          : `${peak} MB with ${memory.cachedReports.toLocaleString('en-US')} reports${enough ? '' : ' (fewer than 10,000 cached)'}`,
    });
  }
  if (heavy) {
    const peak = heavy.peak?.peakMb;
    targets.push({
      name: `${heavy.requests} concurrent heaviest accepted documents: RSS < 600 MB and the process up`,
      pass: heavy.alive && peak !== undefined && peak < 600,
      measured: heavy.alive
        ? `${peak ?? '?'} MB peak; answers ${JSON.stringify(heavy.statuses)}; ${heavy.perRequest.policyResults} policy-history calls per request`
        : `the server died (${
            heavy.serverDied
              ?.split('\n')
              .find((line) => /FATAL|Error/.test(line))
              ?.trim() ?? 'see its log'
          })`,
    });
    targets.push({
      name: `${heavy.requests} concurrent heaviest accepted documents: ≥ 50% answered within ${ANSWER_WITHIN_MS / 1000} s`,
      pass: heavy.alive && heavy.answeredShare >= 0.5,
      measured: `${Math.round(heavy.answeredShare * 1000) / 10}% (${heavy.answeredWithin} of ${heavy.requests}); answered p99 ${heavy.answeredP99Ms ?? '?'} ms`,
    });
  }
  return targets;
}

/** The results table in markdown. */
export function markdownTable(speed: SpeedReport): string {
  const lines = [
    '| shape | ours rps | baseline rps | rps ratio | p99 ratio | CPU µs/req ours / baseline | CPU ratio | ours p50/p99 ms | baseline p50/p99 ms | upstream calls/query (Automox results · servers · OPSWAT) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const s of speed.shapes) {
    const up = s.upstream;
    lines.push(
      `| ${s.label} | ${s.ours.rps} | ${s.baseline.rps} | ${s.rpsRatio}× | ${s.p99Ratio}× | ${s.ours.cpuUsPerRequest ?? '?'} / ${s.baseline.cpuUsPerRequest ?? '?'} | ${s.cpuRatio === null ? '?' : `${s.cpuRatio}×`} | ${s.ours.p50} / ${s.ours.p99} | ${s.baseline.p50} / ${s.baseline.p99} | ${fmt(up.policyResults)} · ${fmt(up.servers)} · ${fmt(up.opswat)}${up.other ? ` (+${fmt(up.other)} other)` : ''} |`,
    );
  }
  return lines.join('\n');
}

/** The targets as a markdown list. */
export function markdownTargets(targets: Target[]): string {
  return targets.map((t) => `- ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured}`).join('\n');
}

function fmt(perQuery: number): string {
  return perQuery === 0 ? '0' : perQuery.toPrecision(2);
}
