import type { Keyv } from 'keyv';
import type { CallBudget } from './budget.js';
import type { StoreHealth } from './health.js';
import type { LeaseStore } from './leases.js';
import type { MessageHandler, Unsubscribe } from './pubsub.js';

/** The logger the stores report to; pino's fits. */
export interface StoreLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The long-lived stores, created once at start and injected. */
export interface Stores {
  /** Which backend is in use: one Redis node (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES) or SQLite (DATA_DIR). */
  kind: 'redis' | 'redis-cluster' | 'embedded';
  /** The response cache; errors are logged, never thrown. */
  cache: Keyv;
  /** The OPSWAT call budget, shared by every replica. */
  budget: CallBudget;
  /** Per-identifier fetch leases, shared by every replica. */
  leases: LeaseStore;
  /**
   * Sends `message` on `channel` to every replica's subscribers (this one's included), at most
   * once: sharded pub/sub on a cluster, PUBLISH on one node, in-process on the embedded store.
   * Rejects when the store cannot take it.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` with every message on `channel` from when this resolves; resolves with the function that stops it. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  /** Writes a token and reads it back: what readiness asks, since a full or read-only store still reads. */
  check(): Promise<StoreHealth>;
  /** Releases every connection and handle; safe to call twice. */
  close(): Promise<void>;
}
