import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../kernel/index.js';
import type { ComplianceLookupResult } from './compliance.model.js';

/** A FAILED lookup answers the field and also puts its upstream code in the response's errors. */
export function reportFailure(
  result: ComplianceLookupResult,
  { softErrors }: Pick<RequestContext, 'softErrors'>,
  info: GraphQLResolveInfo,
): ComplianceLookupResult {
  if (result.state === 'FAILED' && result.failureCode) {
    // A store failure is ours, not OPSWAT's: only upstream codes name the upstream.
    const upstream = result.failureCode === 'STORE_UNAVAILABLE' ? {} : { upstream: 'opswat' };
    softErrors.report(result.failureCode, result.failureMessage ?? 'The compliance lookup failed', info, {
      ...upstream,
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
  return result;
}
