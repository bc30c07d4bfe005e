/** Test controls: the call log and the queue of injected faults. */
import type { FaultSpec, RecordedCall, RouteName, UpstreamName } from './types.js';

const ROUTES: readonly RouteName[] = [
  'policy-runs',
  'policy-results',
  'orgs',
  'servers',
  'server',
  'oauth-token',
  'policy-check',
  'device-details',
  'get-devices',
  'status-changed',
  'status-changed-v2',
  'unknown',
];

/** Which routes each upstream serves, so a fault lands on the server that can see it. */
export const ROUTES_OF: Record<UpstreamName, readonly RouteName[]> = {
  automox: ['policy-runs', 'policy-results', 'orgs', 'servers', 'server', 'unknown'],
  opswat: ['oauth-token', 'policy-check', 'device-details', 'get-devices', 'status-changed', 'status-changed-v2', 'unknown'],
};

/** Every request both upstreams received, in arrival order (one log, so order holds across servers). */
export class CallRecorder {
  private log: RecordedCall[] = [];

  /** Logs a call on arrival; the caller sets `status` once something is sent. */
  record(call: RecordedCall): RecordedCall {
    this.log.push(call);
    return call;
  }

  /** Copies, so a test's snapshot does not change under it. */
  list(filter: { upstream?: UpstreamName; route?: RouteName } = {}): RecordedCall[] {
    return this.log
      .filter(
        (c) =>
          (filter.upstream === undefined || c.upstream === filter.upstream) && (filter.route === undefined || c.route === filter.route),
      )
      .map((c) => ({ ...c, query: c.query.map(([k, v]): [string, string] => [k, v]) }));
  }

  /** Forgets every call, or only one upstream's. */
  reset(upstream?: UpstreamName): void {
    this.log = upstream === undefined ? [] : this.log.filter((c) => c.upstream !== upstream);
  }
}

interface Pending {
  spec: FaultSpec;
  remaining: number;
}

/** Faults waiting for their route; the oldest matching one applies first. */
export class FaultBook {
  private pending: Pending[] = [];

  /** Queues a fault; remove() withdraws what is left of it. */
  add(spec: FaultSpec): { remove(): void } {
    const entry: Pending = { spec: { ...spec }, remaining: spec.times ?? 1 };
    this.pending.push(entry);
    return {
      remove: () => {
        this.pending = this.pending.filter((p) => p !== entry);
      },
    };
  }

  /** Consumes one use of the first fault for this route, if any. */
  take(route: RouteName): FaultSpec | undefined {
    const entry = this.pending.find((p) => p.spec.route === route);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending = this.pending.filter((p) => p !== entry);
    return entry.spec;
  }

  clear(): void {
    this.pending = [];
  }
}

/** Checks a fault once, naming the expected shape and the value received. */
export function validateFault(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null)
    throw new TypeError(`fault must be an object like {route: 'policy-check', status: 503}, got ${JSON.stringify(input)}`);
  const f = { ...(input as Record<string, unknown>) };
  // JSON cannot carry Infinity; the HTTP control surface accepts null or "Infinity" for it.
  if (f.times === null || f.times === 'Infinity') f.times = Infinity;
  if (!ROUTES.includes(f.route as RouteName))
    throw new TypeError(`fault.route must be one of ${ROUTES.join(', ')}, got ${JSON.stringify(f.route)}`);
  if (f.status !== undefined && !(Number.isInteger(f.status) && (f.status as number) >= 100 && (f.status as number) <= 599))
    throw new TypeError(`fault.status must be an HTTP status 100–599, got ${JSON.stringify(f.status)}`);
  if (f.times !== undefined && !(f.times === Infinity || (Number.isInteger(f.times) && (f.times as number) > 0)))
    throw new TypeError(`fault.times must be a positive integer or Infinity, got ${JSON.stringify(f.times)}`);
  if (f.latencyMs !== undefined && !(typeof f.latencyMs === 'number' && f.latencyMs >= 0))
    throw new TypeError(`fault.latencyMs must be a number ≥ 0, got ${JSON.stringify(f.latencyMs)}`);
  for (const key of ['body', 'retryAfter'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'string')
      throw new TypeError(`fault.${key} must be a string, got ${JSON.stringify(f[key])}`);
  }
  for (const key of ['malformed', 'hang'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'boolean')
      throw new TypeError(`fault.${key} must be a boolean, got ${JSON.stringify(f[key])}`);
  }
  return f as unknown as FaultSpec;
}
