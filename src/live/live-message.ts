// What one replica tells the others when a device changed in its fleet index. The index is per
// replica: the sweeper's replica learns from the sweep, the change feed and the listing; whichever
// replica a webhook push or a client's lookup reached learns that. Another replica's index (and the
// in-process cache its views read) may well NOT hold the news yet, and re-reading the shared cache
// would not do either: a feed entry or a push updates only the sweeper's memory until the next
// Device Details call is cached. So a message carries the facts themselves: the device as the
// publishing replica's inventory has it, and the compliance outcome its index now holds (a few kB,
// plain data). Each receiving replica mirrors that outcome into its own index (unless it already
// holds a newer one), so its `devices` / `fleetSummary` and summary subscriptions agree, and
// builds the `deviceChanged` payload from the message: no replica spends a call on it.

import type { ComplianceOutcome } from '../compliance/index.js';
import type { FleetChange } from '../fleet/index.js';
import type { InventoryDevice } from '../inventory/index.js';

/** The pub/sub channel of device changes; the store prefixes it with STORE_NAMESPACE (one channel per deployment). */
export const LIVE_CHANNEL = 'live:devices';

/** What changed about a device. */
export type DeviceChangeKind =
  /** Its compliance state, verdict or issue counts. */
  | 'compliance'
  /** Facts the Automox inventory reports (OS, agent, tags, policies, last seen, …). */
  | 'inventory'
  /** It appeared in the inventory. */
  | 'added'
  /** It left the inventory. */
  | 'removed';

/** One device change, as published between replicas. */
export interface LiveMessage {
  v: 1;
  /** The publishing replica: it delivered to its own subscribers already. */
  origin: string;
  /** The Automox device id. */
  id: number;
  changes: DeviceChangeKind[];
  device: InventoryDevice;
  /** The outcome the publisher's index holds now; null when nothing is known. */
  outcome: ComplianceOutcome | null;
}

/** What a change of the index means for subscribers; empty when nothing they can see changed (a refresh with the same verdict). */
export function changesOf(change: FleetChange): DeviceChangeKind[] {
  switch (change.kind) {
    case 'added':
      return ['added'];
    case 'deleted':
      return ['removed'];
    case 'updated': {
      const changes: DeviceChangeKind[] = [];
      if (complianceKey(change.previous) !== complianceKey(change.entry.outcome)) changes.push('compliance');
      // Each inventory reload brings new objects for every device: only a difference in its facts counts.
      if (change.previousDevice !== change.entry.device && JSON.stringify(change.previousDevice) !== JSON.stringify(change.entry.device)) {
        changes.push('inventory');
      }
      return changes;
    }
  }
}

/** What subscribers see of an outcome: its state, verdict and issue counts (not when it was fetched). */
export function complianceKey(outcome: ComplianceOutcome | null | undefined): string {
  if (!outcome) return 'UNKNOWN';
  if (outcome.state !== 'FRESH' && outcome.state !== 'STALE') return outcome.state;
  const report = outcome.answer.report;
  return `${outcome.state}|${report.status}|${report.totalIssues}|${report.totalCriticalIssues}|${report.hasCriticalIssues}`;
}

const KINDS = new Set<string>(['compliance', 'inventory', 'added', 'removed']);

/** Reads a message off the channel; null for anything that is not one (another version, a stray publish). */
export function parseMessage(text: string): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const message = value as Partial<LiveMessage> | null;
  if (
    typeof message !== 'object' ||
    message === null ||
    message.v !== 1 ||
    typeof message.origin !== 'string' ||
    !Number.isInteger(message.id) ||
    !Array.isArray(message.changes) ||
    !message.changes.every((kind) => KINDS.has(kind)) ||
    typeof message.device !== 'object' ||
    message.device === null ||
    message.device.id !== message.id ||
    (message.outcome !== null && (typeof message.outcome !== 'object' || typeof message.outcome.state !== 'string'))
  ) {
    return null;
  }
  return message as LiveMessage;
}
