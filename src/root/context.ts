import { ANONYMOUS_CALLER, type Caller } from '../auth/index.js';
import { type ComplianceLoaders, type ComplianceService, createComplianceLoaders } from '../compliance/index.js';
import { createDeviceLoaders, type DeviceLoaders, type DeviceService } from '../device/index.js';
import type { FleetViews } from '../fleet/index.js';
import type { LiveUpdates } from '../live/index.js';
import { type RequestContext, SoftErrors } from '../kernel/index.js';
import type { PolicyResultsService, PolicyService } from '../policy/index.js';

/** Long-lived services, created once at start and shared by every request. */
export interface Services {
  policy: PolicyService;
  /** Joins a page of policy results to devices and compliance. */
  policyResults: PolicyResultsService;
  devices: DeviceService;
  compliance: ComplianceService;
  /** `devices` and `fleetSummary`, over the fleet index. */
  fleetViews: FleetViews;
  /** `deviceChanged` and `fleetSummaryChanged`: the index's changes, across replicas. */
  live: LiveUpdates;
}

/** Per-request memoization: every feature's loaders, created fresh for every operation, never shared. */
export type Loaders = DeviceLoaders & ComplianceLoaders;

/** What every resolver receives: each feature's context (`DeviceContext`, `PolicyContext`, …) at once. */
export interface GraphQLContext extends RequestContext {
  services: Services;
  loaders: Loaders;
}

/** Builds a request's context: fresh loaders over the shared services. */
export function createContext(services: Services, caller: Caller = ANONYMOUS_CALLER, signal?: AbortSignal): GraphQLContext {
  return {
    caller,
    signal,
    services,
    softErrors: new SoftErrors(),
    loaders: {
      ...createDeviceLoaders(services.devices, services.compliance, caller),
      ...createComplianceLoaders(services.compliance, caller),
    },
  };
}
