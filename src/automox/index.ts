import { createHttpClient, type Logger, type RetryPolicy } from '../common/index.js';
import { ConsoleClient } from './console.client.js';
import { PolicyHistoryClient } from './policy-history.client.js';

export { ConsoleClient, CONSOLE_PAGE_LIMIT, toInventoryServer } from './console.client.js';
export { PolicyHistoryClient, MAX_PAGE_LIMIT } from './policy-history.client.js';
export type * from './automox.types.js';

/** Where and how to reach Automox. */
export interface AutomoxConnection {
  apiKey: string;
  orgUuid: string;
  orgId: number | null;
  policyReportUrl: string;
  consoleUrl: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  logger: Logger;
}

/** Both Automox clients, sharing one bearer key. */
export interface AutomoxClients {
  policyHistory: PolicyHistoryClient;
  console: ConsoleClient;
}

/** Defaults: three retries, backoff capped at 8 s, Automox's documented one-minute `/servers` penalty. */
export const AUTOMOX_RETRY_DEFAULTS: RetryPolicy = { limit: 3, backoffLimitMs: 8000, rateLimitPenaltyMs: 60_000, maxRetryAfterMs: 65_000 };

/** Builds the policy-history and console clients for one org. */
export function createAutomoxClients(connection: AutomoxConnection): AutomoxClients {
  const retry = { ...AUTOMOX_RETRY_DEFAULTS, ...connection.retry };
  const http = (baseUrl: string) =>
    createHttpClient({
      upstream: 'automox',
      baseUrl,
      timeoutMs: connection.timeoutMs,
      headers: { authorization: `Bearer ${connection.apiKey}` },
      retry,
      logger: connection.logger,
    });
  return {
    policyHistory: new PolicyHistoryClient({ http: http(connection.policyReportUrl), orgUuid: connection.orgUuid }),
    console: new ConsoleClient({ http: http(connection.consoleUrl), orgId: connection.orgId, orgUuid: connection.orgUuid }),
  };
}
