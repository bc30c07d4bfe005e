import { SubscriptionLimitError } from '../common/index.js';

/** The caps on open subscriptions (SUBSCRIPTIONS_MAX_PER_CLIENT, SUBSCRIPTIONS_MAX). */
export interface SubscriptionCaps {
  /** Subscriptions (and WebSocket connections) one client may hold open on this replica. */
  maxPerClient: number;
  /** Subscriptions (and WebSocket connections) this replica holds open, every client together. */
  maxPerReplica: number;
}

/** A slot taken: give it back once (later calls do nothing). */
export type Release = () => void;

/**
 * Counts what each client holds open against its cap and the replica's. Taking a slot is a
 * counter increment and refusing one allocates nothing but the error, so a client hammering the
 * cap (10,000 attempts) costs the replica next to nothing, and no client can take another's room
 * beyond the replica's cap.
 */
export class SubscriptionSlots {
  readonly #caps: SubscriptionCaps;
  readonly #what: string;
  readonly #byClient = new Map<string, number>();
  #total = 0;

  /** `what` names the slots in refusals ("subscriptions", "connections"). */
  constructor(caps: SubscriptionCaps, what: string) {
    for (const [name, value] of Object.entries(caps)) {
      if (!Number.isInteger(value) || value < 1)
        throw new TypeError(`SubscriptionSlots: ${name} must be a positive integer, received ${String(value)}`);
    }
    this.#caps = caps;
    this.#what = what;
  }

  /** Slots held now, every client together. */
  get total(): number {
    return this.#total;
  }

  /** Slots `clientId` holds now. */
  heldBy(clientId: string): number {
    return this.#byClient.get(clientId) ?? 0;
  }

  /** Why `clientId` could not take a slot now, or null when it could. */
  refusal(clientId: string): SubscriptionLimitError | null {
    if (this.heldBy(clientId) >= this.#caps.maxPerClient) {
      return new SubscriptionLimitError(
        `This client holds ${this.#caps.maxPerClient} ${this.#what} on this server, its limit (SUBSCRIPTIONS_MAX_PER_CLIENT); end one first`,
        'client',
      );
    }
    if (this.#total >= this.#caps.maxPerReplica) {
      return new SubscriptionLimitError(
        `This server holds ${this.#caps.maxPerReplica} ${this.#what}, its limit (SUBSCRIPTIONS_MAX); retry shortly or on another replica`,
        'replica',
      );
    }
    return null;
  }

  /** Takes a slot for `clientId`, or answers why not. */
  take(clientId: string): { kind: 'taken'; release: Release } | { kind: 'refused'; error: SubscriptionLimitError } {
    const error = this.refusal(clientId);
    if (error) return { kind: 'refused', error };
    this.#byClient.set(clientId, this.heldBy(clientId) + 1);
    this.#total += 1;
    let released = false;
    return {
      kind: 'taken',
      release: () => {
        if (released) return;
        released = true;
        this.#total -= 1;
        const left = this.heldBy(clientId) - 1;
        if (left > 0) this.#byClient.set(clientId, left);
        else this.#byClient.delete(clientId);
      },
    };
  }
}
