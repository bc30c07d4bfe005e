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

/**
 * Document limits lifted, for load that drives the engine with documents no client may send
 * (floods of aliased lookups: README, "Security"): the engine's flood specs and the bench's memory
 * phase, which test what stands behind the limits.
 */
export const LIFTED_DOCUMENT_LIMITS = {
  GRAPHQL_MAX_ALIASES: '100000',
  GRAPHQL_MAX_TOKENS: '10000000',
  GRAPHQL_MAX_COST: '1000000000',
  GRAPHQL_MAX_INFLIGHT_COST: '1000000000',
} as const;
