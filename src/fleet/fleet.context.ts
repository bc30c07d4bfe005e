import type { RequestContext } from '../kernel/index.js';
import type { FleetViews } from './fleet-views.js';

/** What the fleet resolvers read from a request. */
export interface FleetContext extends RequestContext {
  services: { fleetViews: FleetViews };
}
