import DataLoader from 'dataloader';
import type { Caller } from '../auth/index.js';
import type { RequestContext } from '../kernel/index.js';
import { toComplianceLookup } from './compliance.mapper.js';
import type { ComplianceLookupResult, IdentifierKey } from './compliance.model.js';
import type { ComplianceService } from './compliance.service.js';

/** The request's memoized free-form lookups. */
export interface ComplianceLoaders {
  complianceByIdentifier: DataLoader<IdentifierKey, ComplianceLookupResult, string>;
}

/** What `compliance(identifier:)` reads from a request. */
export interface ComplianceContext extends RequestContext {
  loaders: ComplianceLoaders;
}

/** A request's loaders of free-form identifiers, counted against the caller's share as lookups. */
export function createComplianceLoaders(compliance: ComplianceService, caller: Caller): ComplianceLoaders {
  return {
    complianceByIdentifier: new DataLoader(
      (keys) =>
        Promise.all(
          keys.map((key) =>
            compliance
              .lookupIdentifier(key.identifier, key.kind, { clientId: caller.clientId, priority: 'lookup' })
              .then(toComplianceLookup, (error: unknown) => error as Error),
          ),
        ),
      { cacheKeyFn: (key) => `${key.kind}:${key.identifier}` },
    ),
  };
}
