export { PolicyQueryResolver } from './policy.resolver.js';
export { TtlPageCache } from './page-cache.js';
export { PolicyService, toResultStatus, type PageCache, type PagingArgs, type RunResultsArgs } from './policy.service.js';
export * from './policy.types.js';
export {
  PolicyResultsService,
  toPolicyRun,
  type JoinSources,
  type JoinedResults,
  type ResultsSelection,
} from './policy-results.service.js';
export type { PolicyContext } from './policy.context.js';
