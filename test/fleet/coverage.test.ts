/**
 * A healthy change feed keeps covered reports FRESH longer (FLEET_FEED_TTL_SECONDS): specified on
 * the feed's shared state and on the compliance service's one freshness rule (fake clock).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Keyv from 'keyv';
import { type FreshnessCoverage, systemClock } from '../../src/compliance/index.js';
import { FEED_STATE_KEY, FeedCoverage, type FeedState } from '../../src/fleet/index.js';
import { asClient, FakeOpswat, type Fixture, madeUpMacs, report, serviceWith, useFakeTime } from '../compliance/fakes.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let fixture: Fixture | undefined;
beforeEach(() => useFakeTime());
afterEach(() => {
  fixture?.close();
  fixture = undefined;
  jest.useRealTimers();
});

const stateAt = (lastSuccessAt: number, coveredSince: number): FeedState => ({ lastSuccessAt, coveredSince, polls: 1, applied: 0 });

describe('FeedCoverage', () => {
  it('is healthy until two intervals after the last good poll, and reads another replica’s polls from the store', async () => {
    const state = new Keyv();
    const coverage = new FeedCoverage({ state, clock: systemClock, intervalMs: 5 * MINUTE, ttlMs: 24 * HOUR, refreshMs: 1_000 });
    expect(coverage.current()).toBeNull();
    const start = Date.now();
    await state.set(FEED_STATE_KEY, stateAt(start, start - 6 * MINUTE));
    await jest.advanceTimersByTimeAsync(1_000);
    coverage.current();
    await jest.advanceTimersByTimeAsync(10);
    expect(coverage.current()).toEqual({ since: start - 6 * MINUTE, through: start + 10 * MINUTE, ttlMs: 24 * HOUR });
    await jest.advanceTimersByTimeAsync(11 * MINUTE);
    expect(coverage.current()).toBeNull();
    coverage.update(stateAt(Date.now(), start - 6 * MINUTE));
    expect(coverage.current()?.since).toBe(start - 6 * MINUTE);
  });
});

describe('freshness under a healthy feed', () => {
  it('keeps a covered report FRESH past its TTL while the feed polls, and lets it go STALE once the feed stops', async () => {
    const [mac] = madeUpMacs(1);
    const opswat = new FakeOpswat({ [mac!]: report() });
    let coverage: FreshnessCoverage | null = null;
    fixture = serviceWith(opswat, { coverage: () => coverage });
    const start = Date.now();
    coverage = { since: start - MINUTE, through: start + 10 * MINUTE, ttlMs: 24 * HOUR };
    const first = fixture.service.lookupIdentifier(mac!, 'MAC_ADDRESS', asClient('A'));
    await jest.advanceTimersByTimeAsync(100);
    expect((await first).state).toBe('FRESH');

    // Two hours on (TTL one hour), the feed still polling: FRESH, no call, its expiry the feed's horizon.
    await jest.advanceTimersByTimeAsync(2 * HOUR);
    coverage = { since: start - MINUTE, through: Date.now() + 10 * MINUTE, ttlMs: 24 * HOUR };
    const covered = await fixture.service.lookupIdentifier(mac!, 'MAC_ADDRESS', asClient('A'));
    expect(covered.state === 'FRESH' && covered.expiresAt).toBe(Date.now() + 10 * MINUTE);
    expect(opswat.calls).toHaveLength(1);

    // The feed stops: the report is past its own TTL, so it is STALE and refreshed.
    coverage = null;
    const lapsed = fixture.service.lookupIdentifier(mac!, 'MAC_ADDRESS', asClient('A'));
    await jest.advanceTimersByTimeAsync(100);
    expect((await lapsed).state).toBe('STALE');
    expect(opswat.calls).toHaveLength(2);
  });

  it('gives a report fetched before the coverage began its own TTL', async () => {
    const [mac] = madeUpMacs(1);
    const opswat = new FakeOpswat({ [mac!]: report() });
    let coverage: FreshnessCoverage | null = null;
    fixture = serviceWith(opswat, { coverage: () => coverage });
    const first = fixture.service.lookupIdentifier(mac!, 'MAC_ADDRESS', asClient('A'));
    await jest.advanceTimersByTimeAsync(100);
    await first;
    coverage = { since: Date.now() + 1, through: Date.now() + 3 * HOUR, ttlMs: 24 * HOUR };
    await jest.advanceTimersByTimeAsync(2 * HOUR);
    const after = fixture.service.lookupIdentifier(mac!, 'MAC_ADDRESS', asClient('A'));
    await jest.advanceTimersByTimeAsync(100);
    expect((await after).state).toBe('STALE');
  });
});
