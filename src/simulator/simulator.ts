/** The composition root: one fleet, two loopback servers, one handle for tests. */
import { createAutomoxApi } from './automox.routes.js';
import { CallRecorder, ROUTES_OF, validateFault } from './faults.js';
import { buildFleet } from './fleet.js';
import { OpswatAccount } from './opswat.account.js';
import { TokenStore, createOpswatApi } from './opswat.routes.js';
import { WebhookPusher } from './opswat.webhook.js';
import { createRng } from './prng.js';
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
    opswatListEnd: options.opswatListEnd ?? 'empty-page',
    opswatStatusChangeShape: options.opswatStatusChangeShape ?? 'monitored-deleted',
    opswatStatusChangeSpelling: options.opswatStatusChangeSpelling ?? 'hyphen',
    opswatMacField: options.opswatMacField ?? 'mac_address',
    opswatChangeEveryMs: options.opswatChangeEveryMs ?? 0,
    opswatNow: options.opswatNow ?? Date.now,
    opswatSleep: options.opswatSleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref())),
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
  for (const key of ['automoxPort', 'opswatPort', 'serversPenaltyMs', 'seed', 'opswatChangeEveryMs'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] >= 0))
      throw new RangeError(`SimulatorOptions.${key} must be an integer ≥ 0, got ${JSON.stringify(o[key])}`);
  }
  oneOf(o, 'opswatResetTime', ['seconds-until', 'epoch-seconds']);
  oneOf(o, 'opswatUnknownIds', ['omit', 'error-entry', '404-when-none']);
  oneOf(o, 'opswatDetailsShape', ['array', 'devices', 'data']);
  oneOf(o, 'opswatFieldSpelling', ['documented', 'alternate']);
  oneOf(o, 'opswatListEnd', ['empty-page', 'empty-token', 'missing-token', '413']);
  oneOf(o, 'opswatStatusChangeShape', ['monitored-deleted', 'devices', 'array']);
  oneOf(o, 'opswatStatusChangeSpelling', ['hyphen', 'underscore']);
  oneOf(o, 'opswatMacField', ['mac_address', 'mac_addresses']);
  for (const key of ['opswatNow', 'opswatSleep'] as const) {
    if (typeof o[key] !== 'function') throw new RangeError(`SimulatorOptions.${key} must be a function, got ${JSON.stringify(o[key])}`);
  }
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
  // Its own stream: the schedule's picks never disturb the fleet a seed stands for.
  const account = new OpswatAccount(fleet, { now: o.opswatNow, changeEveryMs: o.opswatChangeEveryMs, rng: createRng(o.seed + 0xc4a9) });
  const webhook = new WebhookPusher({ sleep: o.opswatSleep });
  account.onChange((events) => webhook.push(events));
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
          listEnd: o.opswatListEnd,
          statusChangeShape: o.opswatStatusChangeShape,
          statusChangeSpelling: o.opswatStatusChangeSpelling,
          macField: o.opswatMacField,
        },
        tokens,
        { account, webhook },
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
  // Scheduled changes also happen while nobody calls, so the webhook pushes them on time.
  const schedule = o.opswatChangeEveryMs > 0 ? setInterval(() => account.tick(), o.opswatChangeEveryMs).unref() : undefined;
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
    hold(route) {
      const handles = owners(route).map((u) => upstreams[u].hold(route));
      return {
        release: () => {
          for (const h of handles) h.release();
        },
      };
    },
    revokeTokens: () => tokens.revokeAll(),
    opswat: {
      change: (deviceId, change) => account.change(deviceId, change),
      tick: () => account.tick(),
      configureWebhook: ({ url, key }) => webhook.configure(url, key),
      setWebhookEnabled: (enabled) => webhook.setEnabled(enabled),
      webhook: () => webhook.state(),
      settled: () => webhook.settled(),
    },
    close: async () => {
      clearInterval(schedule);
      await Promise.all([automox.close(), opswat.close()]);
    },
  };
}
