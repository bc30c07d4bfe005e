import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from '@jest/globals';
import { checkDatabase, dataDirProblem } from '../../src/store/health.js';
import { openDatabase } from '../../src/store/index.js';

describe('the store health check', () => {
  it('writes a token and reads it back', () => {
    const db = openDatabase(null);
    expect(checkDatabase(db, '/var/lib/posture-graph')).toEqual({ ok: true });
    expect(checkDatabase(db, '/var/lib/posture-graph')).toEqual({ ok: true });
  });

  it('reports a full disk as one line naming DATA_DIR and the fix', () => {
    // A store double: every write fails the way SQLite does when the disk is full.
    const full = new Error('database or disk is full');
    const db = {
      isTransaction: false,
      exec: () => undefined,
      prepare: () => ({
        run: () => {
          throw full;
        },
      }),
    } as unknown as DatabaseSync;
    expect(checkDatabase(db, '/data')).toEqual({
      ok: false,
      reason: 'DATA_DIR /data is full (database or disk is full); free space there or point DATA_DIR at a larger volume',
    });
  });

  it('names the user a read-only DATA_DIR refuses', () => {
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), { code: 'ERR_SQLITE_ERROR' });
    expect(dataDirProblem('/data', 'database', readOnly)).toBe(
      `DATA_DIR /data is not writable by uid ${process.getuid?.()} (attempt to write a readonly database); point DATA_DIR at a writable directory, for example DATA_DIR=/var/lib/posture-graph`,
    );
  });
});
