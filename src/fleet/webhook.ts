import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../common/index.js';
import type { CachedAnswer, Clock, ComplianceOutcome, DeviceRef, IdentifierKey } from '../compliance/index.js';
import { type OpswatWebhookEvent, parseWebhookPush } from '../opswat/index.js';
import { updated } from './feed.js';
import type { FleetIndex } from './fleet-index.js';

/** What a push may do through the compliance service: file what it says, and ask Device Details to verify. */
export interface WebhookCompliance {
  record(target: IdentifierKey, answer: CachedAnswer): Promise<ComplianceOutcome>;
  refreshDevice(device: DeviceRef): Promise<ComplianceOutcome>;
}

/** Options of {@link OpswatWebhook}. */
export interface OpswatWebhookOptions {
  /** OPSWAT_WEBHOOK_SECRET: the key OPSWAT sends, as-is, in `Authorization`. */
  secret: string;
  index: FleetIndex;
  compliance: WebhookCompliance;
  clock: Clock;
  logger: Logger;
  /**
   * A device's report is verified by Device Details at most once per this long, however many
   * pushes name it (FLEET_FEED_INTERVAL_SECONDS): a flood of valid-looking pushes cannot spend
   * the budget beyond one packed verification per device per interval.
   */
  verifyEveryMs: number;
  /** After this long without a push, the webhook is reported silent (default: two verification intervals). */
  silentAfterMs?: number;
}

/** What the receiver answers a request, before any work on its events. */
export type WebhookAdmission = { kind: 'accepted'; events: number } | { kind: 'refused'; status: 400 | 401; message: string };

/** What applying one push did, for tests and logs. */
export interface WebhookResult {
  applied: number;
  /** Events older than what the index holds (replays, out-of-order retries), or repeats. */
  ignored: number;
  /** Events naming a device the index cannot tie to an inventory device. */
  unknown: number;
  /** Verifications asked of Device Details (at the sweep's rank, packed with other work). */
  verifying: number;
  rejected: number;
}

/** Most devices whose last push time is remembered (to drop replays): beyond it, the oldest are forgotten. */
const REMEMBERED_DEVICES = 100_000;

/**
 * OPSWAT's webhook, the push half of the fleet index's watch. `admit` checks the key in constant
 * time and reads the body's shape, so the HTTP answer (2xx fast, 401 for a wrong key) never waits
 * on the work; `apply` then lands each `compliant` / `non_compliant` / `deleted` event in the index
 * at once. A push carries no issue counts, so the device's report is also verified by Device
 * Details, at the sweep's rank (it rides in calls with room) and at most once per interval.
 * Replays and duplicates change nothing: an event no newer than what the index holds is ignored.
 */
export class OpswatWebhook {
  private readonly options: OpswatWebhookOptions;
  private readonly secretDigest: Buffer;
  /** OPSWAT device id → newest event time applied (epoch ms). */
  private readonly lastEventAt = new Map<string, number>();
  /** OPSWAT device id → when its last verification was asked. */
  private readonly verifiedAt = new Map<string, number>();
  private lastPushAt: number;
  private reportedSilent = false;

  constructor(options: OpswatWebhookOptions) {
    this.options = options;
    this.secretDigest = digest(options.secret);
    this.lastPushAt = options.clock.now();
  }

  /** Whether `authorization` is the configured key: compared as digests in constant time, whatever its length. */
  authorized(authorization: string | undefined): boolean {
    return authorization !== undefined && timingSafeEqual(digest(authorization), this.secretDigest);
  }

  /**
   * Reads a pushed body (the key was checked before it was read): how to answer the push, and the
   * work its events need, to run once it is answered.
   */
  admit(body: unknown): { admission: WebhookAdmission; work: () => Promise<WebhookResult | undefined> } {
    let push: ReturnType<typeof parseWebhookPush>;
    try {
      push = parseWebhookPush(body);
    } catch {
      const message = 'The body must be a JSON array of {device_id, status, timestamp}';
      return { admission: { kind: 'refused', status: 400, message }, work: async () => undefined };
    }
    this.lastPushAt = this.options.clock.now();
    this.reportedSilent = false;
    return {
      admission: { kind: 'accepted', events: push.events.length },
      work: () => this.apply(push.events, push.rejected.length + push.ignored),
    };
  }

  /** Lands a push's events in the index. Never rejects. */
  async apply(events: readonly OpswatWebhookEvent[], rejected = 0): Promise<WebhookResult> {
    const result: WebhookResult = { applied: 0, ignored: 0, unknown: 0, verifying: 0, rejected };
    for (const event of events) {
      try {
        await this.applyOne(event, result);
      } catch (error) {
        this.options.logger.warn({ err: error, deviceId: event.deviceId }, 'opswat webhook: an event could not be applied');
      }
    }
    this.options.logger.info({ ...result }, 'opswat webhook: push applied');
    return result;
  }

  /** Ms since the last push; logs once when it passes `silentAfterMs` (the console may have disabled the webhook). */
  silentForMs(): number {
    const silentMs = this.options.clock.now() - this.lastPushAt;
    const limit = this.options.silentAfterMs ?? 2 * this.options.verifyEveryMs;
    if (silentMs > limit && !this.reportedSilent) {
      this.reportedSilent = true;
      this.options.logger.warn(
        { silentMs },
        'opswat webhook: no push for a while; OPSWAT disables a webhook after 100 failed pushes: check it in the console (the change feed keeps the index right meanwhile)',
      );
    }
    return silentMs;
  }

  private async applyOne(event: OpswatWebhookEvent, result: WebhookResult): Promise<void> {
    const { index, compliance, clock } = this.options;
    const deviceId = event.deviceId.toLowerCase();
    const entry = index.byOpswatDevice(deviceId);
    const outcome = entry?.outcome;
    if (!entry || (outcome?.state !== 'FRESH' && outcome?.state !== 'STALE' && outcome?.state !== 'NOT_FOUND')) {
      result.unknown += 1;
      return;
    }
    const at = event.timestamp.getTime();
    const last = this.lastEventAt.get(deviceId);
    const reportAt = outcome.state === 'NOT_FOUND' ? undefined : outcome.answer.fetchedAt;
    if (
      (last !== undefined && at <= last) ||
      (reportAt !== undefined && at <= reportAt) ||
      event.status === 'installed' ||
      event.status === 'unknown'
    ) {
      result.ignored += 1;
      return;
    }
    this.remember(deviceId, at);
    const now = clock.now();
    if (event.status === 'deleted') {
      if (outcome.state === 'NOT_FOUND') {
        result.ignored += 1;
        return;
      }
      index.record(entry.device.id, await compliance.record(outcome.target, { kind: 'not_found', fetchedAt: now }));
      result.applied += 1;
      return;
    }
    if (outcome.state === 'NOT_FOUND') {
      // Back in OPSWAT (reinstalled): nothing to update; Device Details tells the rest.
      this.verify(deviceId, entry.device, result);
      return;
    }
    const status = event.status === 'compliant' ? 'COMPLIANT' : 'NON_COMPLIANT';
    await compliance.record(outcome.target, updated(outcome.answer, { status, rawStatus: event.rawStatus }, now, 'WEBHOOK'));
    result.applied += 1;
    if (outcome.answer.report.status !== status) this.verify(deviceId, entry.device, result);
  }

  /** Asks Device Details for the rest of the report (issue counts, issues), once per interval per device. */
  private verify(deviceId: string, device: DeviceRef, result: WebhookResult): void {
    const now = this.options.clock.now();
    const last = this.verifiedAt.get(deviceId);
    if (last !== undefined && now - last < this.options.verifyEveryMs) return;
    this.verifiedAt.set(deviceId, now);
    if (this.verifiedAt.size > REMEMBERED_DEVICES) this.verifiedAt.delete(this.verifiedAt.keys().next().value as string);
    result.verifying += 1;
    void this.options.compliance.refreshDevice(device).catch(() => undefined);
  }

  private remember(deviceId: string, at: number): void {
    this.lastEventAt.delete(deviceId);
    this.lastEventAt.set(deviceId, at);
    if (this.lastEventAt.size > REMEMBERED_DEVICES) this.lastEventAt.delete(this.lastEventAt.keys().next().value as string);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
