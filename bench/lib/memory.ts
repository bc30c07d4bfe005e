/** Memory of a child process, read where the kernel keeps it. */
import { readFileSync } from 'node:fs';

/** Resident set now and its high-water mark, in MB. */
export interface Rss {
  rssMb: number;
  /** VmHWM: the true peak since the process started. */
  peakMb: number;
}

/** Reads VmRSS and VmHWM from /proc/<pid>/status (Linux); null elsewhere or once the process is gone. */
export function readRss(pid: number): Rss | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number =>
      Number(/\s(\d+)\s*kB/.exec(status.split('\n').find((line) => line.startsWith(`${field}:`)) ?? '')?.[1] ?? Number.NaN);
    return { rssMb: mb(kb('VmRSS') * 1024), peakMb: mb(kb('VmHWM') * 1024) };
  } catch {
    return null;
  }
}

/** The server's own view of its memory, from the default metrics on GET /metrics, in MB. */
export interface MemoryBreakdown {
  rssMb: number | null;
  /** V8 heap reserved and in use; RSS well above `heapTotalMb + externalMb` is native memory. */
  heapTotalMb: number | null;
  heapUsedMb: number | null;
  externalMb: number | null;
  /** Reserved size of each V8 heap space (new, old, code, large_object, ...). */
  spacesMb: Record<string, number>;
}

/** Scrapes the server's memory breakdown; null when /metrics cannot be read. */
export async function scrapeMemory(url: string): Promise<MemoryBreakdown | null> {
  let text: string;
  try {
    text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  } catch {
    return null;
  }
  const gauge = (name: string): number | null => {
    const match = new RegExp(`^posture_${name}\\s+(\\S+)`, 'm').exec(text);
    return match ? mb(Number(match[1])) : null;
  };
  const spacesMb: Record<string, number> = {};
  for (const match of text.matchAll(/^posture_nodejs_heap_space_size_total_bytes\{space="([^"]+)"\}\s+(\S+)/gm)) {
    spacesMb[match[1]!] = mb(Number(match[2]));
  }
  return {
    rssMb: gauge('process_resident_memory_bytes'),
    heapTotalMb: gauge('nodejs_heap_size_total_bytes'),
    heapUsedMb: gauge('nodejs_heap_size_used_bytes'),
    externalMb: gauge('nodejs_external_memory_bytes'),
    spacesMb,
  };
}

/** One line for the log: RSS, heap reserved/used, external, and the spaces over 1 MB. */
export function describeMemory(m: MemoryBreakdown | null): string {
  if (!m) return '/metrics unreadable';
  const spaces = Object.entries(m.spacesMb)
    .filter(([, size]) => size >= 1)
    .map(([space, size]) => `${space} ${size}`)
    .join(', ');
  return `RSS ${m.rssMb ?? '?'} MB = V8 heap ${m.heapTotalMb ?? '?'} MB reserved (${m.heapUsedMb ?? '?'} used; ${spaces}) + external ${m.externalMb ?? '?'} MB + native`;
}

/** Samples VmRSS every `everyMs` until stopped; returns the largest sample. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let max = 0;
  const tick = (): void => {
    max = Math.max(max, readRss(pid)?.rssMb ?? 0);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return max;
    },
  };
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/**
 * CPU time (user + system) the process has used so far, in ms, from `/proc/<pid>/stat`: what a
 * run cost the server whatever else the machine was doing, unlike requests per second.
 */
export function readCpuMs(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the parenthesis, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;
