import { createHttpClient, type Logger, type SecretRedactor } from '../common/index.js';
import { OpswatClient, type CallGate } from './opswat.client.js';
import type { DeviceDetailsVersion } from './opswat.types.js';
import { OAuthTokenManager } from './token-manager.js';

export { OpswatClient, type CallGate } from './opswat.client.js';
export { OAuthTokenManager } from './token-manager.js';
export { OPT_BY_KIND, DEVICE_DETAILS_VERSIONS, DEVICE_DETAILS_MAX_IDS } from './opswat.types.js';
export { validateLookupIdentifier, identifierPathSegment, type ValidIdentifier } from './identifier.js';
export { detailsStatus } from './details.parser.js';
export type * from './opswat.types.js';

/** Where and how to reach OPSWAT MetaDefender IT Access. */
export interface OpswatConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  logger: Logger;
  redactor: SecretRedactor;
  gate?: CallGate;
  /** Device Details version, v3.1 to v3.8 (default v3.8). */
  detailsVersion?: DeviceDetailsVersion;
}

/** Builds the OPSWAT client with its own token manager; HTTP retries are off (each call is budgeted). */
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
    gate: connection.gate,
    detailsVersion: connection.detailsVersion,
  });
}
