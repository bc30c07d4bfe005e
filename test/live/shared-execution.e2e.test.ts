/**
 * Fan-out executes an event once per group of identical subscriptions (document, variables,
 * caller's scopes), not once per subscriber, over both transports; each subscriber still hears
 * only what its own filter selects.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { freshOutcome, openSse, openWs, until, type WsConnection } from '../helpers/subscriptions.js';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 40, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  graph = await startGraph(sim, { SUBSCRIPTIONS_MAX_PER_CLIENT: '100' });
  // A view syncs the index with the inventory (nothing sweeps here).
  expect((await graph.query('{ fleetSummary { totalCount } }')).errors).toBeUndefined();
}, 30_000);
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

const DEVICE_CHANGED = `subscription($f: DeviceFilter) { deviceChanged(filter: $f) { id hostname compliance { state report { status } } } }`;
const IDS_ONLY = 'subscription { deviceChanged { id } }';
const executions = () => graph.graph.http.subscriptions!.executions;
const entries = () => [...graph.graph.fleet.all()].filter((entry) => entry.device.macAddresses.length > 0);

describe('one event, many identical subscribers', () => {
  it('is executed once per group and delivered to every subscriber its filter selects, over WebSocket and event stream', async () => {
    const open = async (query: string, variables?: Record<string, unknown>) => {
      const ws = await openWs(graph.url);
      await ws.init();
      ws.subscribe('1', query, variables);
      return ws;
    };
    const nonCompliant = await Promise.all(Array.from({ length: 20 }, () => open(DEVICE_CHANGED, { f: { status: ['NON_COMPLIANT'] } })));
    const compliant = await Promise.all(Array.from({ length: 10 }, () => open(DEVICE_CHANGED, { f: { status: ['COMPLIANT'] } })));
    const idsOnly = await Promise.all(Array.from({ length: 5 }, () => open(IDS_ONLY)));
    const streams = await Promise.all(
      Array.from({ length: 5 }, () => openSse(graph.url, DEVICE_CHANGED, { f: { status: ['NON_COMPLIANT'] } })),
    );
    const sockets: WsConnection[] = [...nonCompliant, ...compliant, ...idsOnly];
    try {
      await until(() => graph.graph.services.live.size === 40, 15_000, '40 subscriptions');
      const [a, b] = entries();
      const heard = (ws: WsConnection, id: number) =>
        ws.messages.some((m) => m.type === 'next' && (m.payload.data.deviceChanged as { id: string }).id === String(id));

      // A device turns NON_COMPLIANT: the NON_COMPLIANT group (25, both transports) and the ids-only group hear it.
      const before = executions();
      graph.graph.fleet.record(a!.device.id, freshOutcome(a!, 'NON_COMPLIANT'));
      await until(() => [...nonCompliant, ...idsOnly].every((ws) => heard(ws, a!.device.id)), 15_000, 'the first change');
      const events = await Promise.all(
        streams.map((sse) => sse.next((e) => e.event === 'next' && e.data.data.deviceChanged.id === String(a!.device.id))),
      );
      expect(executions() - before).toBe(2);
      const payloads = nonCompliant.map((ws) => ws.messages.find((m) => m.type === 'next')!.payload);
      expect(new Set(payloads.map((payload) => JSON.stringify(payload))).size).toBe(1);
      expect(payloads[0]).toEqual({
        data: {
          deviceChanged: {
            id: String(a!.device.id),
            hostname: a!.device.hostname,
            compliance: { state: 'FRESH', report: { status: 'NON_COMPLIANT' } },
          },
        },
      });
      expect(events.map((event) => event.data)).toEqual(payloads.slice(0, 5));
      expect(idsOnly[0]!.messages.find((m) => m.type === 'next')!.payload).toEqual({
        data: { deviceChanged: { id: String(a!.device.id) } },
      });

      // Another turns COMPLIANT: the COMPLIANT group and the ids-only group; the NON_COMPLIANT group hears nothing of it.
      const between = executions();
      graph.graph.fleet.record(b!.device.id, freshOutcome(b!, 'COMPLIANT'));
      await until(() => [...compliant, ...idsOnly].every((ws) => heard(ws, b!.device.id)), 15_000, 'the second change');
      expect(executions() - between).toBe(2);
      expect(nonCompliant.some((ws) => heard(ws, b!.device.id))).toBe(false);
      expect(compliant.some((ws) => heard(ws, a!.device.id))).toBe(false);
      expect(compliant.every((ws) => ws.messages.filter((m) => m.type === 'next').length === 1)).toBe(true);
    } finally {
      await Promise.all(sockets.map((ws) => ws.close()));
      for (const sse of streams) sse.close();
    }
  }, 60_000);
});
