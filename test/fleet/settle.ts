import type { TestGraph } from '../helpers/graph.js';
import { until } from '../helpers/until.js';

/**
 * Resolves once the background work of a fresh graph with FLEET_SWEEP=on has settled: the MAC
 * sweep has been through every eligible device, the hostname join (the listing, which runs after
 * it) has run, and no lookup is queued or in flight. Specs that count calls start after this, so
 * the sweep's own calls are never counted as theirs.
 */
export async function settled(graph: TestGraph, timeoutMs = 60_000): Promise<void> {
  const fleet = graph.graph.fleet;
  // The listing runs only when some device needs it (no usable MAC, or every MAC unknown to OPSWAT).
  const joinNeeded = () =>
    [...fleet.all()].some(
      (entry) => entry.device.deletedAt === null && (entry.device.macAddresses.length === 0 || entry.outcome?.state === 'NOT_FOUND'),
    );
  const done = () =>
    fleet.size > 0 &&
    fleet.counts(Date.now()).unknown === 0 &&
    (!joinNeeded() || graph.logs.text().includes('fleet listing:')) &&
    graph.graph.sweeper!.inFlight === 0 &&
    graph.graph.services.compliance.queueDepth === 0;
  await until(done, timeoutMs, "the fleet's background work (sweep, hostname join, their lookups) to settle");
}
