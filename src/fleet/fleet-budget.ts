import type { Clock, ComplianceService } from '../compliance/index.js';
import type { CallBudget } from '../store/index.js';

/** How long the shared store's window is reused: `callsInWindow` may lag by this much. */
const STORE_VIEW_MAX_AGE_MS = 1_000;

/** The `FleetBudget` parent object. */
export interface FleetBudgetData {
  limit: number;
  windowSeconds: number;
  callsInWindow: number;
  queuedInteractive: number;
  queuedSweep: number;
  estimatedSecondsUntilAllFresh: number | null;
}

/** What {@link FleetBudgetView} reads. */
export interface FleetBudgetViewOptions {
  budget: Pick<CallBudget, 'snapshot'>;
  compliance: Pick<ComplianceService, 'queuedLookups'>;
  clock: Clock;
}

/** The part of the view read from the shared store. */
type StoreView = Pick<FleetBudgetData, 'limit' | 'windowSeconds' | 'callsInWindow'>;

/**
 * `fleetSummary.budget`: the shared store's window, this replica's queue as it is now, the
 * sweep's estimate. The store is read at most once a second (a dashboard polling the summary
 * would otherwise read SQLite or Redis on every request, the largest part of a warm summary's
 * cost); requests in that second share the read, and answer synchronously once it is in.
 */
export class FleetBudgetView {
  private readonly options: FleetBudgetViewOptions;
  /** The last read of the store, made at `at`: its value, or the read under way. */
  private stored: { at: number; value: StoreView | Promise<StoreView> } | undefined;

  constructor(options: FleetBudgetViewOptions) {
    this.options = options;
  }

  /** The view now; `untilAllFreshMs` is the snapshot's estimate (null without a sweep). */
  read(untilAllFreshMs: number | null): FleetBudgetData | Promise<FleetBudgetData> {
    const now = this.options.clock.now();
    const stored = this.stored && now >= this.stored.at && now - this.stored.at < STORE_VIEW_MAX_AGE_MS ? this.stored : this.readStore(now);
    const queued = this.options.compliance.queuedLookups();
    const complete = (view: StoreView): FleetBudgetData => ({
      ...view,
      queuedInteractive: queued.interactive,
      queuedSweep: queued.sweep,
      estimatedSecondsUntilAllFresh: untilAllFreshMs === null ? null : Math.ceil(untilAllFreshMs / 1000),
    });
    return stored.value instanceof Promise ? stored.value.then(complete) : complete(stored.value);
  }

  private readStore(now: number): { at: number; value: Promise<StoreView> } {
    const entry: { at: number; value: Promise<StoreView> } = {
      at: now,
      value: this.options.budget.snapshot().then(
        (snapshot) => {
          const view = { limit: snapshot.limit, windowSeconds: Math.round(snapshot.windowMs / 1000), callsInWindow: snapshot.used };
          if (this.stored === entry) this.stored = { at: now, value: view };
          return view;
        },
        (error: unknown) => {
          // A failed read is not remembered: the next request asks the store again.
          if (this.stored === entry) this.stored = undefined;
          throw error;
        },
      ),
    };
    this.stored = entry;
    return entry;
  }
}
