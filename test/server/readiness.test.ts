import { describe, expect, it, jest } from '@jest/globals';
import { ReadinessProbe, type Readiness } from '../../src/server/index.js';

function probeWith(results: Readiness[]) {
  let now = 0;
  const check = jest.fn(async (): Promise<Readiness> => results.shift() ?? { ok: true });
  const probe = new ReadinessProbe({ check, minIntervalMs: 5_000, now: () => now });
  return { probe, check, advance: (ms: number) => (now += ms) };
}

describe('readiness', () => {
  it('asks the store at most once per interval, however often it is probed', async () => {
    const { probe, check, advance } = probeWith([{ ok: true }, { ok: false, reason: 'DATA_DIR /data is full (…)' }]);
    expect(await probe.state()).toEqual({ ok: true });
    advance(4_999);
    expect(await probe.state()).toEqual({ ok: true });
    expect(check).toHaveBeenCalledTimes(1);
    advance(1);
    expect(await probe.state()).toEqual({ ok: false, reason: 'DATA_DIR /data is full (…)' });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('shares one check between probes that arrive together', async () => {
    const { probe, check } = probeWith([]);
    await Promise.all([probe.state(), probe.state(), probe.state()]);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('turns a check that throws into a reason', async () => {
    const probe = new ReadinessProbe({
      check: async () => {
        throw new Error('Redis at redis://cache:6379 (REDIS_URL) cannot be written\nREADONLY');
      },
    });
    expect(await probe.state()).toEqual({ ok: false, reason: 'Redis at redis://cache:6379 (REDIS_URL) cannot be written READONLY' });
  });

  it('answers not ready from the moment it drains, without asking the store', async () => {
    const { probe, check } = probeWith([]);
    probe.drain();
    expect(await probe.state()).toEqual({ ok: false, reason: 'shutting down' });
    expect(check).not.toHaveBeenCalled();
  });
});
