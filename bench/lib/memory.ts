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
    const kb = (field: string): number => Number(/\s(\d+)\s*kB/.exec(status.split('\n').find((line) => line.startsWith(`${field}:`)) ?? '')?.[1] ?? Number.NaN);
    return { rssMb: mb(kb('VmRSS') * 1024), peakMb: mb(kb('VmHWM') * 1024) };
  } catch {
    return null;
  }
}

/** The server's own view: posture_process_resident_memory_bytes from GET /metrics, in MB. */
export async function scrapeRssMb(url: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const match = /^posture_process_resident_memory_bytes\s+(\d+(?:\.\d+)?(?:e\+?\d+)?)/m.exec(text);
    return match ? mb(Number(match[1])) : null;
  } catch {
    return null;
  }
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
