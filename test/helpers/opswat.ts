import type { SecretRedactor, Logger } from '../../src/common/index.js';
import { createOpswatClient, type DeviceDetailsVersion, type OpswatClient } from '../../src/opswat/index.js';
import type { Simulator } from '../../src/simulator/index.js';

/** An OPSWAT client pointed at a simulator. */
export function opswatFor(
  sim: Simulator,
  logger: Logger,
  redactor: SecretRedactor,
  overrides: { clientSecret?: string; timeoutMs?: number; detailsVersion?: DeviceDetailsVersion; retryOn401?: boolean } = {},
): OpswatClient {
  return createOpswatClient({
    baseUrl: sim.opswatUrl,
    clientId: sim.credentials.opswatClientId,
    clientSecret: overrides.clientSecret ?? sim.credentials.opswatClientSecret,
    timeoutMs: overrides.timeoutMs ?? 5000,
    logger,
    redactor,
    detailsVersion: overrides.detailsVersion,
    retryOn401: overrides.retryOn401,
  });
}
