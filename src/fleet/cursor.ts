import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { BadUserInputError } from '../common/index.js';

/** One sort key's value in a row: text, a number, or null (the row has no value: it sorts last). */
export type SortValue = string | number | null;

/** Where a page ended: the sort keys' values and the id of its last row. */
export interface CursorPosition {
  values: SortValue[];
  id: number;
}

/** Bytes of HMAC-SHA256 kept in a cursor: 128 bits, enough that a forgery is a guess. */
const MAC_BYTES = 16;

/**
 * Opaque, tamper-evident cursors of the fleet views. A cursor names a POSITION in the sort order
 * (the last row's sort values and id), never an offset, so it stays valid while the index changes
 * underneath: the next page starts at the first row after that position, whichever rows were
 * added or removed meanwhile. It is bound to its query (a fingerprint of filter and sort), so
 * a cursor replayed with another filter or sort is refused rather than silently skipping rows.
 *
 * The HMAC key is derived (HKDF) from a secret every replica shares through its configuration,
 * so any replica verifies another's cursors, a restart keeps them valid, and no store write is
 * needed at start. The HMAC makes an edited, truncated or invented cursor a clear BAD_USER_INPUT
 * rather than a position nobody handed out; it is not secrecy (the payload is only base64url).
 */
export class CursorCodec {
  private readonly key: Buffer;

  /** `secret`: the configuration's shared secret material (never logged, never in a cursor). */
  constructor(secret: string) {
    if (secret.length === 0) throw new TypeError('CursorCodec: secret must be a non-empty string, received an empty one');
    this.key = Buffer.from(hkdfSync('sha256', secret, 'posture-graph', 'fleet cursor v1', 32));
  }

  /** The fingerprint of a query's filter and sort, as the cursor carries it. */
  static fingerprint(query: unknown): string {
    return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
  }

  /** The cursor of `position` in the query with `fingerprint`. */
  encode(fingerprint: string, position: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, q: fingerprint, k: position.values, i: position.id })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position a cursor names, or BAD_USER_INPUT (argument `after`) when it is not one this graph handed out for this query. */
  decode(cursor: string, fingerprint: string, keys: number): CursorPosition {
    const [payload, mac, extra] = cursor.split('.');
    if (!payload || !mac || extra !== undefined || !this.verify(payload, mac)) {
      throw new BadUserInputError('after is not a cursor this graph handed out (edited, truncated or made up)', 'after');
    }
    let parsed: { v?: unknown; q?: unknown; k?: unknown; i?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      throw new BadUserInputError('after is not a cursor this graph handed out', 'after');
    }
    if (parsed.q !== fingerprint) {
      throw new BadUserInputError('after is a cursor of another filter or sort: page with the filter and sort that handed it out', 'after');
    }
    const values = parsed.k;
    if (
      parsed.v !== 1 ||
      !Number.isSafeInteger(parsed.i) ||
      !Array.isArray(values) ||
      values.length !== keys ||
      !values.every((value) => value === null || typeof value === 'string' || Number.isFinite(value))
    ) {
      throw new BadUserInputError('after is a cursor of another version of this graph', 'after');
    }
    return { values: values as SortValue[], id: parsed.i as number };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, MAC_BYTES).toString('base64url');
  }

  private verify(payload: string, mac: string): boolean {
    const expected = Buffer.from(this.sign(payload), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
