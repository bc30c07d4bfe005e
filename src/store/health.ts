import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { oneLine } from '../common/index.js';

/** Whether the store can be written and read back; `reason` is one line naming the variable and the fix. */
export type StoreHealth = { ok: true } | { ok: false; reason: string };

const GOOD_DATA_DIR = 'for example DATA_DIR=/var/lib/posture-graph';

/** Who this process runs as, for messages about file permissions. */
function whoAmI(): string {
  const uid = process.getuid?.();
  return uid === undefined ? 'this user' : `uid ${uid}`;
}

/**
 * Why DATA_DIR cannot hold the embedded store, as one line an operator can act on. `stage` says
 * whether the folder could not be made or the database in it could not be written.
 */
export function dataDirProblem(dataDir: string, stage: 'mkdir' | 'database', error: unknown): string {
  const detail = oneLine(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (stage === 'mkdir' && (code === 'EEXIST' || code === 'ENOTDIR')) {
    return `DATA_DIR ${dataDir} is not a directory (${detail}); point DATA_DIR at a writable directory, ${GOOD_DATA_DIR}`;
  }
  if (code === 'ENOSPC' || /disk is full|SQLITE_FULL/i.test(detail)) {
    return `DATA_DIR ${dataDir} is full (${detail}); free space there or point DATA_DIR at a larger volume`;
  }
  const what = stage === 'mkdir' ? 'cannot be created' : 'is not writable';
  return `DATA_DIR ${dataDir} ${what} by ${whoAmI()} (${detail}); point DATA_DIR at a writable directory, ${GOOD_DATA_DIR}`;
}

/**
 * Writes a fresh token into the embedded database and reads it back. A cheap write is the only
 * honest test: a read-only file or a full disk still answers reads. Write and read are one
 * transaction, because every process on this DATA_DIR checks the same row: without it, two
 * processes starting together read back each other's token and both refuse to start.
 */
export function checkDatabase(db: DatabaseSync, dataDir: string): StoreHealth {
  try {
    const token = randomUUID();
    db.exec('BEGIN IMMEDIATE');
    let row: { token?: string } | undefined;
    try {
      db.prepare('INSERT OR REPLACE INTO health (id, token, written_at) VALUES (1, ?, ?)').run(token, Date.now());
      row = db.prepare('SELECT token FROM health WHERE id = 1').get() as { token?: string } | undefined;
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
    if (row?.token !== token) return { ok: false, reason: `DATA_DIR ${dataDir}: the store read back something else than it wrote` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: dataDirProblem(dataDir, 'database', error) };
  }
}

/** The part of a Redis client the health check uses. */
export interface HealthRedisClient {
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/**
 * Writes a fresh token to Redis under a key of its own (expiring after a few seconds) and reads
 * it back. The key carries the token: replicas sharing one namespace check at the same moment
 * when they start together, and on a shared key each would read back the other's token. One
 * key per command, so on a cluster the check reaches whichever primary holds the token's slot.
 */
export async function checkRedis(
  client: HealthRedisClient,
  keyPrefix: string,
  where: string,
  variable: 'REDIS_URL' | 'REDIS_CLUSTER_NODES' = 'REDIS_URL',
): Promise<StoreHealth> {
  try {
    const token = randomUUID();
    const key = `${keyPrefix}:${token}`;
    await client.set(key, token, { expiration: { type: 'PX', value: 10_000 } });
    if ((await client.get(key)) !== token)
      return { ok: false, reason: `Redis at ${where} (${variable}) read back something else than it wrote` };
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      reason:
        variable === 'REDIS_URL'
          ? `Redis at ${where} (REDIS_URL) cannot be written (${oneLine(error)}); check that REDIS_URL names a reachable, writable primary`
          : `Redis Cluster at ${where} (REDIS_CLUSTER_NODES) cannot be written (${oneLine(error)}); check that every slot is served by a reachable primary`,
    };
  }
}
