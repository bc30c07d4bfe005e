import type { DeviceContext } from '../device/index.js';
import type { PolicyResultsService } from './policy-results.service.js';
import type { PolicyService } from './policy.service.js';

/** What the policy resolvers read from a request: the device context (rows join to devices) and the policy services. */
export interface PolicyContext extends DeviceContext {
  services: DeviceContext['services'] & {
    policy: PolicyService;
    /** Joins a page of policy results to devices and compliance. */
    policyResults: PolicyResultsService;
  };
}
