import { type DemandJob, PRIORITIES, type Priority } from './compliance.model.js';

/** One client's queued jobs, each tier oldest first. */
export type Lane = Record<Priority, DemandJob[]>;

/** What the packing rule needs to know of a call. */
export interface PackingRule {
  /** Identifiers one call carries at most. */
  batchMax: number;
  /** Jobs that must go alone in their call. */
  alone(job: DemandJob): boolean;
}

const TIERS = PRIORITIES;

/**
 * The packing rule, run for up to `calls` calls over the jobs `eligible` admits, lanes given in
 * round-robin order. A call is led by the first eligible job in that order (inventory tier
 * first); a job that must go alone goes alone, else the call takes batchable jobs one per client
 * per round, inventory devices of every client before any free-form lookup, and those before any
 * job of the background sweep.
 */
export function planCalls(lanes: readonly Lane[], eligible: (job: DemandJob) => boolean, calls: number, rule: PackingRule): DemandJob[][] {
  const count = lanes.length;
  if (count === 0) return [];
  const cursors = lanes.map((lane) => ({
    inventory: split(lane.inventory, eligible, rule),
    lookup: split(lane.lookup, eligible, rule),
    sweep: split(lane.sweep, eligible, rule),
  }));
  const planned: DemandJob[][] = [];
  for (let start = 0; planned.length < calls; start = (start + 1) % count) {
    const lead = head(cursors, start);
    if (!lead) break;
    if (lead.alone) {
      planned.push([lead.lane.alone[lead.lane.nextAlone++] as DemandJob]);
      continue;
    }
    const call: DemandJob[] = [];
    for (const tier of TIERS) {
      for (let progress = true; progress && call.length < rule.batchMax; ) {
        progress = false;
        for (let i = 0; i < count && call.length < rule.batchMax; i += 1) {
          const lane = cursors[(start + i) % count]![tier];
          const job = lane.batch[lane.nextBatch];
          if (job) {
            call.push(job);
            lane.nextBatch += 1;
            progress = true;
          }
        }
      }
    }
    planned.push(call);
  }
  return planned;
}

interface SplitLane {
  alone: DemandJob[];
  batch: DemandJob[];
  nextAlone: number;
  nextBatch: number;
}

function split(jobs: readonly DemandJob[], eligible: (job: DemandJob) => boolean, rule: PackingRule): SplitLane {
  const lane: SplitLane = { alone: [], batch: [], nextAlone: 0, nextBatch: 0 };
  for (const job of jobs) if (eligible(job)) (rule.alone(job) ? lane.alone : lane.batch).push(job);
  return lane;
}

function head(cursors: Array<Record<Priority, SplitLane>>, start: number): { lane: SplitLane; alone: boolean } | undefined {
  for (const tier of TIERS) {
    for (let i = 0; i < cursors.length; i += 1) {
      const lane = cursors[(start + i) % cursors.length]![tier];
      const alone = lane.alone[lane.nextAlone];
      const batch = lane.batch[lane.nextBatch];
      if (alone && (!batch || ahead(alone, batch))) return { lane, alone: true };
      if (batch) return { lane, alone: false };
    }
  }
  return undefined;
}

/** Demands this close together count as simultaneous (a page's lookups arrive over a few ms). */
const ORDER_GRANULARITY_MS = 100;

/**
 * Whether `a` comes before `b` in line: older demand first; among simultaneous ones, those that
 * may spawn follow-ups (a device's other MACs, if OPSWAT does not know this one) first, so the
 * follow-ups share later calls instead of trailing the batch in calls of their own; then arrival.
 */
export function ahead(
  a: Pick<DemandJob, 'demandedAt' | 'seq' | 'fallbacks'>,
  b: Pick<DemandJob, 'demandedAt' | 'seq' | 'fallbacks'>,
): boolean {
  const [at, bt] = [Math.floor(a.demandedAt / ORDER_GRANULARITY_MS), Math.floor(b.demandedAt / ORDER_GRANULARITY_MS)];
  if (at !== bt) return at < bt;
  const [af, bf] = [a.fallbacks.length > 0 ? 0 : 1, b.fallbacks.length > 0 ? 0 : 1];
  return af !== bf ? af < bf : a.seq < b.seq;
}
