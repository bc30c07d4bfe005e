import { describe, expect, it } from '@jest/globals';
import { estimateWaitMs, type BudgetSnapshot } from '../../src/store/index.js';

const NOW = 1_000_000;

function snapshot(overrides: Partial<BudgetSnapshot> & Pick<BudgetSnapshot, 'grants'>): BudgetSnapshot {
  return { limit: 5, windowMs: 1_000, pausedUntil: null, now: NOW, used: overrides.grants.length, ...overrides };
}

/** The closed form from the budget's contract, valid without a pause and with ≤ limit grants. */
function closedForm(position: number, s: BudgetSnapshot, marginMs: number): number {
  const free = s.limit - s.grants.length;
  if (position < free) return 0;
  const slots = [...s.grants, ...Array.from({ length: free }, () => s.now)];
  const k = position - free;
  return (slots[k % s.limit] as number) + (s.windowMs + marginMs) * (1 + Math.floor(k / s.limit)) - s.now;
}

describe('estimateWaitMs', () => {
  it('is 0 for every position that a free slot serves now', () => {
    const s = snapshot({ grants: [NOW - 900, NOW - 500] });
    expect([0, 1, 2].map((position) => estimateWaitMs(position, s))).toEqual([0, 0, 0]);
  });

  it('serves positions past the free slots as the logged grants age out, oldest first', () => {
    const s = snapshot({ grants: [NOW - 500, NOW - 300, NOW - 100] });
    // 2 free now; then the grants at -500, -300, -100 free up; then the 2 slots taken now.
    expect([2, 3, 4, 5, 6].map((position) => estimateWaitMs(position, s))).toEqual([500, 700, 900, 1_000, 1_000]);
  });

  it('reuses each slot window after window', () => {
    const s = snapshot({ grants: [NOW - 500, NOW - 300, NOW - 100] });
    expect(estimateWaitMs(7, s)).toBe(1_500); // the -500 slot, second reuse
    expect(estimateWaitMs(12, s)).toBe(2_500); // and third
  });

  it('matches grant[(k − free) mod limit] + span·(1 + floor((k − free) / limit)) − now for any position', () => {
    const s = snapshot({ limit: 4, grants: [NOW - 950, NOW - 400, NOW - 10] });
    for (let position = 0; position < 40; position += 1) {
      expect(estimateWaitMs(position, s, 250)).toBe(closedForm(position, s, 250));
    }
  });

  it('adds the margin before a slot is reused', () => {
    const s = snapshot({ limit: 1, grants: [NOW - 500] });
    expect(estimateWaitMs(0, s)).toBe(500);
    expect(estimateWaitMs(0, s, 200)).toBe(700);
  });

  it('waits for the pause to end even when slots are free', () => {
    const s = snapshot({ grants: [], pausedUntil: NOW + 5_000 });
    expect(estimateWaitMs(0, s)).toBe(5_000);
    expect(estimateWaitMs(4, s)).toBe(5_000);
    // The five granted at the pause's end hold their slots for a window after it.
    expect(estimateWaitMs(5, s)).toBe(6_000);
  });

  it('waits for a grant to age out when that comes after the pause', () => {
    const s = snapshot({ limit: 2, grants: [NOW - 500, NOW - 400], pausedUntil: NOW + 200 });
    expect(estimateWaitMs(0, s)).toBe(500);
  });

  it('copes with more grants logged than the limit (the limit was lowered)', () => {
    const s = snapshot({ limit: 2, grants: [NOW - 900, NOW - 800, NOW - 700, NOW - 600] });
    // Two of the four must age out before the count drops below 2.
    expect(estimateWaitMs(0, s)).toBe(300);
    expect(estimateWaitMs(1, s)).toBe(400);
  });

  it('rejects a position that is not a non-negative integer', () => {
    const s = snapshot({ grants: [] });
    expect(() => estimateWaitMs(-1, s)).toThrow(/non-negative integer/);
    expect(() => estimateWaitMs(1.5, s)).toThrow(/non-negative integer/);
  });
});
