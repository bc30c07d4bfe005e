// The fleet index: the whole fleet's compliance kept current inside the budget, unasked. One
// module owns it (FleetIndex, written by the Sweeper); views and subscriptions read it.
export { FleetIndex, isEligible, isSwept, type DeviceMatch, type FleetChange, type FleetCounts, type FleetEntry } from './fleet-index.js';
export { learnFromLookups, type LookupLearningOptions, type LookupSource } from './lookup-learning.js';
export { SWEEP_LEASE, SWEEP_PROGRESS_KEY, Sweeper, type SweepCompliance, type SweeperOptions, type SweepProgress } from './sweeper.js';
export { StoreCatchUp, type CatchUpPass, type StoreCatchUpOptions } from './store-catch-up.js';
export {
  ChangeFeed,
  FEED_STATE_KEY,
  FeedCoverage,
  updated,
  type FeedCoverageOptions,
  type ChangeFeedOptions,
  type FeedCompliance,
  type FeedPoll,
  type FeedState,
} from './feed.js';
export { OpswatWebhook, type OpswatWebhookOptions, type WebhookAdmission, type WebhookCompliance, type WebhookResult } from './webhook.js';
export { FleetListing, type FleetListingOptions, type ListingCompliance, type ListingResult } from './listing.js';
export { CursorCodec, type CursorPosition, type SortValue } from './cursor.js';
export {
  FIRST_DEFAULT,
  FIRST_MAX,
  FleetViews,
  type DevicePage,
  type DevicesArgs,
  type FleetSummaryData,
  type FleetViewsOptions,
  type SweepPace,
} from './fleet-views.js';
export { DeviceMatchResolver, FleetResolver } from './fleet.resolver.js';
export type { FleetRow } from './fleet-rows.js';
export type { FleetBudgetData } from './fleet-budget.js';
export type { FleetContext } from './fleet.context.js';
export * from './fleet.types.js';
