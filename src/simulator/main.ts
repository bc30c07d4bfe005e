/** `npm run simulate`: the upstream simulator alone, printing where it listens and how to point the server at it. */
import { oneLine, onTerminationSignal } from '../common/index.js';
import { startSimulator } from './simulator.js';

/** Reads an integer env variable, or stops with one line naming it, its problem and a good example. */
function intFromEnv(name: string, fallback: number | undefined, example: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name}="${raw}" is not a non-negative integer; try ${name}=${example}`);
    process.exit(1);
  }
  return value;
}

/** A choice variable, passed through as is: the simulator's own option check names the allowed values. */
const choice = <T>(name: string): T | undefined => (process.env[name]?.trim() || undefined) as T | undefined;

const sim = await startSimulator({
  fleetSize: intFromEnv('SIM_FLEET_SIZE', undefined, '250'),
  seed: intFromEnv('SIM_SEED', undefined, '42'),
  automoxPort: intFromEnv('SIM_AUTOMOX_PORT', 4010, '4010'),
  opswatPort: intFromEnv('SIM_OPSWAT_PORT', 4020, '4020'),
  opswatTransitMs: intFromEnv('SIM_OPSWAT_TRANSIT_MS', undefined, '400'),
  opswatUnknownIds: choice('SIM_OPSWAT_UNKNOWN_IDS'),
  opswatDetailsShape: choice('SIM_OPSWAT_DETAILS_SHAPE'),
  opswatFieldSpelling: choice('SIM_OPSWAT_FIELD_SPELLING'),
  opswatResetTime: choice('SIM_OPSWAT_RESET_TIME'),
  opswatListEnd: choice('SIM_OPSWAT_LIST_END'),
  opswatStatusChangeShape: choice('SIM_OPSWAT_STATUS_CHANGE_SHAPE'),
  opswatStatusChangeSpelling: choice('SIM_OPSWAT_STATUS_CHANGE_SPELLING'),
  opswatMacField: choice('SIM_OPSWAT_MAC_FIELD'),
  opswatChangeEveryMs: intFromEnv('SIM_OPSWAT_CHANGE_EVERY_MS', undefined, '60000'),
}).catch((error: unknown) => {
  // A bad option or a busy port deserves one line, not a stack trace.
  console.error(`simulator could not start: ${(error as Error).message}`);
  process.exit(1);
});

const c = sim.credentials;
const live = sim.fleet.devices.filter((d) => d.deletedAt === null).length;
console.log(
  [
    `Upstream simulator: ${sim.fleet.devices.length} devices (${live} live), ${sim.fleet.policies.length} policies, ${sim.fleet.runs.length} runs, seed ${sim.fleet.seed}`,
    `  Automox policy-report  ${sim.automoxPolicyReportUrl}`,
    `  Automox console        ${sim.automoxConsoleUrl}`,
    `  OPSWAT                 ${sim.opswatUrl}`,
    '',
    'Point the server at it with:',
    `  AUTOMOX_POLICY_REPORT_URL=${sim.automoxPolicyReportUrl}`,
    `  AUTOMOX_CONSOLE_URL=${sim.automoxConsoleUrl}`,
    `  AUTOMOX_API_KEY=${c.automoxApiKey}`,
    `  AUTOMOX_ORG_UUID=${c.orgUuid}`,
    `  AUTOMOX_ORG_ID=${c.orgId}`,
    `  OPSWAT_BASE_URL=${sim.opswatUrl}`,
    `  OPSWAT_CLIENT_ID=${c.opswatClientId}`,
    `  OPSWAT_CLIENT_SECRET=${c.opswatClientSecret}`,
    '',
    'Test controls on each server: GET /__sim/calls, POST /__sim/reset, POST /__sim/faults (JSON FaultSpec).',
    'On OPSWAT: POST /__sim/opswat/change {device_id, status | deleted}, POST /__sim/opswat/tick, GET|POST /__sim/opswat/webhook {url, key} | {enabled}. Ctrl-C stops.',
  ].join('\n'),
);

onTerminationSignal(async (signal) => {
  console.log(`\n${signal}: closing the simulator`);
  await sim.close().catch((error: unknown) => {
    console.error(`simulator did not close cleanly: ${oneLine(error)}`);
    throw error;
  });
});
