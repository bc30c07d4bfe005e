import { ApolloLink } from '@apollo/client';
import { tap } from 'rxjs';

/** Whether the graph answered the last request at all (a GraphQL error is an answer; a refused connection is not). */
export type ConnectionState = { kind: 'connected' } | { kind: 'lost'; since: Date; message: string };

/**
 * Watches every operation on its way to the graph and back, for the "connection lost" banner. Only
 * transport failures count as lost: an answer carrying GraphQL errors travels as a result through
 * the link chain, never as an error.
 */
export class ConnectionMonitor {
  #state: ConnectionState = { kind: 'connected' };
  readonly #listeners = new Set<() => void>();

  /** The current state (stable between changes, as useSyncExternalStore needs). */
  readonly getSnapshot = (): ConnectionState => this.#state;

  /** Calls `listener` on every change; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The link to put in front of the client's transport. */
  link(): ApolloLink {
    return new ApolloLink((operation, forward) =>
      forward(operation).pipe(
        tap({
          next: () => this.#set({ kind: 'connected' }),
          error: (error: unknown) =>
            this.#set({ kind: 'lost', since: new Date(), message: error instanceof Error ? error.message : String(error) }),
        }),
      ),
    );
  }

  #set(next: ConnectionState): void {
    if (next.kind === this.#state.kind && next.kind === 'connected') return;
    if (next.kind === 'lost' && this.#state.kind === 'lost') next = { ...next, since: this.#state.since };
    this.#state = next;
    for (const listener of this.#listeners) listener();
  }
}
