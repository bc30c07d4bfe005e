import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** File name of the embedded database inside DATA_DIR. */
export const DATABASE_FILE = 'posture.sqlite';

/**
 * How long a connection waits for another process's write lock. Every transaction here is
 * a handful of statements, so a lock is normally held for microseconds; the wait blocks the
 * event loop (node:sqlite is synchronous), which is why it stays short.
 */
const BUSY_TIMEOUT_MS = 5_000;

// One schema for every embedded store, so a single file serves cache, budget and leases.
// Idempotent: several processes sharing DATA_DIR may run it at the same time.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS keyv (
    namespace  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (namespace, key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS keyv_expires_at ON keyv (expires_at) WHERE expires_at IS NOT NULL;

  -- One row per call holding a slot: counted_from is grant + call timeout until the response
  -- arrives, then the response time; the slot is free once counted_from + window + margin passes.
  CREATE TABLE IF NOT EXISTS budget_calls (
    call_id      TEXT PRIMARY KEY,
    budget_key   TEXT NOT NULL,
    counted_from INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS budget_calls_by_key ON budget_calls (budget_key, counted_from);

  CREATE TABLE IF NOT EXISTS budget_pauses (
    budget_key   TEXT PRIMARY KEY,
    paused_until INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- One row the health check writes and reads back (start-up and /readyz).
  CREATE TABLE IF NOT EXISTS health (
    id         INTEGER PRIMARY KEY,
    token      TEXT NOT NULL,
    written_at INTEGER NOT NULL
  );

  CREATE TABLE IF NOT EXISTS leases (
    lease_key  TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) `${dataDir}/posture.sqlite` with the schema of every embedded
 * store; `null` opens a private in-memory database for unit tests.
 */
export function openDatabase(dataDir: string | null): DatabaseSync {
  let db: DatabaseSync;
  if (dataDir === null) {
    db = new DatabaseSync(':memory:');
  } else {
    mkdirSync(dataDir, { recursive: true });
    db = new DatabaseSync(join(dataDir, DATABASE_FILE), { timeout: BUSY_TIMEOUT_MS });
  }
  try {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL lets readers in other processes proceed while one process writes. The mode is stored in
    // the file, so only the first opener switches it; a process opening at the same moment may find
    // the switch locked (SQLite does not apply busy_timeout to it) and simply tries again.
    switchToWal(db);
    // In WAL mode NORMAL is still crash-safe for the database; it only risks the last commits
    // on power loss, which for a cache and a rate budget is an acceptable trade for speed.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function switchToWal(db: DatabaseSync): void {
  for (let attempt = 0; ; attempt += 1) {
    const mode = (db.prepare('PRAGMA journal_mode').get() as { journal_mode?: string } | undefined)?.journal_mode;
    if (mode === 'wal') return;
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (attempt >= 50 || !String((error as Error).message).includes('locked')) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/**
 * Runs `work` inside `BEGIN IMMEDIATE … COMMIT`: the write lock is taken before the first
 * read, so a check-then-write is atomic across every connection and process on the file.
 */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
