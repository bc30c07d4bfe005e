export {
  ComplianceService,
  SWEEP_DEMAND,
  validateIdentifier,
  type ComplianceServiceOptions,
  type DeviceRef,
} from './compliance.service.js';
export { DemandQueue } from './demand-queue.js';
export { systemClock, type Clock } from './clock.js';
export { toComplianceLookup } from './compliance.mapper.js';
export type {
  ComplianceLookupResult,
  ComplianceOutcome,
  ComplianceStateName,
  Demand,
  IdentifierKey,
  CachedAnswer,
  LookupFailureCode,
  Priority,
  FoundAnswer,
  ReportUpdate,
} from './compliance.model.js';
export type { ComplianceUpstream, LookupMode } from './upstream.js';
export { reportFailure } from './report-failure.js';
export { ComplianceResolver } from './compliance.resolver.js';
export * from './compliance.types.js';
export { createComplianceLoaders, type ComplianceContext, type ComplianceLoaders } from './compliance.context.js';
export type { FreshnessCoverage } from './answer-cache.js';
