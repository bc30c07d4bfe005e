import type { Simulator } from './types.js';

/**
 * The environment that points the server at `sim` as if it were the real APIs, through the real
 * configuration path (tests, the bench, `npm run simulate`'s hints all mean the same variables).
 */
export function simulatorEnv(sim: Simulator): Record<string, string> {
  return {
    AUTOMOX_API_KEY: sim.credentials.automoxApiKey,
    AUTOMOX_ORG_UUID: sim.credentials.orgUuid,
    AUTOMOX_POLICY_REPORT_URL: sim.automoxPolicyReportUrl,
    AUTOMOX_CONSOLE_URL: sim.automoxConsoleUrl,
    OPSWAT_BASE_URL: sim.opswatUrl,
    OPSWAT_CLIENT_ID: sim.credentials.opswatClientId,
    OPSWAT_CLIENT_SECRET: sim.credentials.opswatClientSecret,
  };
}
