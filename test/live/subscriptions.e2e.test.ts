/**
 * Subscriptions over real WebSockets and event streams against one graph in this process: what a
 * subscriber hears when the fleet index changes (filtered, throttled), and that it costs no
 * upstream call. The index is driven directly here (as the sweep, the feed or a webhook would
 * write it); test/live/replicas.e2e.test.ts drives it from the simulator, across processes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { freshOutcome, openSse, openWs, until } from '../helpers/subscriptions.js';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 60, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  graph = await startGraph(sim, { LOG_LEVEL: 'info' });
  // A view syncs the index with the inventory (nothing sweeps here).
  expect((await graph.query('{ fleetSummary { totalCount } }')).errors).toBeUndefined();
}, 30_000);
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

const entries = () => [...graph.graph.fleet.all()].filter((entry) => entry.device.macAddresses.length > 0);
const opswatCalls = () => sim.calls().filter((call) => call.upstream === 'opswat').length;

const DEVICE_CHANGED = `subscription($f: DeviceFilter) { deviceChanged(filter: $f) { id hostname compliance { state report { status totalIssues } } } }`;
const SUMMARY_CHANGED = `subscription($f: DeviceFilter) { fleetSummaryChanged(filter: $f) { totalCount byStatus { status count } } }`;

describe('deviceChanged', () => {
  it('delivers a change of the index over graphql-ws, only to subscribers whose filter the device now matches, at no upstream call', async () => {
    const all = await openWs(graph.url);
    const nonCompliant = await openWs(graph.url);
    await all.init();
    await nonCompliant.init();
    all.subscribe('1', DEVICE_CHANGED);
    nonCompliant.subscribe('1', DEVICE_CHANGED, { f: { status: ['NON_COMPLIANT'] } });
    // The subscriptions are registered once the server has taken them (no event to wait on yet).
    await until(() => graph.graph.services.live.size === 2, 5_000, 'both subscriptions');
    const calls = opswatCalls();

    const [a, b] = entries();
    graph.graph.fleet.record(a!.device.id, freshOutcome(a!, 'COMPLIANT'));
    graph.graph.fleet.record(b!.device.id, freshOutcome(b!, 'NON_COMPLIANT'));

    const heard = await all.next((m) => m.type === 'next' && m.payload.data.deviceChanged.id === String(b!.device.id));
    expect(heard.payload.data.deviceChanged).toEqual({
      id: String(b!.device.id),
      hostname: b!.device.hostname,
      compliance: { state: 'FRESH', report: { status: 'NON_COMPLIANT', totalIssues: 2 } },
    });
    await nonCompliant.next((m) => m.type === 'next');
    const toAll = all.messages.filter((m) => m.type === 'next').map((m) => m.payload.data.deviceChanged.id);
    expect(toAll).toEqual([String(a!.device.id), String(b!.device.id)]);
    const toFiltered = nonCompliant.messages
      .filter((m) => m.type === 'next')
      .map((m) => m.payload.data.deviceChanged.compliance.report.status);
    expect(toFiltered).toEqual(['NON_COMPLIANT']);

    // The same verdict learned again (a refresh) is no change; a new issue count is.
    graph.graph.fleet.record(b!.device.id, freshOutcome(b!, 'NON_COMPLIANT'));
    graph.graph.fleet.record(b!.device.id, freshOutcome(b!, 'NON_COMPLIANT', 5));
    await nonCompliant.next((m) => m.type === 'next' && m.payload.data.deviceChanged.compliance.report.totalIssues === 5);
    expect(nonCompliant.messages.filter((m) => m.type === 'next')).toHaveLength(2);
    expect(opswatCalls()).toBe(calls);
    await all.close();
    await nonCompliant.close();
    await until(() => graph.graph.services.live.size === 0, 5_000, 'the subscriptions to end with their connections');
  });

  it('delivers over graphql-sse (POST /graphql/stream) the same way', async () => {
    const stream = await openSse(graph.url, DEVICE_CHANGED, { f: { status: ['COMPLIANT'] } });
    expect(stream.status).toBe(200);
    await until(() => graph.graph.services.live.size === 1, 5_000, 'the subscription');
    const [, , c] = entries();
    graph.graph.fleet.record(c!.device.id, freshOutcome(c!, 'NON_COMPLIANT'));
    graph.graph.fleet.record(c!.device.id, freshOutcome(c!, 'COMPLIANT'));
    const event = await stream.next((e) => e.event === 'next');
    expect(event.data.data.deviceChanged).toEqual(
      expect.objectContaining({
        id: String(c!.device.id),
        compliance: { state: 'FRESH', report: { status: 'COMPLIANT', totalIssues: 0 } },
      }),
    );
    stream.close();
    await until(() => graph.graph.services.live.size === 0, 5_000, 'the subscription to end with its stream');
  });

  it('refuses a bad filter with BAD_USER_INPUT before registering anything', async () => {
    const ws = await openWs(graph.url);
    await ws.init();
    ws.subscribe('1', DEVICE_CHANGED, { f: { reportOlderThanSeconds: -1 } });
    const message = await ws.next((m) => m.id === '1' && (m.type === 'next' || m.type === 'error'));
    expect(message.payload.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(graph.graph.services.live.size).toBe(0);
    await ws.close();
  });
});

describe('POST /graphql', () => {
  it('answers a subscription sent as a query with a 400 naming where subscriptions are served', async () => {
    const response = await graph.query(DEVICE_CHANGED);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/graphql-ws|graphql\/stream/);
  });
});

describe('fleetSummaryChanged', () => {
  it('sends the current summary at once, then at most one event a second however many changes arrive, each the summary when sent', async () => {
    const ws = await openWs(graph.url);
    await ws.init();
    const targets = entries().slice(10, 50);
    for (const entry of targets) graph.graph.fleet.record(entry.device.id, freshOutcome(entry, 'COMPLIANT'));
    ws.subscribe('s', SUMMARY_CHANGED, { f: { status: ['NON_COMPLIANT'] } });
    const first = await ws.next((m) => m.type === 'next');
    const initial = first.payload.data.fleetSummaryChanged.totalCount as number;
    const calls = opswatCalls();

    // 40 devices turn NON_COMPLIANT, four every 100 ms: 40 changes in about a second.
    for (const [i, entry] of targets.entries()) {
      graph.graph.fleet.record(entry.device.id, freshOutcome(entry, 'NON_COMPLIANT'));
      if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const last = await ws.next(
      (m) => m.type === 'next' && m.payload.data.fleetSummaryChanged.totalCount === initial + targets.length,
      10_000,
      'the summary with every change',
    );
    const events = ws.messages.filter((m) => m.type === 'next');
    // 40 changes, a handful of events, never two within a second (a few ms of timer slack).
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < events.length; i += 1) expect(events[i]!.receivedAt - events[i - 1]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(last.payload.data.fleetSummaryChanged.byStatus).toContainEqual({ status: 'NON_COMPLIANT', count: initial + targets.length });
    // Nothing changed since: no further event.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(ws.messages.filter((m) => m.type === 'next')).toHaveLength(events.length);
    expect(opswatCalls()).toBe(calls);
    await ws.close();
  });
});
