import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SqliteCallBudget } from '../../src/store/sqlite-budget.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { maxInAnySpan, tempDir } from './helpers.js';

const run = promisify(execFile);
const HAMMER = fileURLToPath(new URL('./fixtures/hammer-sqlite-budget.mjs', import.meta.url));

describe('SqliteCallBudget on a shared DATA_DIR', () => {
  let dir: ReturnType<typeof tempDir>;
  const handles: DatabaseSync[] = [];

  function open(): DatabaseSync {
    const db = openDatabase(dir.path);
    handles.push(db);
    return db;
  }

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(() => {
    for (const db of handles.splice(0)) if (db.isOpen) db.close();
    dir.remove();
  });

  it('is still exhausted after a restart within the window', async () => {
    const options = { limit: 3, windowMs: 60_000 };
    const before = new SqliteCallBudget(open(), options);
    for (let i = 0; i < 3; i += 1) expect((await before.tryAcquire()).kind).toBe('granted');
    handles[0]?.close();

    const after = new SqliteCallBudget(open(), options);
    expect((await after.tryAcquire()).kind).toBe('exhausted');
    expect((await after.snapshot()).used).toBe(3);
  });

  it('keeps a 429 pause across a restart', async () => {
    const options = { limit: 3, windowMs: 60_000 };
    const until = Date.now() + 60_000;
    await new SqliteCallBudget(open(), options).pauseUntil(until);
    handles[0]?.close();
    expect((await new SqliteCallBudget(open(), options).snapshot()).pausedUntil).toBe(until);
  });

  it('never exceeds the limit when two processes hammer the same file', async () => {
    const [limit, windowMs, marginMs, durationMs] = [5, 300, 20, 1_000];
    // The children start at the same instant, well after their start-up.
    const startAt = Date.now() + 1_000;
    const args = [HAMMER, dir.path, limit, windowMs, marginMs, startAt, durationMs].map(String);
    const outputs = await Promise.all([1, 2].map(() => run(process.execPath, args)));
    const perProcess = outputs.map(
      ({ stdout }) => JSON.parse(stdout) as { grants: number[]; attempts: number; firstAttemptAt: number; lastAttemptAt: number },
    );

    // Both processes really contended (asked, over overlapping spans of time: which one wins a
    // given slot depends on the scheduler of a busy machine), and together they kept the promise.
    const [a, b] = perProcess as [(typeof perProcess)[0], (typeof perProcess)[0]];
    expect(a.attempts).toBeGreaterThan(0);
    expect(b.attempts).toBeGreaterThan(0);
    expect(Math.max(a.firstAttemptAt, b.firstAttemptAt)).toBeLessThan(Math.min(a.lastAttemptAt, b.lastAttemptAt));
    const grants = perProcess.flatMap((each) => each.grants);
    expect(maxInAnySpan(grants, windowMs + marginMs)).toBeLessThanOrEqual(limit);
    expect(grants.length).toBeGreaterThanOrEqual(0.8 * ((limit * durationMs) / windowMs));
  });
});

describe('SqliteCallBudget options', () => {
  it.each([
    [{ limit: 0, windowMs: 1_000 }, /limit must be a positive integer \(e\.g\. 10\), received 0/],
    [{ limit: 10, windowMs: -5 }, /windowMs must be a positive integer of ms \(e\.g\. 60000\), received -5/],
    [{ limit: 10, windowMs: 1_000, marginMs: 1.5 }, /marginMs must be a non-negative integer of ms/],
    [{ limit: 10, windowMs: 1_000, key: '' }, /key must be a non-empty string/],
  ])('rejects %j naming the expected shape and the value received', (options, message) => {
    const db = openDatabase(null);
    try {
      expect(() => new SqliteCallBudget(db, options)).toThrow(message);
    } finally {
      db.close();
    }
  });
});
