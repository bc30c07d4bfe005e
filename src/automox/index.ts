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

/**
 * Policy-history pages are fetched while a GraphQL client waits: a rate limit it cannot wait out
 * within seconds is answered UPSTREAM_RATE_LIMITED with the delay (a 429 without Retry-After is not
 * retried at all), instead of holding the request through minutes of penalty. The inventory loads
 * in the background and keeps {@link AUTOMOX_RETRY_DEFAULTS}.
 */
export const AUTOMOX_REQUEST_RETRY: RetryPolicy = { limit: 2, backoffLimitMs: 2000, rateLimitPenaltyMs: 0, maxRetryAfterMs: 10_000 };

/** Builds the policy-history and console clients for one org. */
export function createAutomoxClients(connection: AutomoxConnection): AutomoxClients {
  const http = (baseUrl: string, retry: RetryPolicy) =>
    createHttpClient({
      upstream: 'automox',
      baseUrl,
      timeoutMs: connection.timeoutMs,
      headers: { authorization: `Bearer ${connection.apiKey}` },
      retry: { ...retry, ...connection.retry },
      logger: connection.logger,
    });
  return {
    policyHistory: new PolicyHistoryClient({ http: http(connection.policyReportUrl, AUTOMOX_REQUEST_RETRY), orgUuid: connection.orgUuid }),
    console: new ConsoleClient({
      http: http(connection.consoleUrl, AUTOMOX_RETRY_DEFAULTS),
      orgId: connection.orgId,
      orgUuid: connection.orgUuid,
    }),
  };
}
