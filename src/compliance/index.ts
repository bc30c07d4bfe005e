export { ComplianceService, validateIdentifier, type ComplianceServiceOptions, type DeviceRef } from './compliance.service.js';
export { budgetGate } from './budget-gate.js';
export { DemandQueue } from './demand-queue.js';
export type { ComplianceLookupResult, IdentifierKey, CachedAnswer } from './compliance.model.js';
export { reportFailure } from './report-failure.js';
export { ComplianceResolver } from './compliance.resolver.js';
export * from './compliance.types.js';
