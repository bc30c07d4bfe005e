import type { RecordedCall, Simulator } from '../../src/simulator/index.js';

/** The most calls found in any span of `windowMs` (a sliding window over every start point). */
export function maxInAnyWindow(calls: readonly RecordedCall[], windowMs: number): number {
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[i]! - times[j]! >= windowMs) j += 1;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** Calls OPSWAT answered (not 429s). */
export function accepted(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter((call) => call.status !== 429);
}

/** OPSWAT compliance calls of either route (Device Details batches and Policy Checks), as counted. */
export function opswatCalls(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter((call) => call.route === 'device-details' || call.route === 'policy-check');
}

/** Every identifier OPSWAT was asked for, one entry per time it was asked (a batch's ids, or a policy check's path segment). */
export function askedIdentifiers(calls: readonly RecordedCall[]): string[] {
  return opswatCalls(calls).flatMap((call) => {
    if (call.route === 'policy-check') return [call.path.split('/')[5] ?? call.path];
    const ids = (call.body as { ids?: unknown } | undefined)?.ids;
    return Array.isArray(ids) ? ids.map(String) : [];
  });
}

/** Identifiers asked more than once. */
export function repeatedIdentifiers(calls: readonly RecordedCall[]): string[] {
  const seen = new Map<string, number>();
  for (const id of askedIdentifiers(calls)) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}

/** Sleeps (real time: these tests run real processes against the simulator). */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `_entities` for the given hostnames, asking only for compliance state. */
export const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Device { hostname compliance { state identifier retryAfterSeconds } } } }`;

/** Representations of devices by hostname. */
export const representations = (hostnames: readonly string[]) => hostnames.map((hostname) => ({ __typename: 'Device', hostname }));

/** Hostnames of live devices that have a MAC to ask OPSWAT with (the eligible devices). */
export const liveHostnames = (simulator: Simulator, count = Number.POSITIVE_INFINITY, from = 0) =>
  simulator.fleet.devices
    .filter((device) => !device.deletedAt && device.physicalMacs.length > 0)
    .slice(from, from + count)
    .map((device) => device.hostname);

/** One document of `compliance(identifier:)` lookups, one alias per MAC. */
export function aliasedLookups(macs: readonly string[]): string {
  return `{ ${macs.map((mac, i) => `m${i}: compliance(identifier: "${mac}") { state identifier failureCode retryAfterSeconds }`).join(' ')} }`;
}

/** Made-up (locally administered) MACs, `count` of them from `from`. */
export function madeUpMacs(count: number, from = 0, prefix = '02:00'): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return `${prefix}:${[(n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
  });
}

/** States that answer a row (no need to ask again). */
export const SETTLED = new Set(['FRESH', 'NOT_FOUND', 'UNMATCHED']);

export { LIFTED_DOCUMENT_LIMITS } from '../../src/simulator/index.js';

/** Aliased lookups of `macs`, sent as several requests small enough for the request-body limit; their answers merged. */
export async function floodOfLookups<T>(
  query: (document: string) => Promise<{ data?: Record<string, T> | null }>,
  macs: readonly string[],
  perRequest = 2_000,
) {
  const chunks = Array.from({ length: Math.ceil(macs.length / perRequest) }, (_, i) => macs.slice(i * perRequest, (i + 1) * perRequest));
  const responses = await Promise.all(chunks.map((chunk) => query(aliasedLookups(chunk))));
  return responses.flatMap((response) => Object.values(response.data ?? {}));
}
