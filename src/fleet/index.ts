// The fleet index: the whole fleet's compliance kept current inside the budget, unasked. One
// module owns it (FleetIndex, written by the Sweeper); views and subscriptions read it.
export { FleetIndex, isEligible, isSwept, type DeviceMatch, type FleetChange, type FleetCounts, type FleetEntry } from './fleet-index.js';
export { SWEEP_LEASE, SWEEP_PROGRESS_KEY, Sweeper, type SweepCompliance, type SweeperOptions, type SweepProgress } from './sweeper.js';
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
