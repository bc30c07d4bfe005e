import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, print } from 'graphql';
import type { Caller } from '../auth/index.js';

/** What an event's result may be, as graphql-js' execute returns it. */
type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * graphql-js' `subscribe`, with each event executed ONCE per group of identical subscriptions
 * instead of once per subscriber. A fleet change reaches every `deviceChanged` subscriber with the
 * same payload object (one event, see src/live), and a thousand dashboards subscribe with the same
 * document: executing it a thousand times (field resolution, scalars, authorization) made one
 * change take seconds to reach the last of them. Two subscriptions share a result when they ran
 * the same document text, operation and variables for callers with the same kind and scopes: what
 * a subscription's fields resolve to depends on nothing else (the root value carries the event,
 * resolvers read shared services, and authorization reads the scopes). Each subscriber still gets
 * its own errors formatted and its own message; only the execution is shared. (Its serialization
 * is not: each message carries the subscription's id, and `JSON.rawJSON` embeds primitives only.)
 *
 * Results live as long as the event object (a WeakMap keyed by it), so nothing outlives delivery.
 */
export class SharedExecution {
  readonly #results = new WeakMap<object, Map<string, Result>>();
  readonly #keys = new WeakMap<object, string>();
  #executions = 0;

  /** Executions run so far (N identical subscribers: one per event). */
  get executions(): number {
    return this.#executions;
  }

  /** Remembers who a subscription's context is for, so that its events can be shared with identical ones. */
  register(args: Pick<ExecutionArgs, 'document' | 'operationName' | 'variableValues' | 'contextValue'>, caller: Caller): void {
    const context = args.contextValue;
    if (typeof context !== 'object' || context === null) return;
    const text = args.document.loc?.source.body ?? print(args.document);
    const scopes = [...caller.scopes].sort().join(' ');
    this.#keys.set(context, JSON.stringify([text, args.operationName ?? null, args.variableValues ?? null, caller.kind, scopes]));
  }

  /** `subscribe` for a transport: the source stream of the subscription, each event mapped to its (shared) result. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const key = typeof args.contextValue === 'object' && args.contextValue !== null ? this.#keys.get(args.contextValue) : undefined;
    return mapEvents(source[Symbol.asyncIterator](), (payload) => this.#resultOf(args, key, payload));
  };

  #resultOf(args: ExecutionArgs, key: string | undefined, payload: unknown): Result {
    if (key === undefined || typeof payload !== 'object' || payload === null) return this.#execute(args, payload);
    let byKey = this.#results.get(payload);
    if (!byKey) {
      byKey = new Map();
      this.#results.set(payload, byKey);
    }
    let result = byKey.get(key);
    if (!result) {
      result = this.#execute(args, payload);
      byKey.set(key, result);
    }
    return result;
  }

  #execute(args: ExecutionArgs, payload: unknown): Result {
    this.#executions += 1;
    return execute({ ...args, rootValue: payload }) as Result;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * An iterator of `map(event)` over `source`. Hand-written rather than an async generator: a
 * generator suspended on `source.next()` cannot be returned until the next event arrives, and an
 * unsubscribe must end the source (and free its slot) at once.
 */
function mapEvents<T, R>(source: AsyncIterator<T>, map: (value: T) => R | Promise<R>): AsyncIterableIterator<R> {
  const done = (): IteratorResult<R> => ({ value: undefined, done: true });
  return {
    async next() {
      const item = await source.next();
      return item.done ? done() : { value: await map(item.value), done: false };
    },
    async return() {
      await source.return?.();
      return done();
    },
    async throw(error?: unknown) {
      if (source.throw) await source.throw(error);
      else await source.return?.();
      return done();
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
