import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CostAdmission } from '../../src/graphql/admission.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

const admission = () => new CostAdmission({ maxInflightCost: 100, maxWaiting: 2, maxWaitMs: 5000 });

describe('admission by estimated cost', () => {
  it('admits operations while their costs fit the budget', async () => {
    const gate = admission();
    expect((await gate.admit(60)).kind).toBe('admitted');
    expect((await gate.admit(40)).kind).toBe('admitted');
    expect(gate.inflightCost).toBe(100);
  });

  it('lets later operations wait, in arrival order, until earlier ones release', async () => {
    const gate = admission();
    const first = await gate.admit(90);
    const order: string[] = [];
    const record = (name: string) => (admitted: unknown) => {
      order.push(name);
      return admitted;
    };
    const small = gate.admit(20).then(record('small'));
    const tiny = gate.admit(5).then(record('tiny'));
    await jest.advanceTimersByTimeAsync(100);
    expect(order).toEqual([]);
    if (first.kind === 'admitted') first.release();
    await Promise.all([small, tiny]);
    expect(order).toEqual(['small', 'tiny']);
    expect(gate.inflightCost).toBe(25);
  });

  it('answers busy after the longest wait, with a retry delay', async () => {
    const gate = admission();
    await gate.admit(100);
    const waiting = gate.admit(10);
    await jest.advanceTimersByTimeAsync(5000);
    expect(await waiting).toEqual({ kind: 'busy', retryAfterSeconds: 5 });
  });

  it('refuses at once when too many are already waiting', async () => {
    const gate = admission();
    await gate.admit(100);
    void gate.admit(1);
    void gate.admit(1);
    expect(await gate.admit(1)).toEqual({ kind: 'busy', retryAfterSeconds: 5 });
  });

  it('runs an operation costlier than the whole budget on its own rather than never', async () => {
    const gate = admission();
    const huge = await gate.admit(1_000);
    expect(huge.kind).toBe('admitted');
    expect(gate.inflightCost).toBe(100);
  });

  it('releases once, however often release is called', async () => {
    const gate = admission();
    const a = await gate.admit(50);
    if (a.kind === 'admitted') {
      a.release();
      a.release();
    }
    expect(gate.inflightCost).toBe(0);
  });
});
