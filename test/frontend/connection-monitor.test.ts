import type { ApolloLink } from '@apollo/client';
import { describe, expect, it, jest } from '@jest/globals';
import { firstValueFrom, of, throwError } from 'rxjs';
import { reconnectDelayMs } from '../../examples/web/src/apollo.js';
import { ConnectionMonitor } from '../../examples/dashboard/src/connection.js';

// The dashboard's connection monitor (examples/dashboard/src/connection.ts) as the graphql-ws client
// drives it; test/browser/dashboard-live.test.ts shows the same in Chromium against a graph that goes away.

describe('the dashboard connection monitor, for the live-updates socket', () => {
  it('says lost when the socket closes, not when the client closes it itself (1000), and connected once it is back', () => {
    const monitor = new ConnectionMonitor();
    const socket = monitor.socketListeners();
    socket.closed!({ code: 1000, reason: 'Normal Closure' });
    expect(monitor.getSnapshot()).toEqual({ kind: 'connected' });
    socket.closed!({ code: 1006, reason: '' });
    expect(monitor.getSnapshot()).toEqual(
      expect.objectContaining({ kind: 'lost', requests: false, message: 'live updates: socket closed (1006)' }),
    );
    socket.connected!(undefined as never, undefined as never, false);
    expect(monitor.getSnapshot()).toEqual({ kind: 'connected' });
  });

  it('asks every view again when the socket comes back after a loss, and not on the first connection', async () => {
    const monitor = new ConnectionMonitor();
    const refresher = jest.fn(async () => undefined);
    monitor.onRefresh(refresher);
    const socket = monitor.socketListeners();
    socket.connected!(undefined as never, undefined as never, false);
    expect(refresher).not.toHaveBeenCalled();
    socket.closed!({ code: 1001, reason: 'Going away' });
    socket.closed!({ code: 1006, reason: '' });
    socket.connected!(undefined as never, undefined as never, false);
    expect(refresher).toHaveBeenCalledTimes(1);
    socket.connected!(undefined as never, undefined as never, false);
    expect(refresher).toHaveBeenCalledTimes(1);
  });

  it('keeps the first loss time and notifies only on a change', () => {
    const monitor = new ConnectionMonitor();
    const listener = jest.fn();
    monitor.subscribe(listener);
    const socket = monitor.socketListeners();
    socket.closed!({ code: 1006, reason: '' });
    const first = monitor.getSnapshot();
    socket.closed!({ code: 1006, reason: '' });
    expect(monitor.getSnapshot()).toBe(first);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('the dashboard connection monitor, for requests', () => {
  /** Runs one operation of `operationType` through the monitor's link, its transport answering with `answer`. */
  const run = (monitor: ConnectionMonitor, operationType: string, answer: () => ReturnType<ApolloLink.ForwardFunction>) =>
    firstValueFrom(monitor.link().request({ operationType } as unknown as ApolloLink.Operation, answer)!).catch(() => undefined);

  it('says lost when a request fails, until one gets an answer; a subscription event does not clear it', async () => {
    const monitor = new ConnectionMonitor();
    await run(monitor, 'query', () => throwError(() => new TypeError('Failed to fetch')));
    expect(monitor.getSnapshot()).toEqual(expect.objectContaining({ kind: 'lost', requests: true, message: 'Failed to fetch' }));
    // The live-updates socket is up and an event arrives: requests still fail.
    await run(monitor, 'subscription', () => of({ data: { fleetSummaryChanged: {} } }));
    expect(monitor.getSnapshot()).toEqual(expect.objectContaining({ kind: 'lost', requests: true }));
    await run(monitor, 'query', () => of({ data: {} }));
    expect(monitor.getSnapshot()).toEqual({ kind: 'connected' });
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 0.5 s to at most 8 s, plus up to 0.5 s of jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 30].map((retries) => reconnectDelayMs(retries, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(reconnectDelayMs(0, () => 0.999)).toBe(999);
  });
});
