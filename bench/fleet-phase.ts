/**
 * The fleet phase: how many OPSWAT calls it costs to see a cold fleet once. The simulator holds
 * 2,000 devices and enforces 10 calls per 2 s (OPSWAT's 10 a minute, 30× faster, so the phase takes
 * seconds); our server runs in production mode on a fresh DATA_DIR with the same budget and asks
 * `_entities` for every live device with a MAC until each is FRESH, NOT_FOUND or UNMATCHED.
 */
import path from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import { type ChildServer, sleep } from './lib/children.js';
import { complianceStates, post, SETTLED_STATES } from './lib/graphql.js';
import { startPostureServer } from './lib/server.js';

/** What the fleet phase measured. */
export interface FleetReport {
  devices: number;
  /** Live devices with at least one MAC: the ones OPSWAT can be asked about. */
  eligible: number;
  calls: number;
  identifiers: number;
  devicesPerCall: number;
  ms: number;
  /** ceil(eligible / 50) + 5: the bound. */
  bound: number;
  /** Minutes of OPSWAT's real budget (10 calls a minute) those calls take, for this fleet and for 1,300 devices. */
  minutesAtTenPerMinute: number;
  minutesFor1300: number;
  rateLimited: number;
}

const LIMIT = 10;
const WINDOW_MS = 2000;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Device { compliance { state } } } }`;

/** Runs the fleet phase; the server it starts is stopped before it returns or throws. */
export async function runFleetPhase(options: { fleetSize: number; workDir: string; log: (line: string) => void }): Promise<FleetReport> {
  const sim = await startSimulator({ fleetSize: options.fleetSize, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW_MS });
  let server: ChildServer | undefined;
  try {
    server = await startPostureServer({
      name: 'fleet server',
      sim,
      dataDir: path.join(options.workDir, 'fleet-data'),
      logFile: path.join(options.workDir, 'fleet.log'),
      env: { OPSWAT_RATE_LIMIT: String(LIMIT), OPSWAT_RATE_WINDOW_MS: String(WINDOW_MS) },
    });
    const hostnames = sim.fleet.devices.filter((d) => !d.deletedAt && d.physicalMacs.length > 0).map((d) => d.hostname);
    const representations = hostnames.map((hostname) => ({ __typename: 'Device', hostname }));
    const started = Date.now();
    for (let pass = 0; pass < 120; pass += 1) {
      const states = complianceStates((await post(server.url, ENTITIES, { r: representations })).data);
      if (states.length === hostnames.length && states.every((s) => SETTLED_STATES.has(s.state))) break;
      await sleep(500);
    }
    const ms = Date.now() - started;
    const calls = sim.calls().filter((call) => call.route === 'device-details' || call.route === 'policy-check');
    const identifiers = calls.reduce(
      (n, call) => n + (Array.isArray((call.body as { ids?: unknown[] })?.ids) ? (call.body as { ids: unknown[] }).ids.length : 1),
      0,
    );
    const devicesPerCall = Math.round((hostnames.length / Math.max(1, calls.length)) * 10) / 10;
    const report: FleetReport = {
      devices: sim.fleet.devices.length,
      eligible: hostnames.length,
      calls: calls.length,
      identifiers,
      devicesPerCall,
      ms,
      bound: Math.ceil(hostnames.length / 50) + 5,
      minutesAtTenPerMinute: Math.round((calls.length / LIMIT) * 10) / 10,
      minutesFor1300: Math.round((1300 / devicesPerCall / LIMIT) * 10) / 10,
      rateLimited: calls.filter((call) => call.status === 429).length,
    };
    options.log(
      `fleet: ${report.eligible} of ${report.devices} devices eligible; fully seen in ${report.calls} OPSWAT calls (bound ${report.bound}), ` +
        `${report.identifiers} identifiers, ${report.devicesPerCall} devices a call, ${ms} ms at ${LIMIT} calls per ${WINDOW_MS} ms, ${report.rateLimited} × 429; ` +
        `at 10 calls a minute that is ${report.minutesAtTenPerMinute} min of budget for this fleet, about ${report.minutesFor1300} min for 1,300 devices`,
    );
    return report;
  } finally {
    await server?.stop();
    await sim.close();
  }
}
