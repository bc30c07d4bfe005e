import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { SlidingLogBudget, type BudgetDecision, type BudgetOptions, type BudgetState } from './budget.js';
import { immediateTransaction } from './sqlite.js';

/**
 * The call budget in the embedded database (a `db` from `openDatabase`): every process that
 * shares DATA_DIR shares the slots, because each decision is one `BEGIN IMMEDIATE` transaction.
 * The clock is Date.now() of whichever process decides; processes on one host agree on it.
 * The file is the history: unlike an empty Redis, an empty database is a new deployment.
 */
export class SqliteCallBudget extends SlidingLogBudget {
  readonly #db: DatabaseSync;
  readonly #sql: Record<'purge' | 'pause' | 'oldest' | 'hold' | 'remove' | 'setPause' | 'grants', StatementSync>;

  constructor(db: DatabaseSync, options: BudgetOptions) {
    super(options);
    this.#db = db;
    this.#sql = {
      purge: db.prepare('DELETE FROM budget_calls WHERE budget_key = :key AND counted_from <= :expired'),
      pause: db.prepare('SELECT paused_until AS until FROM budget_pauses WHERE budget_key = :key'),
      oldest: db.prepare('SELECT count(*) AS used, min(counted_from) AS oldest FROM budget_calls WHERE budget_key = :key'),
      hold: db.prepare(
        `INSERT INTO budget_calls (call_id, budget_key, counted_from) VALUES (:id, :key, :at)
         ON CONFLICT (call_id) DO UPDATE SET counted_from = excluded.counted_from`,
      ),
      remove: db.prepare('DELETE FROM budget_calls WHERE call_id = :id'),
      setPause: db.prepare(
        `INSERT INTO budget_pauses (budget_key, paused_until) VALUES (:key, :until)
         ON CONFLICT (budget_key) DO UPDATE SET paused_until = max(paused_until, excluded.paused_until)`,
      ),
      grants: db.prepare(
        'SELECT counted_from AS at FROM budget_calls WHERE budget_key = :key AND counted_from > :expired ORDER BY counted_from',
      ),
    };
  }

  protected async acquire(id: string): Promise<BudgetDecision> {
    const { key, limit, spanMs, callTimeoutMs } = this.options;
    return immediateTransaction(this.#db, (): BudgetDecision => {
      // Read the clock inside the lock so grants are logged in the order they were decided.
      const now = Date.now();
      this.#sql.purge.run({ key, expired: now - spanMs });
      const until = this.#pausedUntil(now);
      if (until !== null) return { kind: 'paused', retryInMs: until - now };
      const { used, oldest } = this.#sql.oldest.get({ key }) as { used: number; oldest: number | null };
      if (used >= limit && oldest !== null) return { kind: 'exhausted', retryInMs: oldest + spanMs - now };
      this.#sql.hold.run({ id, key, at: now + callTimeoutMs });
      return { kind: 'granted', at: now, id };
    });
  }

  protected async markCompleted(id: string): Promise<void> {
    this.#sql.hold.run({ id, key: this.options.key, at: Date.now() });
  }

  protected async remove(id: string): Promise<void> {
    this.#sql.remove.run({ id });
  }

  protected async extendPause(epochMs: number): Promise<void> {
    this.#sql.setPause.run({ key: this.options.key, until: epochMs });
  }

  protected async read(): Promise<BudgetState> {
    const { key, spanMs } = this.options;
    // A deferred transaction suffices: reads in one WAL transaction see one consistent state.
    this.#db.exec('BEGIN');
    try {
      const now = Date.now();
      const grants = (this.#sql.grants.all({ key, expired: now - spanMs }) as Array<{ at: number }>).map((row) => row.at);
      return { now, grants, pausedUntil: this.#pausedUntil(now) };
    } finally {
      this.#db.exec('COMMIT');
    }
  }

  #pausedUntil(now: number): number | null {
    const row = this.#sql.pause.get({ key: this.options.key }) as { until: number } | undefined;
    return row !== undefined && row.until > now ? row.until : null;
  }
}
