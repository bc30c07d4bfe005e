/**
 * The background sweep's "done when", counted at the simulator over real HTTP (a short budget
 * window, so a test takes seconds): a cold fleet nobody asks about is swept within the call bound,
 * then read with every verdict right and no new lookup call; while it runs, clients come first.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FleetEntry } from '../../src/fleet/index.js';
import { detailsStatus } from '../../src/opswat/index.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import {
  askedIdentifiers,
  ENTITIES,
  LIFTED_DOCUMENT_LIMITS,
  maxInAnyWindow,
  opswatCalls,
  representations,
  SETTLED,
} from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { until } from '../helpers/until.js';

const LIMIT = 10;

let sim: Simulator | undefined;
let graph: TestGraph | undefined;
afterEach(async () => {
  await graph?.close();
  await sim?.close();
  graph = undefined;
  sim = undefined;
});

const budgetOf = (windowMs: number) => ({
  OPSWAT_RATE_LIMIT: String(LIMIT),
  OPSWAT_RATE_WINDOW_MS: String(windowMs),
  FLEET_SWEEP: 'on',
  ...LIFTED_DOCUMENT_LIMITS,
});

/**
 * The MACs a sweep must ask at least: per eligible device, its ranked MACs up to the first one
 * OPSWAT knows (a device known only by its second adapter costs two), or all of them.
 */
function macsToAsk(entries: readonly FleetEntry[], sim: Simulator): number {
  const truth = new Map(sim.fleet.devices.map((device) => [device.id, device]));
  return entries.reduce((sum, entry) => {
    const known = truth.get(entry.device.id)!.opswat;
    const first = known.detailsStatus === null ? -1 : entry.device.macAddresses.findIndex((mac) => known.knownMacs.includes(mac));
    return sum + (first === -1 ? entry.device.macAddresses.length : first + 1);
  }, 0);
}

const eligibleEntries = (g: TestGraph) =>
  [...g.graph.fleet.all()].filter((entry) => entry.device.deletedAt === null && entry.device.macAddresses.length > 0);

describe('a cold fleet, no client asking', () => {
  it('is swept in at most ceil(MACs to ask / 50) + 2 calls, then read with every verdict right and no new lookup call', async () => {
    sim = await startSimulator({ fleetSize: 1300, opswatRateLimit: LIMIT, opswatRateWindowMs: 2_000 });
    graph = await startGraph(sim, budgetOf(2_000));
    const fleet = graph.graph.fleet;
    await until(
      () => fleet.size > 0 && fleet.counts(Date.now()).unknown === 0 && graph!.graph.sweeper!.inFlight === 0,
      60_000,
      'the sweep',
    );

    const entries = eligibleEntries(graph);
    const calls = opswatCalls(sim.calls());
    const bound = Math.ceil(macsToAsk(entries, sim) / 50) + 2;
    expect(entries.length).toBeGreaterThan(1_000);
    expect(calls.length).toBeLessThanOrEqual(bound);
    expect(calls.every((call) => call.route === 'device-details' && call.status === 200)).toBe(true);
    expect(maxInAnyWindow(calls, 2_000)).toBeLessThanOrEqual(LIMIT);
    // No MAC asked twice.
    expect(new Set(askedIdentifiers(calls)).size).toBe(askedIdentifiers(calls).length);

    // Every verdict is the simulator's, device by device.
    const truth = new Map(sim.fleet.devices.map((device) => [device.id, device]));
    for (const entry of entries) {
      const known = truth.get(entry.device.id)!.opswat;
      const outcome = entry.outcome!;
      if (known.detailsStatus !== null && known.knownMacs.some((mac) => entry.device.macAddresses.includes(mac))) {
        expect(outcome.state === 'FRESH' && outcome.answer.report.status).toBe(detailsStatus(known.detailsStatus));
      } else {
        expect(outcome.state).toBe('NOT_FOUND');
      }
    }

    // The whole fleet reads through the graph from the cache: every row settled, no new lookup call.
    const hostnames = [...new Set(entries.map((entry) => entry.device.hostname))];
    const before = opswatCalls(sim.calls()).length;
    const response = await graph.query<{ _entities: Array<{ compliance: { state: string } }> }>(ENTITIES, {
      r: representations(hostnames),
    });
    expect(response.data!._entities.every((row) => SETTLED.has(row.compliance.state))).toBe(true);
    expect(opswatCalls(sim.calls()).length).toBe(before);
  }, 90_000);
});

describe('clients while the sweep runs', () => {
  it('answers at least 20 of a cold 25-row page in its first response, and sends a free-form lookup within 2 calls', async () => {
    const WINDOW = 6_000;
    sim = await startSimulator({ fleetSize: 1300, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
    graph = await startGraph(sim, budgetOf(WINDOW));
    // The sweep's first window: 9 calls, one slot left for clients.
    await until(() => opswatCalls(sim!.calls()).length >= LIMIT - 1, 20_000, "the sweep's first window");

    const unswept = eligibleEntries(graph).filter((entry) => entry.outcome === undefined);
    const hostnames = [...new Set(unswept.map((entry) => entry.device.hostname))].slice(0, 25);
    expect(hostnames).toHaveLength(25);
    const page = await graph.query<{ _entities: Array<{ compliance: { state: string } }> }>(ENTITIES, { r: representations(hostnames) });
    const settled = page.data!._entities.filter((row) => SETTLED.has(row.compliance.state));
    expect(settled.length).toBeGreaterThanOrEqual(20);

    const callsBefore = opswatCalls(sim.calls()).length;
    const madeUp = '02:ab:cd:00:00:01';
    await graph.query(`{ compliance(identifier: "${madeUp}") { state } }`);
    await until(() => askedIdentifiers(sim!.calls()).includes(madeUp), 3 * WINDOW, 'the free-form lookup');
    const carrying = opswatCalls(sim.calls()).findIndex((call) => ((call.body as { ids?: string[] }).ids ?? []).includes(madeUp));
    expect(carrying - callsBefore).toBeLessThan(2);
    expect(maxInAnyWindow(opswatCalls(sim.calls()), WINDOW)).toBeLessThanOrEqual(LIMIT);
  }, 60_000);
});
