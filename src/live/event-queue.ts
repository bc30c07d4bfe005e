/** One item of a subscription's stream: an event, or the notice that the subscriber was dropped. */
export type LiveEvent<T> = { kind: 'event'; value: T } | { kind: 'dropped'; reason: string };

/** One event object per payload: see {@link eventOf}. */
const events = new WeakMap<object, LiveEvent<unknown>>();

/**
 * The event carrying `value`, the same object for every subscriber it is pushed to: the
 * transport executes an event once per group of identical subscriptions, and recognizes the
 * event by this object (src/server/shared-execution.ts).
 */
function eventOf<T>(value: T): LiveEvent<T> {
  if (typeof value !== 'object' || value === null) return { kind: 'event', value };
  let event = events.get(value) as LiveEvent<T> | undefined;
  if (!event) {
    event = { kind: 'event', value };
    events.set(value, event);
  }
  return event;
}

/**
 * A subscription's events, as the async iterator graphql-js reads them from. Bounded: a
 * subscriber whose transport stops pulling (a client that stops reading, while the transport
 * waits for its socket) gets at most `max` events queued, then one `dropped` item and the end of
 * the stream, instead of a queue that grows with every event of the fleet.
 */
export class EventQueue<T> implements AsyncIterableIterator<LiveEvent<T>> {
  readonly #max: number;
  readonly #onClose: () => void;
  #buffer: LiveEvent<T>[] = [];
  #waiting: ((result: IteratorResult<LiveEvent<T>>) => void) | undefined;
  /** No event is accepted any more; what is buffered is still read. */
  #ended = false;
  #closed = false;

  /** `max`: events held for a subscriber that does not pull; `onClose`: called once, when the stream ends for any reason. */
  constructor(max: number, onClose: () => void) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`EventQueue: max must be a positive integer, received ${String(max)}`);
    this.#max = max;
    this.#onClose = onClose;
  }

  /** Whether the stream still takes events. */
  get open(): boolean {
    return !this.#ended;
  }

  /** Queues an event (or hands it to a waiting reader); past the bound, drops the subscriber. */
  push(value: T): void {
    if (this.#ended) return;
    if (this.#waiting) {
      const wake = this.#waiting;
      this.#waiting = undefined;
      wake({ value: eventOf(value), done: false });
      return;
    }
    if (this.#buffer.length >= this.#max) {
      this.drop(`more than ${this.#max} events were waiting to be read`);
      return;
    }
    this.#buffer.push(eventOf(value));
  }

  /** Ends the stream with a `dropped` item: what was queued is discarded (the subscriber is behind anyway). */
  drop(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#buffer = [{ kind: 'dropped', reason }];
    this.#release();
    if (this.#waiting) {
      const wake = this.#waiting;
      this.#waiting = undefined;
      wake({ value: this.#buffer.shift()!, done: false });
    }
  }

  /** See AsyncIterator.next. */
  next(): Promise<IteratorResult<LiveEvent<T>>> {
    const item = this.#buffer.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** Ends the stream (the client unsubscribed, or its connection closed). */
  return(): Promise<IteratorResult<LiveEvent<T>>> {
    this.#ended = true;
    this.#buffer = [];
    this.#release();
    if (this.#waiting) {
      const wake = this.#waiting;
      this.#waiting = undefined;
      wake({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  /** See AsyncIterator.throw: ends the stream. */
  throw(): Promise<IteratorResult<LiveEvent<T>>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #release(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
  }
}
