import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../common/index.js';
import type { DeviceWithCompliance } from '../device/index.js';
import type { DeviceFilter, FleetChange, FleetIndex, FleetRow, FleetSummaryData, FleetViews } from '../fleet/index.js';
import type { MessageHandler, Unsubscribe } from '../store/index.js';
import { EventQueue, type LiveEvent } from './event-queue.js';
import { changesOf, complianceKey, LIVE_CHANNEL, type LiveMessage, parseMessage } from './live-message.js';

/** The shared store's pub/sub, as the live updates use it (Stores.publish / Stores.subscribe). */
export interface LivePubSub {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
}

/** Options of {@link LiveUpdates}. */
export interface LiveUpdatesOptions {
  index: FleetIndex;
  views: Pick<FleetViews, 'sync' | 'eventOf' | 'filterOf' | 'summary'>;
  pubsub: LivePubSub;
  logger: Pick<Logger, 'warn' | 'debug'>;
  /** The clock (epoch ms); timers are the global ones, so tests drive both with fake timers. */
  now?: () => number;
  /** The least time between two `fleetSummaryChanged` events of one subscription (default 1 s). */
  summaryIntervalMs?: number;
  /** Events held for a subscription whose transport does not pull, before it is dropped (default 1,000). */
  maxQueuedEvents?: number;
  /** This replica's id in messages (default: a random UUID). */
  replicaId?: string;
}

/** A `deviceChanged` subscription. */
interface DeviceWatch {
  matches: (row: FleetRow) => boolean;
  queue: EventQueue<DeviceWithCompliance>;
}

/** A `fleetSummaryChanged` subscription: throttled, and silent while its summary stays the same. */
interface SummaryWatch {
  key: string;
  filter: DeviceFilter | null;
  queue: EventQueue<FleetSummaryData>;
  lastAt: number;
  lastSignature: string;
  timer: NodeJS.Timeout | undefined;
  /** A change arrived since the summary being computed was read. */
  dirty: boolean;
}

/**
 * Live updates of the fleet: the handlers of the fleet index's watch (STYLE 14). Every change of
 * this replica's index that subscribers can see (a verdict, a state, issue counts, inventory
 * facts, a device added or removed) is delivered to this replica's subscriptions at once and
 * published on the shared store's channel; every other replica mirrors it into its own index and
 * delivers it to its subscriptions (see live-message.ts for why a message carries the facts).
 * Nothing here ever asks OPSWAT or Automox for an event: payloads come from the message and the
 * views (a summary reads the index and the cached inventory).
 */
export class LiveUpdates {
  readonly #options: LiveUpdatesOptions;
  readonly #replicaId: string;
  readonly #now: () => number;
  readonly #devices = new Set<DeviceWatch>();
  readonly #summaries = new Set<SummaryWatch>();
  /**
   * A digest of the last event delivered per device: the same change heard twice (two replicas saw
   * one inventory reload) is delivered once. 48 bits of SHA-1 rather than the event itself, which
   * held every device's JSON: about 150 MB for a 100,000-device fleet.
   */
  readonly #delivered = new Map<number, number>();
  /** Summaries computed since the last change, per filter: subscriptions with one filter share one computation. */
  #computed = new Map<string, Promise<FleetSummaryData>>();
  #mirroring = false;
  #stopIndex: (() => void) | undefined;
  #unsubscribe: Unsubscribe | undefined;
  #closed = false;

  constructor(options: LiveUpdatesOptions) {
    this.#options = options;
    this.#replicaId = options.replicaId ?? randomUUID();
    this.#now = options.now ?? Date.now;
  }

  /** Subscriptions open on this replica. */
  get size(): number {
    return this.#devices.size + this.#summaries.size;
  }

  /** Starts listening to the index and to the other replicas. */
  async start(): Promise<void> {
    this.#stopIndex = this.#options.index.subscribe((change) => this.#onIndexChange(change));
    this.#unsubscribe = await this.#options.pubsub.subscribe(LIVE_CHANNEL, (text) => this.#onMessage(text));
  }

  /** Ends every subscription and stops listening. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopIndex?.();
    await this.#unsubscribe?.().catch(() => undefined);
    for (const watch of [...this.#devices]) void watch.queue.return();
    for (const watch of [...this.#summaries]) void watch.queue.return();
  }

  /**
   * `deviceChanged(filter)`: every later change of a device that matches `filter` as it is after the
   * change. A bad filter is refused at once (BAD_USER_INPUT), before anything is registered.
   */
  async deviceChanged(filter: DeviceFilter | null | undefined): Promise<AsyncIterableIterator<LiveEvent<DeviceWithCompliance>>> {
    const matches = this.#options.views.filterOf(filter);
    // Best effort: with the index in step with the inventory, other replicas' news is mirrored into it.
    await this.#options.views
      .sync()
      .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'live updates: index sync failed'));
    const watch: DeviceWatch = {
      matches,
      queue: new EventQueue(this.#maxQueued, () => this.#devices.delete(watch)),
    };
    if (!this.#closed) this.#devices.add(watch);
    else void watch.queue.return();
    return watch.queue;
  }

  /**
   * `fleetSummaryChanged(filter)`: the current summary at once, then again whenever a change makes
   * it differ, at most once per `summaryIntervalMs`, always the summary as it is when sent.
   */
  async fleetSummaryChanged(filter: DeviceFilter | null | undefined): Promise<AsyncIterableIterator<LiveEvent<FleetSummaryData>>> {
    this.#options.views.filterOf(filter);
    const key = filterKey(filter);
    const first = await this.#summaryOf(key, filter ?? null);
    const watch: SummaryWatch = {
      key,
      filter: filter ?? null,
      queue: new EventQueue(this.#maxQueued, () => {
        clearTimeout(watch.timer);
        this.#summaries.delete(watch);
      }),
      lastAt: this.#now(),
      lastSignature: signatureOf(first),
      timer: undefined,
      dirty: false,
    };
    watch.queue.push(first);
    if (!this.#closed) this.#summaries.add(watch);
    else void watch.queue.return();
    return watch.queue;
  }

  get #maxQueued(): number {
    return this.#options.maxQueuedEvents ?? 1000;
  }

  /** A change of this replica's index: delivered here now, published for the others. */
  #onIndexChange(change: FleetChange): void {
    // A change this replica mirrors from another one was published by its origin already.
    if (this.#mirroring || this.#closed) return;
    const changes = changesOf(change);
    if (changes.length === 0) return;
    const message: LiveMessage = {
      v: 1,
      origin: this.#replicaId,
      id: change.entry.device.id,
      changes,
      device: change.entry.device,
      outcome: change.entry.outcome ?? null,
    };
    // Delivered after the index's write returns: the sweep's loop is not the place for fan-out.
    queueMicrotask(() => this.#deliver(message));
    // Read back from the shared store (this replica catching up): every replica can read it there,
    // and would have heard it when it was learned; only this replica's subscribers hear it now.
    if (change.kind === 'updated' && change.fromStore) return;
    this.#options.pubsub
      .publish(LIVE_CHANNEL, JSON.stringify(message))
      .catch((error: unknown) => this.#options.logger.warn({ err: error, device: message.id }, 'live updates: could not publish a change'));
  }

  /** A message on the channel: another replica's change is mirrored, then delivered; our own was delivered already. */
  #onMessage(text: string): void {
    const message = parseMessage(text);
    if (!message) {
      this.#options.logger.warn({ channel: LIVE_CHANNEL }, 'live updates: ignored a message that is not a device change');
      return;
    }
    if (message.origin === this.#replicaId || this.#closed) return;
    if (message.outcome) {
      this.#mirroring = true;
      try {
        this.#options.index.mirror(message.device, message.outcome);
      } finally {
        this.#mirroring = false;
      }
    }
    this.#deliver(message);
  }

  #deliver(message: LiveMessage): void {
    const signature = digestOf(`${complianceKey(message.outcome)}\u0000${JSON.stringify(message.device)}\u0000${message.changes.join()}`);
    if (this.#delivered.get(message.id) === signature) return;
    if (message.changes.includes('removed')) this.#delivered.delete(message.id);
    else this.#delivered.set(message.id, signature);
    this.#computed = new Map();
    if (this.#devices.size > 0) {
      const { row, node } = this.#options.views.eventOf(message.device, message.outcome ?? undefined);
      for (const watch of this.#devices) if (watch.matches(row)) watch.queue.push(node);
    }
    for (const watch of this.#summaries) this.#schedule(watch);
  }

  /** Sends the watch's summary once its interval since the last one has passed (if it changed by then). */
  #schedule(watch: SummaryWatch): void {
    watch.dirty = true;
    if (watch.timer !== undefined || !watch.queue.open) return;
    const interval = this.#options.summaryIntervalMs ?? 1000;
    const wait = Math.max(0, watch.lastAt + interval - this.#now());
    watch.timer = setTimeout(() => {
      watch.dirty = false;
      void this.#summaryOf(watch.key, watch.filter)
        .then((summary) => {
          const signature = signatureOf(summary);
          if (signature === watch.lastSignature || !watch.queue.open) return;
          watch.lastSignature = signature;
          watch.lastAt = this.#now();
          watch.queue.push(summary);
        })
        .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'live updates: could not compute a fleet summary'))
        .finally(() => {
          watch.timer = undefined;
          // A change that arrived while this summary was computed gets its own turn.
          if (watch.dirty) this.#schedule(watch);
        });
    }, wait);
    watch.timer.unref();
  }

  #summaryOf(key: string, filter: DeviceFilter | null): Promise<FleetSummaryData> {
    let summary = this.#computed.get(key);
    if (!summary) {
      summary = this.#options.views.summary(filter);
      this.#computed.set(key, summary);
      // A failure is not remembered: the next change tries again.
      summary.catch(() => this.#computed.delete(key));
    }
    return summary;
  }
}

/** A filter as a key: its fields in order, unset ones dropped, so equal filters share a summary. */
export function filterKey(filter: DeviceFilter | null | undefined): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== null && inner !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, inner]) => [name, canonical(inner)]),
    );
  };
  return JSON.stringify(canonical(filter ?? {}));
}

/**
 * What a summary subscriber would notice: the counts. Not the budget (read when selected, moving
 * with every call) nor the oldest report's age (moving with the clock): they ride along when sent.
 */
function signatureOf(summary: FleetSummaryData): string {
  const { budget: _budget, oldestReportAgeSeconds: _age, ...counts } = summary;
  return JSON.stringify(counts);
}

/** 48 bits of the SHA-1 of `text`, as a number: a collision (one in 2^48 per pair) would drop one repeated-looking event. */
function digestOf(text: string): number {
  return createHash('sha1').update(text).digest().readUIntBE(0, 6);
}
