import { type CallBudget, estimateWaitMs } from '../store/index.js';
import type { DemandJob } from './compliance.model.js';
import type { Schedule } from './demand-queue.js';

/** Slots of each window a call of free-form lookups alone may not take: a fifth, kept for inventory devices. */
export function inventoryReserve(limit: number): number {
  return Math.floor(limit / 5);
}

/**
 * A call of free-form lookups only may not take the last fifth of the window's slots: those
 * stay for inventory devices, so a flood of made-up identifiers never makes a real device wait a
 * window. Until when such a call must wait (now: it may go; a store failure is left to the
 * acquire that follows to report).
 */
export function reservedForInventoryUntil(budget: CallBudget, now: number): Promise<number> {
  return reservedUntil(budget, now, inventoryReserve);
}

/**
 * Slots of each window a call led by the background sweep may not take. While a client has asked
 * within the last window, `1 - share` of them (FLEET_SWEEP_SHARE, default 0.6: the sweep takes at
 * most 60%); otherwise one, so that the first page after a quiet spell finds a slot at once
 * instead of a window full of sweep calls; except when the sweep's own work left
 * (`sweepCallsLeft`, this call included) is one more than a multiple of the limit: then taking
 * this window's last slot saves the sweep a whole window (20 calls go out in 10 + 10, not
 * 9 + 9 + 2), and a client arriving meanwhile waits for the next slot, at most that window.
 */
export function sweepReserve(limit: number, share: number, clientsActive: boolean, sweepCallsLeft?: number): number {
  if (limit <= 1) return 0;
  if (clientsActive) return Math.max(1, limit - Math.floor(share * limit));
  return sweepCallsLeft !== undefined && sweepCallsLeft > 0 && (sweepCallsLeft - 1) % limit === 0 ? 0 : 1;
}

/**
 * Until when a call that may not take the window's last `reserve(limit)` slots must wait: now
 * when more than that many are free, else until enough are (a store failure is left to the
 * acquire that follows to report).
 */
export async function reservedUntil(budget: CallBudget, now: number, reserveOf: (limit: number) => number): Promise<number> {
  try {
    const snapshot = await budget.snapshot();
    const reserve = reserveOf(snapshot.limit);
    if (reserve === 0 || snapshot.limit - snapshot.used > reserve) return now;
    return now + Math.max(1, await budget.estimateWaitMs(reserve, snapshot));
  } catch {
    return now;
  }
}

/** What the estimate needs besides the job's place in the schedule. */
export interface EstimateInputs {
  budget: CallBudget;
  /** The budget's window plus margin. */
  windowMs: number;
  batchMax: number;
  /** Calls of this process in flight (their slots are in the budget already). */
  inFlight: number;
  /** How long a call takes, gathering included. */
  callMs: number;
  /** Share of jobs with follow-ups (other MACs) that turn out unknown. */
  followUpShare: number;
  /** Ms until a 429 pause or exhausted server allowance ends. */
  pausedMs: number;
}

/**
 * Ms until asking again for `job` finds its answer: the slot of the call that will carry it (its
 * index in the packed schedule, plus the follow-up identifiers expected ahead of it) as the
 * budget will grant it, plus the call itself. A device that may need its other MACs is promised
 * the call its follow-ups would join, not its own. Free-form lookups get fewer slots a window.
 */
export async function estimateRetryMs(job: DemandJob, place: Schedule, inputs: EstimateInputs): Promise<number> {
  const own = job.fallbacks.length > 0;
  const [call, ahead] = own ? [place.followUpCall, place.fallbacksBeforeFollowUp] : [place.call, place.fallbacksAhead];
  const calls = call + Math.ceil((ahead * inputs.followUpShare) / inputs.batchMax) + inputs.inFlight;
  try {
    const snapshot = await inputs.budget.snapshot();
    const limit = job.demand.priority === 'lookup' ? snapshot.limit - inventoryReserve(snapshot.limit) : snapshot.limit;
    // A slot is reused a window (+ margin) after its call's RESPONSE: each call's duration too.
    const marginMs = Math.max(0, inputs.windowMs - snapshot.windowMs);
    const slotMs = estimateWaitMs(calls, { ...snapshot, limit }, marginMs + inputs.callMs);
    return Math.max(slotMs, inputs.pausedMs) + inputs.callMs;
  } catch {
    return inputs.windowMs;
  }
}

/** A running share of "yes" answers (recent ones weigh more), starting from a prior. */
export class Share {
  constructor(private value: number) {}

  /** Records one observation. */
  add(yes: boolean): void {
    this.value = 0.98 * this.value + 0.02 * (yes ? 1 : 0);
  }

  /** The current share, 0..1. */
  share(): number {
    return this.value;
  }
}
