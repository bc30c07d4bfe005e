import type { Caller } from '../auth/index.js';
import type { SoftErrors } from './soft-errors.js';

/**
 * What every resolver receives, whatever its feature: who asks, whether they are still there, and
 * where expected failures are reported. Each feature widens it with the services and loaders it
 * reads (`DeviceContext`, `PolicyContext`, …); the composition root builds one object that is all
 * of them at once.
 */
export interface RequestContext {
  /** Who the request is made for: scopes to check, and the client its OPSWAT lookups count against. */
  caller: Caller;
  /** Aborted when the client has gone: upstream calls made only for this request stop, retries included. */
  signal: AbortSignal | undefined;
  softErrors: SoftErrors;
}
