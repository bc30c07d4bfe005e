/** The composition root: one fleet, two loopback servers, one handle for tests. */
import { createAutomoxApi } from './automox.routes.js';
import { CallRecorder, ROUTES_OF, validateFault } from './faults.js';
import { buildFleet } from './fleet.js';
import { TokenStore, createOpswatApi } from './opswat.routes.js';
import { type RunningUpstream, startUpstream } from './upstream.js';
import type { FaultSpec, RecordedCall, RouteName, Simulator, SimulatorOptions, UpstreamName } from './types.js';

/** The org UUID the simulator answers to unless told otherwise. */
export const DEFAULT_ORG_UUID = '5b3e9f1c-2d7a-4c68-9e41-7a0b3c5d8f21';

type Resolved = Required<SimulatorOptions>;

/** Applies defaults and validates once, naming the expected shape and the value received. */
export function resolveOptions(options: SimulatorOptions = {}): Resolved {
  const o: Resolved = {
    fleetSize: options.fleetSize ?? 250,
    seed: options.seed ?? 42,
    host: options.host ?? '127.0.0.1',
    automoxPort: options.automoxPort ?? 0,
    opswatPort: options.opswatPort ?? 0,
    automoxApiKey: options.automoxApiKey ?? 'sim-automox-api-key',
    orgId: options.orgId ?? 4242,
    orgUuid: options.orgUuid ?? DEFAULT_ORG_UUID,
    opswatClientId: options.opswatClientId ?? 'sim-opswat-client',
    opswatClientSecret: options.opswatClientSecret ?? 'sim-opswat-secret',
    opswatRateLimit: options.opswatRateLimit ?? 10,
    opswatRateWindowMs: options.opswatRateWindowMs ?? 60_000,
    opswatRetryAfter: options.opswatRetryAfter ?? true,
    opswatResetTime: options.opswatResetTime ?? 'seconds-until',
    opswatTransitMs: options.opswatTransitMs ?? 0,
    opswatUnknownIds: options.opswatUnknownIds ?? 'omit',
    opswatDetailsShape: options.opswatDetailsShape ?? 'array',
    opswatFieldSpelling: options.opswatFieldSpelling ?? 'documented',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 43_199,
    serversRateLimit: options.serversRateLimit ?? 29,
    serversRateWindowMs: options.serversRateWindowMs ?? 60_000,
    serversPenaltyMs: options.serversPenaltyMs ?? 60_000,
  };
  const positive: Array<keyof Resolved> = [
    'fleetSize',
    'orgId',
    'opswatRateLimit',
    'opswatRateWindowMs',
    'tokenTtlSeconds',
    'serversRateLimit',
    'serversRateWindowMs',
  ];
  for (const key of positive) {
    const v = o[key];
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v)))
      throw new RangeError(`SimulatorOptions.${key} must be a positive number, got ${JSON.stringify(v)}`);
  }
  for (const key of ['automoxPort', 'opswatPort', 'serversPenaltyMs', 'seed'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] >= 0))
      throw new RangeError(`SimulatorOptions.${key} must be an integer ≥ 0, got ${JSON.stringify(o[key])}`);
  }
  oneOf(o, 'opswatResetTime', ['seconds-until', 'epoch-seconds']);
  oneOf(o, 'opswatUnknownIds', ['omit', 'error-entry', '404-when-none']);
  oneOf(o, 'opswatDetailsShape', ['array', 'devices', 'data']);
  oneOf(o, 'opswatFieldSpelling', ['documented', 'alternate']);
  const transit = o.opswatTransitMs;
  if (!(typeof transit === 'function' || (typeof transit === 'number' && transit >= 0 && Number.isFinite(transit))))
    throw new RangeError(
      `SimulatorOptions.opswatTransitMs must be a number ≥ 0 or a function returning one, got ${JSON.stringify(transit)}`,
    );
  if (!Number.isInteger(o.fleetSize)) throw new RangeError(`SimulatorOptions.fleetSize must be an integer, got ${o.fleetSize}`);
  return o;
}

function oneOf<K extends keyof Resolved>(o: Resolved, key: K, allowed: ReadonlyArray<Resolved[K]>): void {
  if (!allowed.includes(o[key]))
    throw new RangeError(`SimulatorOptions.${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(o[key])}`);
}

/** Starts both fake upstreams on loopback with a deterministic fleet. */
export async function startSimulator(options?: SimulatorOptions): Promise<Simulator> {
  const o = resolveOptions(options);
  const fleet = buildFleet({ fleetSize: o.fleetSize, seed: o.seed });
  const tokens = new TokenStore(o.tokenTtlSeconds);
  const recorder = new CallRecorder();
  const automox = await startUpstream(
    createAutomoxApi(fleet, {
      apiKey: o.automoxApiKey,
      orgId: o.orgId,
      orgUuid: o.orgUuid,
      serversRateLimit: o.serversRateLimit,
      serversRateWindowMs: o.serversRateWindowMs,
      serversPenaltyMs: o.serversPenaltyMs,
    }),
    recorder,
    o.host,
    o.automoxPort,
  );
  let opswat: RunningUpstream;
  try {
    opswat = await startUpstream(
      createOpswatApi(
        fleet,
        {
          clientId: o.opswatClientId,
          clientSecret: o.opswatClientSecret,
          tokenTtlSeconds: o.tokenTtlSeconds,
          rateLimit: o.opswatRateLimit,
          rateWindowMs: o.opswatRateWindowMs,
          retryAfter: o.opswatRetryAfter,
          resetTime: o.opswatResetTime,
          transitMs: o.opswatTransitMs,
          unknownIds: o.opswatUnknownIds,
          detailsShape: o.opswatDetailsShape,
          spelling: o.opswatFieldSpelling,
        },
        tokens,
      ),
      recorder,
      o.host,
      o.opswatPort,
    );
  } catch (error) {
    await automox.close();
    throw error;
  }
  const upstreams: Record<UpstreamName, typeof automox> = { automox, opswat };
  const owners = (route: RouteName): UpstreamName[] => (['automox', 'opswat'] as const).filter((u) => ROUTES_OF[u].includes(route));

  return {
    automoxPolicyReportUrl: automox.url,
    automoxConsoleUrl: `${automox.url}/api`,
    opswatUrl: opswat.url,
    credentials: {
      automoxApiKey: o.automoxApiKey,
      orgId: o.orgId,
      orgUuid: o.orgUuid,
      opswatClientId: o.opswatClientId,
      opswatClientSecret: o.opswatClientSecret,
    },
    fleet,
    calls: (filter?: { upstream?: UpstreamName; route?: RouteName }): RecordedCall[] => recorder.list(filter),
    resetCalls: () => recorder.reset(),
    inject(fault: FaultSpec) {
      const spec = validateFault(fault);
      // 'unknown' exists on both servers; a fault for it applies to each independently.
      const handles = owners(spec.route).map((u) => upstreams[u].faults.add(spec));
      return {
        remove: () => {
          for (const h of handles) h.remove();
        },
      };
    },
    clearFaults() {
      automox.faults.clear();
      opswat.faults.clear();
    },
    revokeTokens: () => tokens.revokeAll(),
    close: async () => {
      await Promise.all([automox.close(), opswat.close()]);
    },
  };
}
