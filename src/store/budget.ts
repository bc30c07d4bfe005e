/** How many calls a budget allows and over what sliding window. */
export interface BudgetOptions {
  /** Calls allowed in any span of `windowMs`. */
  limit: number;
  /** The sliding window, in ms. */
  windowMs: number;
  /**
   * Extra ms before a grant's slot is reusable (default 0). It absorbs the transit time between
   * granting locally and the request reaching OPSWAT, so OPSWAT's own window never sees limit+1.
   */
  marginMs?: number;
  /** Which budget (default 'opswat'); budgets with different keys are independent. */
  key?: string;
}

/** Outcome of {@link CallBudget.tryAcquire}. */
export type BudgetDecision =
  /** The call may go out now; `at` is the recorded grant time (epoch ms, the budget's clock). */
  | { kind: 'granted'; at: number }
  /** Every slot is taken; `retryInMs` is when the oldest grant leaves the window. */
  | { kind: 'exhausted'; retryInMs: number }
  /** A 429 pause is in force for `retryInMs` more. */
  | { kind: 'paused'; retryInMs: number };

/** The budget's state at one instant, on the budget's own clock. */
export interface BudgetSnapshot {
  limit: number;
  windowMs: number;
  /** Grants still holding a slot, i.e. `grants.length`. */
  used: number;
  /** Ascending epoch ms of the grants still holding a slot (younger than windowMs + marginMs). */
  grants: number[];
  /** Epoch ms until which no call may go out, or null. */
  pausedUntil: number | null;
  /** The budget's clock when the snapshot was taken (Date.now() embedded; Redis TIME in Redis). */
  now: number;
}

/** A call budget shared by every replica: at most `limit` calls in ANY span of `windowMs`. */
export interface CallBudget {
  /** Atomically checks the log and, if a slot is free and no pause holds, records a grant. */
  tryAcquire(): Promise<BudgetDecision>;
  /** After a 429: no replica gets a grant until `epochMs`; never shortens an existing pause. */
  pauseUntil(epochMs: number): Promise<void>;
  /** The grants holding slots and the pause, read consistently. */
  snapshot(): Promise<BudgetSnapshot>;
  /** Ms (from the snapshot's `now`) until the call at 0-based queue `position` can be granted. */
  estimateWaitMs(position: number, snapshot?: BudgetSnapshot): Promise<number>;
  /** Releases what the budget itself holds (not a database or client passed in). */
  close(): Promise<void>;
}

/** {@link BudgetOptions} with defaults applied and values checked. */
export interface ResolvedBudgetOptions {
  limit: number;
  windowMs: number;
  marginMs: number;
  key: string;
  /** windowMs + marginMs: how long a grant holds its slot. */
  spanMs: number;
}

/** The budget key used when none is given. */
export const DEFAULT_BUDGET_KEY = 'opswat';

/** Applies defaults and rejects nonsensical options with a message naming the expected shape. */
export function resolveBudgetOptions(options: BudgetOptions): ResolvedBudgetOptions {
  const { limit, windowMs, marginMs = 0, key = DEFAULT_BUDGET_KEY } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TypeError(`Call budget: limit must be a positive integer (e.g. 10), received ${String(limit)}`);
  }
  if (!Number.isInteger(windowMs) || windowMs < 1) {
    throw new TypeError(`Call budget: windowMs must be a positive integer of ms (e.g. 60000), received ${String(windowMs)}`);
  }
  if (!Number.isInteger(marginMs) || marginMs < 0) {
    throw new TypeError(`Call budget: marginMs must be a non-negative integer of ms (e.g. 500), received ${String(marginMs)}`);
  }
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(`Call budget: key must be a non-empty string (e.g. 'opswat'), received ${String(key)}`);
  }
  return { limit, windowMs, marginMs, key, spanMs: windowMs + marginMs };
}

/**
 * Ms from `snapshot.now` until the call at 0-based queue `position` can be granted, given the
 * budget's `marginMs` (a snapshot does not carry it), assuming
 * every call ahead of it is granted as early as possible. The one implementation of this
 * arithmetic, shared by every backend.
 *
 * The n-th grant overall (the logged ones first, then the queue's) may happen once the grant
 * `limit` places before it has aged out of the window, and never during a pause:
 * `t[n] = max(now, pausedUntil, t[n - limit] + window + margin)`. Without a pause and with at
 * most `limit` grants logged this is the closed form: free slots now, then position k past the
 * `free` ones at `grants[(k - free) mod limit] + span * (1 + floor((k - free) / limit))`, where
 * the slots taken "now" count as grants at `now`.
 */
export function estimateWaitMs(position: number, snapshot: BudgetSnapshot, marginMs = 0): number {
  if (!Number.isInteger(position) || position < 0) {
    throw new TypeError(`estimateWaitMs: position must be a non-negative integer, received ${String(position)}`);
  }
  const { limit, windowMs, grants, pausedUntil, now } = snapshot;
  const span = windowMs + marginMs;
  const earliest = Math.max(now, pausedUntil ?? now);
  // Only the last `limit` times matter: each new grant waits on the one `limit` places back.
  const times = grants.slice(-limit);
  const offset = grants.length - times.length;
  let at = earliest;
  for (let n = grants.length; n <= grants.length + position; n += 1) {
    const blocker = n - limit >= 0 ? times[n - limit - offset] : undefined;
    at = blocker === undefined ? earliest : Math.max(earliest, blocker + span);
    times.push(at);
  }
  return at - now;
}
