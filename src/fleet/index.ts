// The fleet index: the whole fleet's compliance kept current inside the budget, unasked. One
// module owns it (FleetIndex, written by the Sweeper); views and subscriptions read it.
export { FleetIndex, isEligible, type FleetChange, type FleetCounts, type FleetEntry } from './fleet-index.js';
export { SWEEP_LEASE, SWEEP_PROGRESS_KEY, Sweeper, type SweepCompliance, type SweeperOptions, type SweepProgress } from './sweeper.js';
export { CursorCodec, type CursorPosition, type SortValue } from './cursor.js';
export {
  FIRST_DEFAULT,
  FIRST_MAX,
  FleetViews,
  type DevicePage,
  type DevicesArgs,
  type FleetBudgetData,
  type FleetSummaryData,
  type FleetViewsOptions,
  type SweepPace,
} from './fleet-views.js';
export { FleetResolver } from './fleet.resolver.js';
export type { FleetContext } from './fleet.context.js';
export * from './fleet.types.js';
