import type { Clock, ComplianceOutcome, ComplianceService } from '../compliance/index.js';
import type { FleetIndex } from './fleet-index.js';

/** What {@link learnFromLookups} needs of the compliance service. */
export type LookupSource = Pick<ComplianceService, 'onOutcome' | 'knownOutcome'>;

/** Options of {@link learnFromLookups}. */
export interface LookupLearningOptions {
  clock: Clock;
  /** How long OPSWAT's "not found" is believed: the sweep (when on) leaves such a device alone that long. */
  notFoundRetryMs: number;
}

/**
 * Files every answer OPSWAT gives this replica into the index, whoever asked (a client's page, the
 * sweep): a report at once (FleetIndex.learn). A miss too, so that a device a client saw QUEUED
 * reaches `deviceChanged` subscribers when its lookup ends NOT_FOUND or FAILED, with no sweep to
 * record it: a "not found" for one MAC says nothing of the device until every one of its MACs is
 * known to be unknown (the store says so, as after a start); a failure is the device's, as a
 * client's lookup would answer it. Neither overwrites a report the index holds, nor a device the
 * sweep is asking about (the sweep records its own outcome, with its own backoff).
 * Returns the unsubscribe.
 */
export function learnFromLookups(index: FleetIndex, compliance: LookupSource, options: LookupLearningOptions): () => void {
  return compliance.onOutcome((target, outcome) => {
    if (outcome.state === 'FRESH' || outcome.state === 'STALE') return index.learn(target, outcome);
    if (outcome.state !== 'NOT_FOUND' && outcome.state !== 'FAILED') return;
    const entry = index.deviceOf(target);
    if (!entry || entry.sweeping || hasReport(entry.outcome)) return;
    const now = options.clock.now();
    if (outcome.state === 'FAILED') return index.record(entry.device.id, outcome, now + Math.max(outcome.retryAfterMs, 1_000));
    void compliance
      .knownOutcome(entry.device)
      .then((known) => {
        const current = index.get(entry.device.id);
        if (known?.state !== 'NOT_FOUND' || !current || current.sweeping || hasReport(current.outcome)) return;
        index.record(entry.device.id, known, options.clock.now() + options.notFoundRetryMs);
      })
      // The store could not be read: the next answer, or the sweep, settles the device.
      .catch(() => undefined);
  });
}

function hasReport(outcome: ComplianceOutcome | undefined): boolean {
  return outcome?.state === 'FRESH' || outcome?.state === 'STALE';
}
