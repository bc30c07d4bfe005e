import { createHttpClient, type Logger, type SecretRedactor } from '../common/index.js';
import { OpswatClient, type OpswatClientOptions } from './opswat.client.js';
import type { DeviceDetailsVersion } from './opswat.types.js';
import { OAuthTokenManager } from './token-manager.js';

export { OpswatClient, FLEET_PAGE_MAX, STATUS_CHANGE_MAX_AGE_SECONDS } from './opswat.client.js';
export { parseWebhookPush, WEBHOOK_MAX_EVENTS } from './webhook.parser.js';
export { OAuthTokenManager } from './token-manager.js';
export { OPT_BY_KIND, DEVICE_DETAILS_VERSIONS, DEVICE_DETAILS_MAX_IDS } from './opswat.types.js';
export { validateLookupIdentifier, identifierPathSegment, type ValidIdentifier } from './identifier.js';
export { detailsStatus } from './details.parser.js';
export type * from './opswat.types.js';
export type * from './fleet.types.js';

/** Where and how to reach OPSWAT MetaDefender IT Access. */
export interface OpswatConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  logger: Logger;
  redactor: SecretRedactor;
  /** Device Details version, v3.1 to v3.8 (default v3.8). */
  detailsVersion?: DeviceDetailsVersion;
  /** See {@link OpswatClientOptions.retryOn401}. */
  retryOn401?: boolean;
}

/** Builds the OPSWAT client with its own token manager; HTTP retries are off: spending a call is the compliance scheduler's decision. */
export function createOpswatClient(connection: OpswatConnection): OpswatClient {
  const http = createHttpClient({
    upstream: 'opswat',
    baseUrl: connection.baseUrl,
    timeoutMs: connection.timeoutMs,
    retry: { limit: 0, backoffLimitMs: 0, rateLimitPenaltyMs: 0, maxRetryAfterMs: 0 },
    logger: connection.logger,
  });
  const tokens = new OAuthTokenManager({
    http,
    clientId: connection.clientId,
    clientSecret: connection.clientSecret,
    redactor: connection.redactor,
    logger: connection.logger,
  });
  return new OpswatClient({
    http,
    tokens,
    redactor: connection.redactor,
    detailsVersion: connection.detailsVersion,
    retryOn401: connection.retryOn401,
  });
}
