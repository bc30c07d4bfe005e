import type Keyv from 'keyv';
import type { Logger } from '../common/index.js';
import type {
  CachedAnswer,
  Clock,
  ComplianceOutcome,
  FoundAnswer,
  FreshnessCoverage,
  IdentifierKey,
  ReportUpdate,
} from '../compliance/index.js';
import {
  type OpswatStatusChange,
  type OpswatStatusChangePage,
  STATUS_CHANGE_MAX_AGE_SECONDS,
  type StatusChangedRequest,
} from '../opswat/index.js';
import type { FleetIndex } from './fleet-index.js';

/** What the feed needs of the compliance service: a budget slot per page, and a way to file what it learned. */
export interface FeedCompliance {
  spend<T extends { rateLimit: OpswatStatusChangePage['rateLimit'] }>(label: string, run: () => Promise<T>): Promise<T>;
  record(target: IdentifierKey, answer: CachedAnswer): Promise<ComplianceOutcome>;
}

/** The feed's state in the shared store, so a new leader or a restart asks exactly what it missed. */
export interface FeedState {
  /** When the last poll that read every page began (epoch ms). */
  lastSuccessAt: number;
  /** Since when the feed has covered every change without a gap (epoch ms). */
  coveredSince: number;
  /** Polls completed, and changes applied by them, since coverage began. */
  polls: number;
  applied: number;
}

/** What one poll did. */
export interface FeedPoll {
  pages: number;
  changes: number;
  /** Changes that updated a device of the index. */
  applied: number;
  /** Changes naming a device the index cannot tie to an inventory device (yet). */
  unknown: number;
}

/** Options of {@link ChangeFeed}. */
export interface ChangeFeedOptions {
  index: FleetIndex;
  compliance: FeedCompliance;
  /** The OPSWAT client's Status Change v3. */
  source: { statusChanged(request: StatusChangedRequest): Promise<OpswatStatusChangePage> };
  state: Keyv;
  clock: Clock;
  logger: Logger;
  /** FLEET_FEED_INTERVAL_SECONDS in ms. */
  intervalMs: number;
  /** Added to the time since the last poll, so a change made while a poll was paging is never missed (default 60 s). */
  marginMs?: number;
  /** Pages one poll reads at most (default 200: 10,000 changes); a longer feed is read on the next poll. */
  maxPages?: number;
  /** Told of every good poll's state at once (this replica's coverage need not wait for its next read). */
  onState?: (state: FeedState) => void;
}

/** Where the feed's state is kept. */
export const FEED_STATE_KEY = 'fleet:feed:state';

/**
 * OPSWAT's Status Change feed, the watch half of the fleet index: every `intervalMs` it asks for
 * the devices whose status changed since the last poll (plus a margin), every page, each through
 * the one scheduler and budget, and applies each entry at once: the device's report takes the
 * entry's verdict and issue counts (`updatedBy` says which fields, and when), and a device removed
 * from OPSWAT becomes NOT_FOUND. No Device Details call is spent on it.
 */
export class ChangeFeed {
  private readonly options: ChangeFeedOptions;
  private polling: Promise<FeedPoll | undefined> | undefined;
  private lastAttemptAt: number;

  constructor(options: ChangeFeedOptions) {
    this.options = options;
    // The first poll waits an interval: at start the index knows no device yet, and after a
    // restart the saved state makes that poll look back over the whole gap anyway.
    this.lastAttemptAt = options.clock.now();
  }

  /** Polls when one interval has passed since the last attempt; one poll at a time. Never rejects. */
  pollIfDue(): Promise<FeedPoll | undefined> {
    if (this.polling) return this.polling;
    if (this.options.clock.now() - this.lastAttemptAt < this.options.intervalMs) return Promise.resolve(undefined);
    return this.pollNow();
  }

  /** Polls now (unless a poll is under way: that one's result). Never rejects: a failure is logged and retried next interval. */
  pollNow(): Promise<FeedPoll | undefined> {
    this.polling ??= this.poll()
      .catch((error: unknown) => {
        this.options.logger.warn(
          { err: error },
          'fleet feed: Status Change poll failed; the next interval asks again from the last good poll',
        );
        return undefined;
      })
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  /** The feed's shared state: when it last read every page, and since when it has covered every change. */
  async state(): Promise<FeedState | undefined> {
    return (await this.options.state.get<FeedState>(FEED_STATE_KEY)) ?? undefined;
  }

  private async poll(): Promise<FeedPoll> {
    const { compliance, source, clock, logger } = this.options;
    const startedAt = clock.now();
    this.lastAttemptAt = startedAt;
    const saved = await this.state();
    const marginMs = this.options.marginMs ?? 60_000;
    const sinceMs = saved ? startedAt - saved.lastSuccessAt + marginMs : this.options.intervalMs + marginMs;
    // Status Change looks back at most a day: a longer gap loses changes, so coverage restarts.
    const gap = sinceMs > STATUS_CHANGE_MAX_AGE_SECONDS * 1000;
    const ageSeconds = Math.min(STATUS_CHANGE_MAX_AGE_SECONDS, Math.ceil(sinceMs / 1000));
    const result: FeedPoll = { pages: 0, changes: 0, applied: 0, unknown: 0 };
    for (let page = 1; page <= (this.options.maxPages ?? 200); page += 1) {
      const answer = await compliance.spend('status change', () => source.statusChanged({ ageSeconds, page, limit: 50 }));
      result.pages += 1;
      result.changes += answer.changes.length;
      for (const change of answer.changes) {
        if (await this.apply(change, startedAt)) result.applied += 1;
        else result.unknown += 1;
      }
      if (!answer.hasMore) break;
    }
    const coveredSince = saved && !gap ? saved.coveredSince : startedAt - ageSeconds * 1000;
    const state: FeedState = {
      lastSuccessAt: startedAt,
      coveredSince,
      polls: saved && !gap ? saved.polls + 1 : 1,
      applied: (saved && !gap ? saved.applied : 0) + result.applied,
    };
    await this.options.state.set(FEED_STATE_KEY, state);
    this.options.onState?.(state);
    logger.info({ ageSeconds, ...result, gap }, 'fleet feed: Status Change polled');
    return result;
  }

  /** Applies one entry to the device OPSWAT names; false when no inventory device is tied to that id. */
  private async apply(change: OpswatStatusChange, polledAt: number): Promise<boolean> {
    const { index, compliance, clock } = this.options;
    const entry = index.byOpswatDevice(change.deviceId);
    const outcome = entry?.outcome;
    if (!entry || (outcome?.state !== 'FRESH' && outcome?.state !== 'STALE')) return false;
    // A Device Details answer that arrived after the poll began is newer than the entry: keep it.
    if (outcome.answer.fetchedAt > polledAt && outcome.answer.update === undefined) return true;
    const now = clock.now();
    if (change.kind === 'deleted') {
      index.record(entry.device.id, await compliance.record(outcome.target, { kind: 'not_found', fetchedAt: now }));
      return true;
    }
    await compliance.record(outcome.target, updated(outcome.answer, change, now, 'STATUS_CHANGE'));
    return true;
  }
}

/** Options of {@link FeedCoverage}. */
export interface FeedCoverageOptions {
  state: Keyv;
  clock: Clock;
  /** FLEET_FEED_INTERVAL_SECONDS in ms: the feed counts as healthy until two intervals after its last good poll. */
  intervalMs: number;
  /** FLEET_FEED_TTL_SECONDS in ms: how long a covered report stays FRESH. */
  ttlMs: number;
  /** How often the shared state is read again (default 5 s). */
  refreshMs?: number;
}

/**
 * Every replica's view of the change feed's health, read from the shared store every few
 * seconds and answered synchronously: while the sweeping replica's feed polls on time, reports
 * fetched since its coverage began stay FRESH for FLEET_FEED_TTL_SECONDS, because their changes
 * arrive by the feed. Two intervals without a good poll and reports fall back to their own TTL.
 */
export class FeedCoverage {
  private readonly options: FeedCoverageOptions;
  private state: FeedState | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading = false;

  constructor(options: FeedCoverageOptions) {
    this.options = options;
  }

  /** The coverage now, or null while the feed is not known to be healthy. */
  current(): FreshnessCoverage | null {
    const now = this.options.clock.now();
    if (now - this.readAt >= (this.options.refreshMs ?? 5_000)) this.read(now);
    if (!this.state) return null;
    const through = this.state.lastSuccessAt + 2 * this.options.intervalMs;
    return now <= through ? { since: this.state.coveredSince, through, ttlMs: this.options.ttlMs } : null;
  }

  /** Takes a poll's state at once (the replica that polled). */
  update(state: FeedState): void {
    this.state = state;
    this.readAt = this.options.clock.now();
  }

  private read(now: number): void {
    if (this.reading) return;
    this.reading = true;
    this.readAt = now;
    this.options.state
      .get<FeedState>(FEED_STATE_KEY)
      .then((state) => {
        if (state && (!this.state || state.lastSuccessAt >= this.state.lastSuccessAt)) this.state = state;
      })
      .catch(() => undefined)
      .finally(() => {
        this.reading = false;
      });
  }
}

/** The report with what a feed entry carries (verdict, severity, counts it has), and which fields those were. */
export function updated(
  answer: FoundAnswer,
  change: { status: FoundAnswer['report']['status']; rawStatus: string } & Partial<Extract<OpswatStatusChange, { kind: 'status' }>>,
  now: number,
  source: ReportUpdate['source'],
): FoundAnswer {
  const fields = ['status'];
  const report = { ...answer.report, status: change.status, rawStatus: change.rawStatus };
  if (typeof change.totalIssues === 'number') {
    report.totalIssues = change.totalIssues;
    fields.push('totalIssues');
  }
  if (typeof change.totalCriticalIssues === 'number') {
    report.totalCriticalIssues = change.totalCriticalIssues;
    report.hasCriticalIssues = change.totalCriticalIssues > 0;
    fields.push('totalCriticalIssues', 'hasCriticalIssues');
  } else if (change.severity === 'critical' || change.severity === 'no_issues') {
    report.hasCriticalIssues = change.severity === 'critical';
    fields.push('hasCriticalIssues');
  }
  return {
    kind: 'found',
    report,
    fetchedAt: now,
    deviceId: answer.deviceId,
    update: { source, at: now, fields, detailsFetchedAt: answer.update?.detailsFetchedAt ?? answer.fetchedAt },
  };
}
