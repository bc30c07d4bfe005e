/**
 * The change feed, counted at the simulator over real HTTP: a status change made at OPSWAT reads
 * correctly within one feed interval, through the feed's own pages and no Device Details call.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FleetEntry } from '../../src/fleet/index.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { until } from '../helpers/until.js';
import { settled } from './settle.js';

let sim: Simulator | undefined;
let graph: TestGraph | undefined;
afterEach(async () => {
  await graph?.close();
  await sim?.close();
  graph = undefined;
  sim = undefined;
});

/** The verdict the index holds for an entry, if it has a report. */
const statusOf = (entry: FleetEntry | undefined) =>
  entry?.outcome?.state === 'FRESH' || entry?.outcome?.state === 'STALE' ? entry.outcome.answer.report.status : undefined;

const DEVICE = `query($h: String!) { device(hostname: $h) { compliance { state report { status totalIssues totalCriticalIssues hasCriticalIssues }
  updatedBy { source fields at detailsFetchedAt } } } }`;

describe('the Status Change feed', () => {
  it('applies a change made at OPSWAT within one interval, with no Device Details call, and says which fields it set', async () => {
    sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
    graph = await startGraph(sim, {
      OPSWAT_RATE_LIMIT: '10',
      OPSWAT_RATE_WINDOW_MS: '2000',
      FLEET_SWEEP: 'on',
      FLEET_FEED_INTERVAL_SECONDS: '1',
      ...LIFTED_DOCUMENT_LIMITS,
    });
    const fleet = graph.graph.fleet;
    await settled(graph);

    // A compliant device with a unique hostname, tied to its OPSWAT id by the sweep's answer.
    const hostnames = new Map<string, number>();
    for (const entry of fleet.all()) hostnames.set(entry.device.hostname, (hostnames.get(entry.device.hostname) ?? 0) + 1);
    const target = [...fleet.all()].find(
      (entry: FleetEntry) =>
        entry.opswatDeviceId !== null &&
        hostnames.get(entry.device.hostname) === 1 &&
        entry.outcome?.state === 'FRESH' &&
        entry.outcome.answer.report.status === 'COMPLIANT',
    )!;
    const gone = [...fleet.all()].find((entry) => entry.opswatDeviceId !== null && entry !== target && entry.outcome?.state === 'FRESH')!;
    const detailsBefore = sim.calls({ route: 'device-details' }).length;

    const changedAt = Date.now();
    sim.opswat.change(target.opswatDeviceId!, { status: 'non_compliant', totalIssues: 3, totalCriticalIssues: 1 });
    sim.opswat.change(gone.opswatDeviceId!, { deleted: true });
    await until(() => statusOf(fleet.get(target.device.id)) === 'NON_COMPLIANT', 10_000, 'the change to arrive by the feed');
    // One interval (1 s) plus the tick that polls it and the page's call.
    expect(Date.now() - changedAt).toBeLessThan(5_000);
    await until(() => fleet.get(gone.device.id)?.outcome?.state === 'NOT_FOUND', 5_000, 'the deletion');

    const response = await graph.query(DEVICE, { h: target.device.hostname });
    expect(response.data!.device.compliance).toEqual({
      state: 'FRESH',
      report: { status: 'NON_COMPLIANT', totalIssues: 3, totalCriticalIssues: 1, hasCriticalIssues: true },
      updatedBy: expect.objectContaining({
        source: 'STATUS_CHANGE',
        fields: ['status', 'totalIssues', 'totalCriticalIssues', 'hasCriticalIssues'],
      }),
    });
    expect(sim.calls({ route: 'device-details' })).toHaveLength(detailsBefore);
    const feedCalls = sim.calls({ route: 'status-changed' });
    expect(feedCalls.length).toBeGreaterThan(0);
    // Each page asks from the last good poll (plus a 60 s margin), 50 a page, from page 1.
    for (const call of feedCalls) {
      expect(call.body).toEqual(expect.objectContaining({ verbose: 0, page: 1, limit: 50 }));
      expect((call.body as { age: number }).age).toBeGreaterThanOrEqual(61);
      expect((call.body as { age: number }).age).toBeLessThan(70);
    }
    // The feed's pages are OPSWAT calls like any other: the budget holds.
    expect(sim.calls().filter((call) => call.upstream === 'opswat' && call.status === 429)).toHaveLength(0);
  }, 60_000);
});
