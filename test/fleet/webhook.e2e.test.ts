/**
 * OPSWAT's webhook over real HTTP: what is refused before anything is read or changed, and how a
 * push from the simulator lands in the index within seconds, verified by at most one packed Device
 * Details call per device per interval, however many pushes name it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FleetEntry } from '../../src/fleet/index.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS, sleep } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { until } from '../helpers/until.js';
import { settled } from './settle.js';

const SECRET = 'opswat-push-key-0123456789abcdef';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  graph = await startGraph(sim, {
    OPSWAT_RATE_LIMIT: '10',
    OPSWAT_RATE_WINDOW_MS: '2000',
    FLEET_SWEEP: 'on',
    // The feed must not be what delivers the change here: one poll an hour.
    FLEET_FEED_INTERVAL_SECONDS: '3600',
    OPSWAT_WEBHOOK_SECRET: SECRET,
    ...LIFTED_DOCUMENT_LIMITS,
  });
  await settled(graph);
  sim.opswat.configureWebhook({ url: `${graph.url}/webhooks/opswat`, key: SECRET });
}, 60_000);
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

const push = (body: string, headers: Record<string, string> = { authorization: SECRET }) =>
  fetch(`${graph.url}/webhooks/opswat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const statusOf = (entry: FleetEntry | undefined) =>
  entry?.outcome?.state === 'FRESH' || entry?.outcome?.state === 'STALE' ? entry.outcome.answer.report.status : entry?.outcome?.state;

/** Devices the sweep tied to their OPSWAT id, each with a report, `count` of them with the given verdict. */
function tied(count: number, status: string, skip: readonly FleetEntry[] = []): FleetEntry[] {
  return [...graph.graph.fleet.all()]
    .filter((entry) => entry.opswatDeviceId !== null && statusOf(entry) === status && !skip.includes(entry))
    .slice(0, count);
}

describe('what the receiver refuses', () => {
  it('answers 401 to a missing, wrong, prefixed or near-miss key, and changes nothing', async () => {
    const [entry] = tied(1, 'COMPLIANT');
    const body = JSON.stringify([{ device_id: entry!.opswatDeviceId, status: 'non_compliant', timestamp: Date.now() + 60_000 }]);
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'wrong' },
      { authorization: `Bearer ${SECRET}` },
      { authorization: `${SECRET.slice(0, -1)}x` },
      { authorization: SECRET.toUpperCase() },
    ];
    for (const headers of attempts) {
      const response = await push(body, headers);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    await sleep(200);
    expect(statusOf(graph.graph.fleet.get(entry!.device.id))).toBe('COMPLIANT');
  });

  it('refuses a body over 256 kB with 413 and a body that is not an array with 400, both authorized', async () => {
    const huge = JSON.stringify(
      Array.from({ length: 6_000 }, (_, i) => ({ device_id: `ID-${i}-padding-padding`, status: 'compliant', timestamp: i })),
    );
    expect(huge.length).toBeGreaterThan(256 * 1024);
    expect((await push(huge)).status).toBe(413);
    expect((await push('{"device_id":"x"}')).status).toBe(400);
    expect((await push('not json')).status).toBe(400);
  });

  it('is not served at all without OPSWAT_WEBHOOK_SECRET', async () => {
    const other = await startGraph(sim, { FLEET_SWEEP: 'off' });
    try {
      const response = await fetch(`${other.url}/webhooks/opswat`, { method: 'POST', headers: { authorization: SECRET }, body: '[]' });
      expect(response.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('a push from OPSWAT', () => {
  it('lands in the index within seconds, verified by one packed Device Details call, and a replay changes nothing', async () => {
    const [entry] = tied(1, 'COMPLIANT');
    const detailsBefore = sim.calls({ route: 'device-details' }).length;
    const changedAt = Date.now();
    sim.opswat.change(entry!.opswatDeviceId!, { status: 'non_compliant', totalIssues: 2, totalCriticalIssues: 1 });
    await until(() => statusOf(graph.graph.fleet.get(entry!.device.id)) === 'NON_COMPLIANT', 5_000, 'the push');
    expect(Date.now() - changedAt).toBeLessThan(3_000);
    await sim.opswat.settled();
    expect(sim.opswat.webhook()).toEqual(expect.objectContaining({ enabled: true, delivered: 1, failed: 0 }));

    // The push carried no counts: Device Details verified them, in one call.
    await until(
      () => {
        const outcome = graph.graph.fleet.get(entry!.device.id)?.outcome;
        return outcome?.state === 'FRESH' && outcome.answer.update === undefined;
      },
      5_000,
      'the verification',
    );
    const verification = sim.calls({ route: 'device-details' }).slice(detailsBefore);
    expect(verification).toHaveLength(1);
    const response = await graph.query(`query($h: String!) { devices: device(hostname: $h) { id: automoxId } }`, {
      h: entry!.device.hostname,
    });
    expect(response.errors).toBeUndefined();
    const outcome = graph.graph.fleet.get(entry!.device.id)!.outcome!;
    expect(outcome.state === 'FRESH' && outcome.answer.report).toEqual(
      expect.objectContaining({ status: 'NON_COMPLIANT', totalIssues: 2, totalCriticalIssues: 1 }),
    );

    // The same push again (OPSWAT retries; an attacker replays a captured one): nothing changes, no call.
    const replay = JSON.stringify([{ device_id: entry!.opswatDeviceId, status: 'compliant', timestamp: changedAt - 1_000 }]);
    expect((await push(replay)).status).toBe(202);
    await sleep(300);
    expect(statusOf(graph.graph.fleet.get(entry!.device.id))).toBe('NON_COMPLIANT');
    expect(sim.calls({ route: 'device-details' }).length).toBe(detailsBefore + 1);
  });

  it('makes a pushed deletion NOT_FOUND at once, with no call', async () => {
    const [entry] = tied(1, 'COMPLIANT');
    const detailsBefore = sim.calls({ route: 'device-details' }).length;
    sim.opswat.change(entry!.opswatDeviceId!, { deleted: true });
    await until(() => statusOf(graph.graph.fleet.get(entry!.device.id)) === 'NOT_FOUND', 5_000, 'the deletion');
    await sleep(200);
    expect(sim.calls({ route: 'device-details' })).toHaveLength(detailsBefore);
  });

  it('spends at most one verification per device per interval on a flood of valid-looking pushes', async () => {
    const devices = tied(5, 'COMPLIANT');
    expect(devices).toHaveLength(5);
    const detailsBefore = sim.calls({ route: 'device-details' }).length;
    const start = Date.now() + 10_000;
    // 200 pushes of 5 events each, verdicts flipping, timestamps rising: all valid, all new.
    for (let i = 0; i < 200; i += 1) {
      const body = devices.map((entry) => ({
        device_id: entry.opswatDeviceId,
        status: i % 2 === 0 ? 'non_compliant' : 'compliant',
        timestamp: start + i,
      }));
      expect((await push(JSON.stringify(body))).status).toBe(202);
    }
    // Every push is applied (the last one says compliant), then the verifications have had their calls.
    await until(() => devices.every((entry) => statusOf(graph.graph.fleet.get(entry.device.id)) === 'COMPLIANT'), 10_000, 'the pushes');
    await until(() => graph.graph.services.compliance.queueDepth === 0, 10_000, 'the verifications');
    const verifications = sim.calls({ route: 'device-details' }).slice(detailsBefore);
    const verified = verifications.flatMap((call) => (call.body as { ids: string[] }).ids);
    // Each device at most once (the verifications ride together), and nothing else was asked.
    expect(new Set(verified).size).toBe(verified.length);
    expect(verified.length).toBeLessThanOrEqual(5);
    expect(verifications.length).toBeLessThanOrEqual(2);
  });
});
