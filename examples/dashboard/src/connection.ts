import { ApolloLink } from '@apollo/client';
import { OperationTypeNode } from 'graphql';
import type { ClientOptions } from 'graphql-ws';
import { tap } from 'rxjs';

/** Whether the graph can be reached: its answers over HTTP (a GraphQL error is an answer; a refused connection is not) and the live-updates socket. */
export type ConnectionState =
  | { kind: 'connected' }
  | {
      kind: 'lost';
      since: Date;
      message: string;
      /** Requests fail (the banner retries them); false while only the live-updates socket is down (it reconnects by itself). */
      requests: boolean;
    };

/** One channel's loss. */
interface Loss {
  since: Date;
  message: string;
}

/** graphql-ws closes the socket with 1000 itself when nothing is subscribed any more: not a loss. */
const NORMAL_CLOSURE = 1000;

/**
 * Watches both ways the dashboard reaches the graph, for the "connection lost" banner: every
 * operation over HTTP (only transport failures count: an answer carrying GraphQL errors travels as
 * a result through the link chain, never as an error), and the graphql-ws socket that carries the
 * live updates. When the socket connects again after a loss (graphql-ws reconnects with backoff and
 * resubscribes), what the views show is asked for again (`refresh`): events sent while it was down
 * are not replayed, so without that a row could stay as it was.
 */
export class ConnectionMonitor {
  #http: Loss | null = null;
  #socket: Loss | null = null;
  #socketWasLost = false;
  #state: ConnectionState = { kind: 'connected' };
  readonly #listeners = new Set<() => void>();
  readonly #refreshers = new Set<() => Promise<unknown>>();

  /** The current state (stable between changes, as useSyncExternalStore needs). */
  readonly getSnapshot = (): ConnectionState => this.#state;

  /** Calls `listener` on every change; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Registers how a view asks the graph again (after a reconnect, or a retry); returns the unregister. */
  readonly onRefresh = (refresher: () => Promise<unknown>): (() => void) => {
    this.#refreshers.add(refresher);
    return () => this.#refreshers.delete(refresher);
  };

  /** Asks every registered view to ask the graph again; failures are the banner's to show. */
  readonly refresh = (): Promise<void> =>
    Promise.all([...this.#refreshers].map((refresher) => refresher().catch(() => undefined))).then(() => undefined);

  /**
   * The link to put in front of the client's transport. It watches HTTP only: a subscription's
   * events come over the socket (watched by {@link socketListeners}) and say nothing of whether
   * requests get through; counted here, each event would clear a loss that requests still suffer.
   */
  link(): ApolloLink {
    return new ApolloLink((operation, forward) =>
      operation.operationType === OperationTypeNode.SUBSCRIPTION
        ? forward(operation)
        : forward(operation).pipe(
            tap({
              next: () => this.#update({ http: null }),
              error: (error: unknown) =>
                this.#update({
                  http: { since: this.#http?.since ?? new Date(), message: error instanceof Error ? error.message : String(error) },
                }),
            }),
          ),
    );
  }

  /** The graphql-ws client's listeners (`createPostureClient`'s `socket` option). */
  socketListeners(): NonNullable<ClientOptions['on']> {
    return {
      connected: () => {
        const reconnected = this.#socketWasLost;
        this.#socketWasLost = false;
        this.#update({ socket: null });
        if (reconnected) void this.refresh();
      },
      closed: (event) => {
        const { code, reason } = (event ?? {}) as { code?: number; reason?: string };
        if (code === NORMAL_CLOSURE) return;
        this.#socketWasLost = true;
        const message = `live updates: socket closed${code ? ` (${code}${reason ? ` ${reason}` : ''})` : ''}`;
        this.#update({ socket: { since: this.#socket?.since ?? new Date(), message } });
      },
    };
  }

  #update(change: { http?: Loss | null; socket?: Loss | null }): void {
    if ('http' in change) this.#http = change.http ?? null;
    if ('socket' in change) this.#socket = change.socket ?? null;
    const lost = this.#http ?? this.#socket;
    const next: ConnectionState = lost
      ? {
          kind: 'lost',
          since: [this.#http?.since, this.#socket?.since].filter((since): since is Date => since !== undefined).sort((a, b) => +a - +b)[0]!,
          message: lost.message,
          requests: this.#http !== null,
        }
      : { kind: 'connected' };
    const same =
      next.kind === this.#state.kind &&
      (next.kind === 'connected' ||
        (this.#state.kind === 'lost' &&
          +next.since === +this.#state.since &&
          next.message === this.#state.message &&
          next.requests === this.#state.requests));
    if (same) return;
    this.#state = next;
    for (const listener of this.#listeners) listener();
  }
}
