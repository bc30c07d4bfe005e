/**
 * The sweep phase: the fleet index keeping a large fleet current on its own. Our server runs in
 * production mode with FLEET_SWEEP=on against a simulator of `indexSize` devices that enforces 10
 * calls per `windowMs`, nobody asking; the phase reports the server's peak RSS (VmHWM) while it
 * holds and sweeps the whole index, the calls one sweep took, and what that is at OPSWAT's real
 * 10 calls a minute. With `realWindow`, a second run sweeps `realFleet` devices at the real 60 s
 * window and compares the time with the physical bound (the calls' windows, back to back).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import { type ChildServer, sleep } from './lib/children.js';
import { startPostureServer } from './lib/server.js';

/** What one sweep run measured. */
export interface SweepRun {
  devices: number;
  calls: number;
  identifiers: number;
  /** From the first lookup call to the response of the last. */
  ms: number;
  windowMs: number;
  peakRssMb: number | null;
  rateLimited: number;
  /** ceil(calls / 10) windows, less the last one's wait, plus a call: when the last call could at best answer. */
  physicalBoundMs: number;
}

/** What the sweep phase measured. */
export interface SweepReport {
  index: SweepRun;
  /** Minutes one sweep of the large index takes at 10 calls a minute (the sweep uses 9 of each 10 while nobody asks). */
  minutesAtTenPerMinute: number;
  real: SweepRun | null;
}

const LIMIT = 10;

/** Runs the sweep phase; every server it starts is stopped before it returns or throws. */
export async function runSweepPhase(options: {
  indexSize: number;
  realFleet: number | null;
  workDir: string;
  log: (line: string) => void;
}): Promise<SweepReport> {
  const index = await sweepOnce({ devices: options.indexSize, windowMs: 250, workDir: options.workDir, name: 'index' });
  const minutesAtTenPerMinute = Math.round((index.calls / (LIMIT - 1)) * 10) / 10;
  options.log(
    `sweep: ${index.devices.toLocaleString('en-US')} devices indexed and swept in ${index.calls} calls (${index.identifiers.toLocaleString('en-US')} identifiers), ` +
      `peak RSS ${index.peakRssMb ?? '?'} MB, ${index.rateLimited} × 429; at 10 calls a minute one sweep takes ${minutesAtTenPerMinute} min`,
  );
  let real: SweepRun | null = null;
  if (options.realFleet) {
    real = await sweepOnce({ devices: options.realFleet, windowMs: 60_000, workDir: options.workDir, name: 'real-window' });
    options.log(
      `sweep at the real 60 s window: ${real.devices} devices in ${real.calls} calls, ${Math.round(real.ms / 1000)} s; physical bound ${Math.round(real.physicalBoundMs / 1000)} s ` +
        `(${(real.ms / real.physicalBoundMs).toFixed(2)}×), ${real.rateLimited} × 429`,
    );
  }
  return { index, minutesAtTenPerMinute, real };
}

async function sweepOnce(options: { devices: number; windowMs: number; workDir: string; name: string }): Promise<SweepRun> {
  // Automox's own "< 30 /servers calls a minute" (and its one-minute penalty) would make reading a
  // 100,000-device inventory take most of the phase: lifted, since the sweep is what is measured.
  const sim = await startSimulator({
    fleetSize: options.devices,
    opswatRateLimit: LIMIT,
    opswatRateWindowMs: options.windowMs,
    serversRateLimit: 1_000_000,
    serversPenaltyMs: 1,
  });
  let server: ChildServer | undefined;
  try {
    server = await startPostureServer({
      name: `sweep ${options.name} server`,
      sim,
      dataDir: path.join(options.workDir, `sweep-${options.name}-data`),
      logFile: path.join(options.workDir, `sweep-${options.name}.log`),
      env: { OPSWAT_RATE_LIMIT: String(LIMIT), OPSWAT_RATE_WINDOW_MS: String(options.windowMs), FLEET_SWEEP: 'on' },
    });
    const lookups = () => sim.calls().filter((call) => call.route === 'device-details' || call.route === 'policy-check');
    // Done when no lookup has gone out for three windows and three sweep ticks (and at least one
    // did): the sweep refills its lookups in bulk, and a large index takes a moment to scan.
    let peakRssMb: number | null = null;
    for (let seen = -1; ; ) {
      await sleep(Math.max(200, options.windowMs));
      peakRssMb = peakOf(server.pid) ?? peakRssMb;
      const calls = lookups();
      const quietMs = calls.length > 0 ? Date.now() - calls.at(-1)!.at : 0;
      if (calls.length > 0 && calls.length === seen && quietMs > Math.max(3 * options.windowMs, 15_000)) break;
      seen = calls.length;
    }
    const calls = lookups();
    const identifiers = calls.reduce((n, call) => n + ((call.body as { ids?: unknown[] })?.ids?.length ?? 1), 0);
    const callMs = 1_000;
    return {
      devices: sim.fleet.devices.length,
      calls: calls.length,
      identifiers,
      ms: calls.at(-1)!.at - calls[0]!.at + callMs,
      windowMs: options.windowMs,
      peakRssMb,
      rateLimited: calls.filter((call) => call.status === 429).length,
      physicalBoundMs: (Math.ceil(calls.length / LIMIT) - 1) * options.windowMs + callMs,
    };
  } finally {
    await server?.stop();
    await sim.close();
  }
}

/** VmHWM of a process, in MB, or null when it cannot be read. */
function peakOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
