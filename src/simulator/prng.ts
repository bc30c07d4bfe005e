/** Seeded randomness so the same seed always yields the same world. */

/** A deterministic source of randomness with the helpers fleet generation needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
  /** A version-4 shaped UUID. */
  uuid(): string;
}

/** mulberry32: tiny, fast and good enough for test data; never Math.random. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += int(0, 15).toString(16);
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick() needs a non-empty array');
      return items[int(0, items.length - 1)] as T;
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j] as T, items[i] as T];
      }
      return items;
    },
    hex,
    uuid() {
      const h = hex(32).split('');
      h[12] = '4';
      h[16] = (8 + int(0, 3)).toString(16);
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}

/** The fixed "now" of the generated world, so data never depends on the wall clock. */
export const BASE_TIME = Date.parse('2026-11-01T00:00:00Z');

/** RFC 3339 UTC without milliseconds, as both APIs print timestamps. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Automox console style: `2024-12-19T17:42:48+0000`. */
export function consoleTime(ms: number): string {
  return iso(ms).replace(/Z$/, '+0000');
}

/** Milliseconds in a minute, for readable date arithmetic. */
export const MINUTE = 60_000;
/** Milliseconds in an hour. */
export const HOUR = 60 * MINUTE;
/** Milliseconds in a day. */
export const DAY = 24 * HOUR;
