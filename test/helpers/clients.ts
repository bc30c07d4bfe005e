import { createAutomoxClients, type AutomoxClients } from '../../src/automox/index.js';
import type { Logger, RetryPolicy } from '../../src/common/index.js';
import type { Simulator } from '../../src/simulator/index.js';

/** Automox clients pointed at a simulator, with retry waits shrunk for tests. */
export function automoxFor(sim: Simulator, logger: Logger, retry: Partial<RetryPolicy> = {}, timeoutMs = 5000): AutomoxClients {
  return createAutomoxClients({
    apiKey: sim.credentials.automoxApiKey,
    orgUuid: sim.credentials.orgUuid,
    orgId: null,
    policyReportUrl: sim.automoxPolicyReportUrl,
    consoleUrl: sim.automoxConsoleUrl,
    timeoutMs,
    logger,
    retry: { backoffLimitMs: 50, rateLimitPenaltyMs: 200, maxRetryAfterMs: 5000, ...retry },
  });
}
