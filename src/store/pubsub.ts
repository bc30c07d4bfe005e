/** Called with each message of a channel; what it throws is logged, never passed to the publisher. */
export type MessageHandler = (message: string) => void;

/** Stops one {@link PubSub.subscribe}; safe to call twice. */
export type Unsubscribe = () => Promise<void>;

/**
 * Messages between the replicas that share a store, e.g. "this device changed". Delivery is at
 * most once, to whoever is subscribed when the message is published, never inside `publish`
 * itself; a subscriber that is disconnected meanwhile misses it, so a message is a hint to re-read
 * the store, never the only copy of a fact.
 */
export interface PubSub {
  /** Sends `message` on `channel` to every subscriber, this replica's included; resolves once the store took it. */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` with every message published on `channel` from when this resolves; resolves with its {@link Unsubscribe}. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  /** Drops every subscription and the connection it used. */
  close(): Promise<void>;
}

/** Where a handler's failure is reported. */
export interface PubSubLogger {
  warn(obj: object, msg?: string): void;
}

function guarded(channel: string, handler: MessageHandler, logger: PubSubLogger): MessageHandler {
  return (message) => {
    try {
      handler(message);
    } catch (error) {
      logger.warn({ err: error, channel }, 'a message handler failed');
    }
  };
}

/**
 * Pub/sub inside one process, for the embedded store: a SQLite file has no way to notify the other
 * processes on it, and the embedded store serves one replica. Messages are delivered on a
 * microtask, as they would arrive from Redis: after `publish`, never during it.
 */
export class LocalPubSub implements PubSub {
  readonly #handlers = new Map<string, Set<MessageHandler>>();
  readonly #logger: PubSubLogger;

  constructor(logger: PubSubLogger = console) {
    this.#logger = logger;
  }

  /** See {@link PubSub.publish}. */
  async publish(channel: string, message: string): Promise<void> {
    // A snapshot: a handler that subscribes while this message is delivered does not receive it.
    for (const handler of [...(this.#handlers.get(channel) ?? [])]) queueMicrotask(() => handler(message));
  }

  /** See {@link PubSub.subscribe}. */
  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const wrapped = guarded(channel, handler, this.#logger);
    const handlers = this.#handlers.get(channel) ?? new Set();
    handlers.add(wrapped);
    this.#handlers.set(channel, handlers);
    return async () => {
      handlers.delete(wrapped);
      if (handlers.size === 0 && this.#handlers.get(channel) === handlers) this.#handlers.delete(channel);
    };
  }

  /** See {@link PubSub.close}. */
  async close(): Promise<void> {
    this.#handlers.clear();
  }
}

/**
 * The three commands a Redis pub/sub needs, in node-redis' shapes: PUBLISH/SUBSCRIBE on one node
 * (subscribing on a connection of its own), SPUBLISH/SSUBSCRIBE on a cluster.
 */
export interface PubSubCommands {
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** Releases a connection opened only for subscriptions, if any. */
  close(): Promise<void>;
}

/** Pub/sub over Redis, one node or a cluster; every channel is prefixed (`${prefix}:${channel}`). */
export class RedisPubSub implements PubSub {
  readonly #commands: PubSubCommands;
  readonly #prefix: string;
  readonly #logger: PubSubLogger;

  constructor(commands: PubSubCommands, options: { prefix: string; logger?: PubSubLogger }) {
    this.#commands = commands;
    this.#prefix = options.prefix;
    this.#logger = options.logger ?? console;
  }

  /** See {@link PubSub.publish}. */
  async publish(channel: string, message: string): Promise<void> {
    await this.#commands.publish(`${this.#prefix}:${channel}`, message);
  }

  /** See {@link PubSub.subscribe}. */
  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const name = `${this.#prefix}:${channel}`;
    // One listener per subscription, so unsubscribing one leaves the others on the channel.
    const listener = guarded(channel, handler, this.#logger);
    await this.#commands.subscribe(name, listener);
    let subscribed = true;
    return async () => {
      if (!subscribed) return;
      subscribed = false;
      await this.#commands.unsubscribe(name, listener);
    };
  }

  /** See {@link PubSub.close}. */
  close(): Promise<void> {
    return this.#commands.close();
  }
}
