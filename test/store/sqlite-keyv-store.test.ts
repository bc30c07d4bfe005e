import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DatabaseSync } from 'node:sqlite';
import { Keyv } from 'keyv';
import { openDatabase } from '../../src/store/sqlite.js';
import { SqliteKeyvStore } from '../../src/store/sqlite-keyv-store.js';
import { sleep, tempDir } from './helpers.js';

describe('SqliteKeyvStore through Keyv', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: DatabaseSync;
  const opened: DatabaseSync[] = [];

  function open(): DatabaseSync {
    const handle = openDatabase(dir.path);
    opened.push(handle);
    return handle;
  }

  function keyv(namespace: string, handle = db): Keyv {
    return new Keyv({ store: new SqliteKeyvStore(handle), namespace });
  }

  beforeEach(() => {
    dir = tempDir();
    db = open();
  });

  afterEach(() => {
    for (const handle of opened.splice(0)) if (handle.isOpen) handle.close();
    dir.remove();
  });

  describe('get and set', () => {
    it('returns what was set, and undefined for what was not', async () => {
      const cache = keyv('x');
      await cache.set('a', 'alpha');
      expect(await cache.get('a')).toBe('alpha');
      expect(await cache.get('missing')).toBeUndefined();
    });

    it('overwrites a key on a second set', async () => {
      const cache = keyv('x');
      await cache.set('a', 1);
      await cache.set('a', 2);
      expect(await cache.get('a')).toBe(2);
    });

    it('round-trips nested objects, arrays, nulls and dates as ISO strings', async () => {
      const cache = keyv('x');
      const fetchedAt = new Date('2024-05-06T07:08:09.010Z');
      const report = { status: 0, issues: [{ group: 'AV', descriptions: ['off', 'stale'] }], link: null, fetchedAt };
      await cache.set('report', report);
      expect(await cache.get('report')).toEqual({ ...report, fetchedAt: fetchedAt.toISOString() });
    });

    it('deletes a key, and reports whether one existed', async () => {
      const cache = keyv('x');
      await cache.set('a', 1);
      expect(await cache.has('a')).toBe(true);
      expect(await cache.delete('a')).toBe(true);
      expect(await cache.delete('a')).toBe(false);
      expect(await cache.has('a')).toBe(false);
    });

    it('gets, checks and deletes many keys at once, in the order asked', async () => {
      const cache = keyv('x');
      await cache.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: { nested: true } },
      ]);
      expect(await cache.getMany(['b', 'missing', 'a'])).toEqual([{ nested: true }, undefined, 1]);
      expect(await cache.hasMany(['a', 'missing'])).toEqual([true, false]);
      expect(await cache.deleteMany(['a', 'b'])).toBe(true);
      expect(await cache.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    });

    it('iterates over the live entries of its namespace', async () => {
      const cache = keyv('x');
      await cache.set('a', 1);
      await cache.set('b', 2);
      await keyv('y').set('c', 3);
      const entries: unknown[] = [];
      for await (const entry of cache.iterator!(undefined)) entries.push(entry);
      expect(entries).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
    });
  });

  describe('time to live', () => {
    it('reads an entry as missing once its TTL has passed', async () => {
      const cache = keyv('x');
      await cache.set('short', 'v', 50);
      await cache.set('forever', 'v');
      expect(await cache.get('short')).toBe('v');
      await sleep(80);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.has('short')).toBe(false);
      expect(await cache.get('forever')).toBe('v');
    });

    it('hides expired rows at the adapter itself, whatever the envelope says', async () => {
      const store = new SqliteKeyvStore(db);
      store.namespace = 'x';
      await store.set('x:k', '{"value":1}', 30);
      expect(await store.get('x:k')).toBe('{"value":1}');
      await sleep(50);
      expect(await store.get('x:k')).toBeUndefined();
      expect(await store.getMany(['x:k'])).toEqual([undefined]);
      expect(await store.has('x:k')).toBe(false);
    });

    it('applies keyv’s default ttl', async () => {
      const cache = new Keyv({ store: new SqliteKeyvStore(db), namespace: 'x', ttl: 50 });
      await cache.set('a', 1);
      await sleep(80);
      expect(await cache.get('a')).toBeUndefined();
    });

    it('purges expired rows from the file on a later write', async () => {
      const cache = new Keyv({ store: new SqliteKeyvStore(db, { purgeIntervalMs: 0 }), namespace: 'x' });
      await cache.set('short', 'v', 20);
      await sleep(40);
      await cache.set('other', 'v');
      const rows = db.prepare("SELECT key FROM keyv WHERE namespace = 'x' ORDER BY key").all();
      expect(rows.map((row) => row.key)).toEqual(['x:other']);
    });
  });

  describe('namespaces', () => {
    it('keeps the same key apart in different namespaces', async () => {
      await keyv('x').set('k', 'from x');
      await keyv('y').set('k', 'from y');
      expect(await keyv('x').get('k')).toBe('from x');
      expect(await keyv('y').get('k')).toBe('from y');
    });

    it('clears only its own namespace', async () => {
      await keyv('x').set('k', 1);
      await keyv('y').set('k', 2);
      await keyv('x').clear();
      expect(await keyv('x').get('k')).toBeUndefined();
      expect(await keyv('y').get('k')).toBe(2);
    });
  });

  describe('persistence', () => {
    it('survives closing and reopening the file', async () => {
      await keyv('x').set('k', { kept: true });
      await keyv('x').set('short', 'gone', 30);
      db.close();
      await sleep(50);
      const reopened = open();
      expect(await keyv('x', reopened).get('k')).toEqual({ kept: true });
      expect(await keyv('x', reopened).get('short')).toBeUndefined();
    });

    it('is shared by two connections to the same file', async () => {
      await keyv('x').set('k', 'written by one');
      expect(await keyv('x', open()).get('k')).toBe('written by one');
    });
  });

  describe('errors', () => {
    it('surfaces a failing write as a keyv error event, not a throw', async () => {
      const cache = keyv('x');
      const errors: unknown[] = [];
      cache.on('error', (error) => errors.push(error));
      db.close();
      expect(await cache.set('k', 1)).toBe(false);
      expect(errors).toHaveLength(1);
    });
  });
});
