import { randomUUID } from 'node:crypto';

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
  /**
   * The longest a granted call may take until its response or timeout (default 30 s). Until
   * {@link CallBudget.complete} says the response arrived, the slot is held as if the call ended
   * this long after its grant: a process that dies mid-call leaves that conservative record.
   */
  callTimeoutMs?: number;
}

/** Outcome of {@link CallBudget.tryAcquire}. */
export type BudgetDecision =
  /**
   * The call may go out now; `at` is the grant time (epoch ms, the budget's clock) and `id`
   * names the grant for {@link CallBudget.complete} / {@link CallBudget.cancel}.
   */
  | { kind: 'granted'; at: number; id: string }
  /** Every slot is taken (or the store cannot vouch for the last window); `retryInMs` is when the first slot frees. */
  | { kind: 'exhausted'; retryInMs: number }
  /** A 429 pause is in force for `retryInMs` more. */
  | { kind: 'paused'; retryInMs: number };

/** The budget's state at one instant, on the budget's own clock. */
export interface BudgetSnapshot {
  limit: number;
  windowMs: number;
  /** Calls still holding a slot, i.e. `grants.length`. */
  used: number;
  /**
   * Ascending epoch ms from which each held slot counts its window (+ margin): the response time
   * of a completed call, grant + callTimeoutMs for one still in flight (or whose process died).
   */
  grants: number[];
  /** Epoch ms until which no call may go out, or null. */
  pausedUntil: number | null;
  /** The budget's clock when the snapshot was taken (Date.now() embedded; Redis TIME in Redis). */
  now: number;
}

/**
 * A call budget shared by every replica. The invariant: OPSWAT never sees more than `limit`
 * calls in any span of `windowMs`, whatever the delay between our send and its arrival, across
 * replicas (Redis) and restarts (SQLite). It holds because a call's slot is occupied from its
 * grant until its response (or timeout) has arrived, and only then for a further window plus
 * margin: OPSWAT counts the call somewhere between the two, so any window OPSWAT sees holding
 * limit+1 calls would have had limit+1 slots occupied at the last of their grants.
 */
export interface CallBudget {
  /** Atomically checks the log and, if a slot is free and no pause holds, records a grant held until grant + callTimeoutMs. */
  tryAcquire(): Promise<BudgetDecision>;
  /** The granted call's response (or failure, or timeout) arrived now: its slot counts its window from now. */
  complete(id: string): Promise<void>;
  /** The granted call was never sent: its slot is free again at once. */
  cancel(id: string): Promise<void>;
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
  /** windowMs + marginMs: how long a slot stays held after its call's response. */
  spanMs: number;
  callTimeoutMs: number;
}

/** The budget key used when none is given. */
export const DEFAULT_BUDGET_KEY = 'opswat';

/** Applies defaults and rejects nonsensical options with a message naming the expected shape. */
export function resolveBudgetOptions(options: BudgetOptions): ResolvedBudgetOptions {
  const { limit, windowMs, marginMs = 0, key = DEFAULT_BUDGET_KEY, callTimeoutMs = 30_000 } = options;
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
  if (!Number.isInteger(callTimeoutMs) || callTimeoutMs < 1) {
    throw new TypeError(`Call budget: callTimeoutMs must be a positive integer of ms (e.g. 10000), received ${String(callTimeoutMs)}`);
  }
  return { limit, windowMs, marginMs, key, spanMs: windowMs + marginMs, callTimeoutMs };
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

/** What a backend reads in one consistent step: its clock, the held slots (ascending) and the pause. */
export interface BudgetState {
  now: number;
  grants: number[];
  pausedUntil: number | null;
}

/**
 * The part of a call budget both backends share: option checks, grant ids, pause validation,
 * snapshots and estimates. A backend supplies only the atomic steps, each one Lua script (Redis)
 * or one transaction (SQLite) applying the same rule: drop slots whose time + span has passed;
 * refuse while paused; refuse while `limit` slots are held; else hold a slot until
 * now + callTimeoutMs.
 */
export abstract class SlidingLogBudget implements CallBudget {
  /** The checked options. */
  protected readonly options: ResolvedBudgetOptions;

  constructor(options: BudgetOptions) {
    this.options = resolveBudgetOptions(options);
  }

  /** The backend's atomic acquire, recording the slot under `id`. */
  protected abstract acquire(id: string): Promise<BudgetDecision>;
  /** The backend's atomic "response arrived now" for `id`. */
  protected abstract markCompleted(id: string): Promise<void>;
  /** The backend's removal of an unused slot. */
  protected abstract remove(id: string): Promise<void>;
  /** The backend's "no grant before `epochMs`", never shortening a longer pause. */
  protected abstract extendPause(epochMs: number): Promise<void>;
  /** The backend's consistent read. */
  protected abstract read(): Promise<BudgetState>;

  /** See {@link CallBudget.tryAcquire}. */
  tryAcquire(): Promise<BudgetDecision> {
    return this.acquire(randomUUID());
  }

  /** See {@link CallBudget.complete}. */
  complete(id: string): Promise<void> {
    return this.markCompleted(id);
  }

  /** See {@link CallBudget.cancel}. */
  cancel(id: string): Promise<void> {
    return this.remove(id);
  }

  /** See {@link CallBudget.pauseUntil}. */
  async pauseUntil(epochMs: number): Promise<void> {
    if (!Number.isFinite(epochMs)) throw new TypeError(`pauseUntil: epochMs must be a finite epoch ms, received ${String(epochMs)}`);
    await this.extendPause(Math.ceil(epochMs));
  }

  /** See {@link CallBudget.snapshot}. */
  async snapshot(): Promise<BudgetSnapshot> {
    const { limit, windowMs } = this.options;
    const { now, grants, pausedUntil } = await this.read();
    return { limit, windowMs, used: grants.length, grants, pausedUntil, now };
  }

  /** See the shared {@link estimateWaitMs}; takes a snapshot when none is given. */
  async estimateWaitMs(position: number, snapshot?: BudgetSnapshot): Promise<number> {
    return estimateWaitMs(position, snapshot ?? (await this.snapshot()), this.options.marginMs);
  }

  /** Nothing to release: the connection or database belongs to whoever opened it. */
  async close(): Promise<void> {}
}
