import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  estimateWaitMs,
  resolveBudgetOptions,
  type BudgetDecision,
  type BudgetOptions,
  type BudgetSnapshot,
  type CallBudget,
  type ResolvedBudgetOptions,
} from './budget.js';
import { immediateTransaction } from './sqlite.js';

/**
 * The call budget in the embedded database (a `db` from `openDatabase`): every process that
 * shares DATA_DIR shares the log, because each decision is one `BEGIN IMMEDIATE` transaction.
 * The clock is Date.now() of whichever process decides; processes on one host agree on it.
 */
export class SqliteCallBudget implements CallBudget {
  readonly #db: DatabaseSync;
  readonly #options: ResolvedBudgetOptions;
  readonly #sql: Record<'purge' | 'pause' | 'oldest' | 'grant' | 'setPause' | 'grants', StatementSync>;

  constructor(db: DatabaseSync, options: BudgetOptions) {
    this.#db = db;
    this.#options = resolveBudgetOptions(options);
    this.#sql = {
      purge: db.prepare('DELETE FROM budget_grants WHERE budget_key = :key AND granted_at <= :expired'),
      pause: db.prepare('SELECT paused_until AS until FROM budget_pauses WHERE budget_key = :key'),
      oldest: db.prepare('SELECT count(*) AS used, min(granted_at) AS oldest FROM budget_grants WHERE budget_key = :key'),
      grant: db.prepare('INSERT INTO budget_grants (budget_key, granted_at) VALUES (:key, :now)'),
      setPause: db.prepare(
        `INSERT INTO budget_pauses (budget_key, paused_until) VALUES (:key, :until)
         ON CONFLICT (budget_key) DO UPDATE SET paused_until = max(paused_until, excluded.paused_until)`,
      ),
      grants: db.prepare(
        'SELECT granted_at AS at FROM budget_grants WHERE budget_key = :key AND granted_at > :expired ORDER BY granted_at',
      ),
    };
  }

  /** Purges aged-out grants, then grants if no pause holds and a slot is free; one transaction. */
  async tryAcquire(): Promise<BudgetDecision> {
    const { key, limit, spanMs } = this.#options;
    return immediateTransaction(this.#db, (): BudgetDecision => {
      // Read the clock inside the lock so grants are logged in the order they were decided.
      const now = Date.now();
      this.#sql.purge.run({ key, expired: now - spanMs });
      const until = this.#pausedUntil(now);
      if (until !== null) return { kind: 'paused', retryInMs: until - now };
      const { used, oldest } = this.#sql.oldest.get({ key }) as { used: number; oldest: number | null };
      if (used >= limit && oldest !== null) return { kind: 'exhausted', retryInMs: oldest + spanMs - now };
      this.#sql.grant.run({ key, now });
      return { kind: 'granted', at: now };
    });
  }

  /** Records the pause unless a longer one is already in force. */
  async pauseUntil(epochMs: number): Promise<void> {
    if (!Number.isFinite(epochMs)) throw new TypeError(`pauseUntil: epochMs must be a finite epoch ms, received ${String(epochMs)}`);
    this.#sql.setPause.run({ key: this.#options.key, until: Math.ceil(epochMs) });
  }

  /** Reads grants and pause in one transaction so they describe the same instant. */
  async snapshot(): Promise<BudgetSnapshot> {
    const { key, limit, windowMs, spanMs } = this.#options;
    // A deferred transaction suffices: reads in one WAL transaction see one consistent state.
    this.#db.exec('BEGIN');
    try {
      const now = Date.now();
      const grants = (this.#sql.grants.all({ key, expired: now - spanMs }) as Array<{ at: number }>).map((row) => row.at);
      const pausedUntil = this.#pausedUntil(now);
      return { limit, windowMs, used: grants.length, grants, pausedUntil, now };
    } finally {
      this.#db.exec('COMMIT');
    }
  }

  /** See the shared {@link estimateWaitMs}; takes a snapshot when none is given. */
  async estimateWaitMs(position: number, snapshot?: BudgetSnapshot): Promise<number> {
    return estimateWaitMs(position, snapshot ?? (await this.snapshot()), this.#options.marginMs);
  }

  /** Nothing to release: the database belongs to whoever opened it. */
  async close(): Promise<void> {}

  #pausedUntil(now: number): number | null {
    const row = this.#sql.pause.get({ key: this.#options.key }) as { until: number } | undefined;
    return row !== undefined && row.until > now ? row.until : null;
  }
}
