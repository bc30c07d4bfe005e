import { describe, expect, it } from '@jest/globals';
import { type Admission, type AdmissionClock, CostAdmission } from '../../src/graphql/admission.js';

/** A clock that moves only when told: timers fire in `advance`, nothing depends on the machine. */
class ManualClock implements AdmissionClock {
  private at = 1_000_000;
  private timers: Array<{ at: number; fn: () => void }> = [];

  now(): number {
    return this.at;
  }

  schedule(fn: () => void, ms: number): () => void {
    const timer = { at: this.at + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((each) => each !== timer);
    };
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    this.at += ms;
    for (const timer of this.timers.filter((each) => each.at <= this.at)) {
      this.timers = this.timers.filter((each) => each !== timer);
      timer.fn();
    }
    await Promise.resolve();
  }
}

const KB = 1024;

function setUp(options: { maxQueueBytes?: number; maxWaitMs?: number } = {}) {
  const clock = new ManualClock();
  const gate = new CostAdmission({
    maxInflightCost: 100,
    maxQueueBytes: options.maxQueueBytes ?? 100 * KB,
    maxWaitMs: options.maxWaitMs ?? 5000,
    clock,
  });
  return { clock, gate };
}

function released(admission: Admission): void {
  if (admission.kind !== 'admitted') throw new Error(`expected an admission, got ${admission.kind}`);
  admission.release();
}

/** Lets every settled promise's callbacks run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('admission by estimated cost', () => {
  it('admits operations at once while their costs fit the budget', async () => {
    const { gate } = setUp();
    expect((await gate.admit({ cost: 60, bytes: KB })).kind).toBe('admitted');
    expect((await gate.admit({ cost: 40, bytes: KB })).kind).toBe('admitted');
    expect(gate.inflightCost).toBe(100);
    expect(gate.waitingCount).toBe(0);
  });

  it('runs an operation costlier than the whole budget on its own rather than never', async () => {
    const { gate } = setUp();
    expect((await gate.admit({ cost: 1_000, bytes: KB })).kind).toBe('admitted');
    expect(gate.inflightCost).toBe(100);
  });

  it('releases once, however often release is called', async () => {
    const { gate } = setUp();
    const admission = await gate.admit({ cost: 50, bytes: KB });
    released(admission);
    released(admission);
    expect(gate.inflightCost).toBe(0);
  });
});

describe('the queue: waiting requests run in arrival order', () => {
  it('admits waiters in the order they came as room frees, never a later one first', async () => {
    const { gate } = setUp();
    const first = await gate.admit({ cost: 90, bytes: KB });
    const order: string[] = [];
    const waiting = (name: string, cost: number) =>
      gate.admit({ cost, bytes: KB }).then((admission) => {
        order.push(name);
        return admission;
      });
    const big = waiting('big', 60);
    // 5 would fit beside the 90 running, but waits behind the big one that came first.
    const small = waiting('small', 5);
    await flush();
    expect(order).toEqual([]);
    expect(gate.waitingCount).toBe(2);
    released(first);
    expect((await big).kind).toBe('admitted');
    expect((await small).kind).toBe('admitted');
    expect(order).toEqual(['big', 'small']);
    expect(gate.inflightCost).toBe(65);
  });

  it('says it is saturated while anyone waits or the budget is spent', async () => {
    const { gate } = setUp();
    expect(gate.saturated).toBe(false);
    const all = await gate.admit({ cost: 100, bytes: KB });
    expect(gate.saturated).toBe(true);
    released(all);
    expect(gate.saturated).toBe(false);
  });
});

describe('the queue is bounded by the memory its requests hold, not by their number', () => {
  it('queues many small requests, and refuses at once the one whose bytes would not fit, with Retry-After', async () => {
    const { gate } = setUp({ maxQueueBytes: 10 * KB });
    await gate.admit({ cost: 100, bytes: KB });
    const small = Array.from({ length: 10 }, () => gate.admit({ cost: 1, bytes: KB }));
    expect(gate.waitingCount).toBe(10);
    expect(gate.queueBytes).toBe(10 * KB);
    expect(await gate.admit({ cost: 1, bytes: 1 })).toEqual({ kind: 'busy', reason: 'queue-full', retryAfterSeconds: 5 });
    expect(small).toHaveLength(10);
  });

  it('refuses one large body that would not fit while smaller ones still do', async () => {
    const { gate } = setUp({ maxQueueBytes: 10 * KB });
    await gate.admit({ cost: 100, bytes: KB });
    expect((await gate.admit({ cost: 1, bytes: 11 * KB })).kind).toBe('busy');
    void gate.admit({ cost: 1, bytes: 4 * KB });
    expect(gate.waitingCount).toBe(1);
  });

  it('counts requests held outside the queue (sharing an identical answer) against the same bound', async () => {
    const { gate } = setUp({ maxQueueBytes: 10 * KB });
    const stop = gate.hold(8 * KB);
    expect(stop).not.toBeNull();
    expect(gate.hold(4 * KB)).toBeNull();
    await gate.admit({ cost: 100, bytes: KB });
    expect((await gate.admit({ cost: 1, bytes: 4 * KB })).kind).toBe('busy');
    stop?.();
    stop?.();
    expect(gate.queueBytes).toBe(0);
  });
});

describe('a request that waits too long is refused with SERVER_BUSY and Retry-After', () => {
  it('refuses a waiter after the longest wait, and frees its place', async () => {
    const { clock, gate } = setUp({ maxWaitMs: 5000 });
    await gate.admit({ cost: 100, bytes: KB });
    const waiting = gate.admit({ cost: 10, bytes: KB });
    await clock.advance(4999);
    expect(gate.waitingCount).toBe(1);
    await clock.advance(1);
    expect(await waiting).toEqual({ kind: 'busy', reason: 'timed-out', retryAfterSeconds: 5 });
    expect(gate.waitingCount).toBe(0);
    expect(gate.queueBytes).toBe(0);
  });

  it('refuses at once what could not start within the wait, judged by how long operations have held the budget', async () => {
    const { clock, gate } = setUp({ maxWaitMs: 5000 });
    // Each operation of the whole budget holds it for 2 s.
    const first = await gate.admit({ cost: 100, bytes: KB });
    await clock.advance(2000);
    released(first);
    await gate.admit({ cost: 100, bytes: KB });
    // Ahead of the next: the running 100 (2 s); then 100 queued behind it (2 s more), then itself.
    const queued = [gate.admit({ cost: 100, bytes: KB }), gate.admit({ cost: 100, bytes: KB })];
    expect(gate.waitingCount).toBe(2);
    expect(await gate.admit({ cost: 100, bytes: KB })).toEqual({ kind: 'busy', reason: 'wait-too-long', retryAfterSeconds: 6 });
    expect(gate.waitingCount).toBe(2);
    expect(queued).toHaveLength(2);
  });

  it('leaves no timer behind once a waiter is admitted', async () => {
    const { clock, gate } = setUp();
    const first = await gate.admit({ cost: 100, bytes: KB });
    const waiting = gate.admit({ cost: 10, bytes: KB });
    expect(clock.pending).toBe(1);
    released(first);
    expect((await waiting).kind).toBe('admitted');
    expect(clock.pending).toBe(0);
  });
});

describe('a client that disconnects while queued leaves nothing behind', () => {
  it('takes the waiter out of the queue at once: no place, no bytes, no timer, no listener, no later admission', async () => {
    const { clock, gate } = setUp();
    const first = await gate.admit({ cost: 100, bytes: KB });
    const client = new AbortController();
    let listeners = 0;
    const signal = client.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners += 1;
      add(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners -= 1;
      remove(...args);
    }) as typeof signal.removeEventListener;

    const waiting = gate.admit({ cost: 50, bytes: 4 * KB, signal });
    const behind = gate.admit({ cost: 50, bytes: KB });
    expect(listeners).toBe(1);
    client.abort();
    expect(await waiting).toEqual({ kind: 'gone' });
    expect(gate.waitingCount).toBe(1);
    expect(gate.queueBytes).toBe(KB);
    expect(listeners).toBe(0);
    expect(clock.pending).toBe(1);

    released(first);
    expect((await behind).kind).toBe('admitted');
    // Only the one still waiting got the room: the gone client's 50 was never reserved.
    expect(gate.inflightCost).toBe(50);
    expect(clock.pending).toBe(0);
  });

  it('admits those behind a gone head when they now fit', async () => {
    const { gate } = setUp();
    await gate.admit({ cost: 60, bytes: KB });
    const client = new AbortController();
    const head = gate.admit({ cost: 50, bytes: KB, signal: client.signal });
    const small = gate.admit({ cost: 30, bytes: KB });
    client.abort();
    expect(await head).toEqual({ kind: 'gone' });
    expect((await small).kind).toBe('admitted');
    expect(gate.inflightCost).toBe(90);
  });

  it('does not queue a client already gone', async () => {
    const { gate } = setUp();
    await gate.admit({ cost: 100, bytes: KB });
    const client = new AbortController();
    client.abort();
    expect(await gate.admit({ cost: 1, bytes: KB, signal: client.signal })).toEqual({ kind: 'gone' });
    expect(gate.waitingCount).toBe(0);
  });
});

describe('options', () => {
  it.each(['maxInflightCost', 'maxQueueBytes', 'maxWaitMs'] as const)(
    'names %s and the value received when it is not a positive integer',
    (name) => {
      const options = { maxInflightCost: 1, maxQueueBytes: 1, maxWaitMs: 1, [name]: 0 };
      expect(() => new CostAdmission(options)).toThrow(`CostAdmission: ${name} must be a positive integer, received 0`);
    },
  );
});
