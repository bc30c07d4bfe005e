/**
 * The account's webhook, as OPSWAT documents it: a JSON array of `{device_id, status, timestamp}`
 * POSTed to the configured URL with the configured key as-is in `Authorization`; any 2xx is a
 * success; a failure is retried twice, after 4 s and after 1 min; 100 consecutive failed pushes
 * turn the webhook off until an admin turns it on again. A push counts as failed once its two
 * retries failed too (the doc does not say whether a retry is a push of its own).
 */
import type { SimChangeEvent, SimWebhookState } from './types.js';

/** What the pusher needs from outside: a clock-free wait, so tests decide when a retry happens. */
export interface WebhookOptions {
  sleep: (ms: number) => Promise<void>;
  /** How long one POST may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
}

/** The documented retry delays. */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [4_000, 60_000];
/** Consecutive failed pushes after which the webhook turns itself off. */
export const WEBHOOK_DISABLE_AFTER = 100;

/** Sends the account's change events to the configured URL. */
export class WebhookPusher {
  private target: { url: string; key: string } | null = null;
  private enabled = false;
  private disabledBy: SimWebhookState['disabledBy'] = 'unconfigured';
  private consecutiveFailures = 0;
  private delivered = 0;
  private failed = 0;
  private attempts = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: WebhookOptions) {}

  /** Points the webhook at a URL with a key, and turns it on. */
  configure(url: string, key: string): void {
    if (!/^https?:\/\//.test(url)) throw new RangeError(`webhook url must be an http(s) URL, got ${JSON.stringify(url)}`);
    if (typeof key !== 'string') throw new RangeError('webhook key must be a string');
    this.target = { url, key };
    this.setEnabled(true);
  }

  /** An admin turning it off, or on again (which forgets the failures that turned it off). */
  setEnabled(enabled: boolean): void {
    if (enabled && !this.target) throw new RangeError('configure the webhook url and key before enabling it');
    this.enabled = enabled;
    this.disabledBy = enabled ? null : 'admin';
    if (enabled) this.consecutiveFailures = 0;
  }

  /** The state an admin would see; never the key. */
  state(): SimWebhookState {
    return {
      url: this.target?.url ?? null,
      enabled: this.enabled,
      disabledBy: this.disabledBy,
      consecutiveFailures: this.consecutiveFailures,
      delivered: this.delivered,
      failed: this.failed,
      attempts: this.attempts,
    };
  }

  /** Pushes one batch of events, in the background; does nothing while the webhook is off. */
  push(events: readonly SimChangeEvent[]): void {
    if (!this.enabled || !this.target || events.length === 0) return;
    const delivery = this.deliver(this.target, JSON.stringify(events)).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves once every push under way, retries included, has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(target: { url: string; key: string }, body: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      if (await this.send(target, body)) {
        this.delivered += 1;
        this.consecutiveFailures = 0;
        return;
      }
      const delay = WEBHOOK_RETRY_DELAYS_MS[attempt];
      // An admin (or the failure count) may have turned it off while this push waited.
      if (delay === undefined || !this.enabled) break;
      await this.options.sleep(delay);
      if (!this.enabled) break;
    }
    this.failed += 1;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= WEBHOOK_DISABLE_AFTER && this.enabled) {
      this.enabled = false;
      this.disabledBy = 'failures';
    }
  }

  /** One POST; true for any 2xx, false for anything else, a network error or a timeout. */
  private async send(target: { url: string; key: string }, body: string): Promise<boolean> {
    this.attempts += 1;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: target.key },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }
}
