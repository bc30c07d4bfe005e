/** Reading a V8 .cpuprofile (node --cpu-prof): where the server spent its own time. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One function's self time. */
export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

/** The `limit` functions with the most self time, idle and GC included as V8 names them. */
export function topSelfTime(file: string, limit = 15): HotFunction[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time until the next one; the first delta belongs to the start.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}|${where}`;
    const entry = selfUs.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
    total += us;
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({
      name: e.name,
      where: e.where,
      selfMs: Math.round(e.us / 1000),
      percent: total > 0 ? Math.round((e.us / total) * 1000) / 10 : 0,
    }));
}

function shorten(url: string): string {
  const plain = url.replace(/^file:\/\//, '');
  const modules = plain.lastIndexOf('node_modules/');
  if (modules !== -1) return plain.slice(modules + 'node_modules/'.length);
  const dist = plain.lastIndexOf('/dist/');
  return dist !== -1 ? plain.slice(dist + 1) : path.basename(plain);
}
