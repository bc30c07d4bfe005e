import type { RequestContext } from '../kernel/index.js';
import type { LiveUpdates } from './live-updates.js';

/** What the subscription resolvers read from their context. */
export interface LiveContext extends RequestContext {
  services: { live: LiveUpdates };
}
