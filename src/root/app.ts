import { TokenVerifier } from '../auth/index.js';
import { createAutomoxClients, type AutomoxClients } from '../automox/index.js';
import { createLogger, SecretRedactor, type Logger } from '../common/index.js';
import { ComplianceService, systemClock } from '../compliance/index.js';
import type { Config } from '../config/index.js';
import { DeviceService } from '../device/index.js';
import {
  ChangeFeed,
  CursorCodec,
  FeedCoverage,
  FleetIndex,
  FleetListing,
  FleetViews,
  learnFromLookups,
  OpswatWebhook,
  Sweeper,
} from '../fleet/index.js';
import { TrustedDocuments } from '../graphql/index.js';
import { LiveUpdates } from '../live/index.js';
import { InventoryService } from '../inventory/index.js';
import { Metrics } from '../metrics/index.js';
import { createOpswatClient } from '../opswat/index.js';
import type { Server } from 'node:http';
import { PolicyResultsService, PolicyService, TtlPageCache } from '../policy/index.js';
import { createHttpApp, type HttpApp } from '../server/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { createStores, type Stores } from '../store/index.js';
import { createContext, type GraphQLContext, type Services } from './context.js';
import { buildPostureSchema } from './schema.js';

/** Optional collaborators, mostly for tests. */
export interface PostureGraphDeps {
  logger?: Logger;
  redactor?: SecretRedactor;
  /** An HTTP server already bound to its port (main binds first, so a busy port fails before anything starts). */
  server?: Server;
  /**
   * Called with the demo simulator as soon as it is up, before anything has called it: a test
   * sets its holds or faults there, so even the first calls of the sweep meet them.
   */
  onSimulator?: (simulator: Simulator) => void;
}

/** A running graph: the HTTP app plus everything it owns. */
export interface PostureGraph {
  http: HttpApp<GraphQLContext>;
  services: Services;
  stores: Stores;
  metrics: Metrics;
  automox: AutomoxClients;
  logger: Logger;
  /** The in-process simulator in demo mode. */
  simulator: Simulator | null;
  /** The fleet index, kept current by the sweeper (empty with FLEET_SWEEP=off). */
  fleet: FleetIndex;
  /** The background sweep, or null with FLEET_SWEEP=off. */
  sweeper: Sweeper | null;
  /**
   * SIGTERM's sequence: `/readyz` answers 503 at once, in-flight requests get up to `timeoutMs`
   * to finish, then everything closes (stores last).
   */
  shutdown(timeoutMs: number): Promise<void>;
  /** Closes everything now: HTTP, then stores, then the simulator. */
  close(): Promise<void>;
}

/**
 * The composition root: builds every long-lived object once (clients, stores, budget, services)
 * from the validated config, and wires them into the HTTP app. Per-request objects are made by
 * the GraphQL context factory, never here.
 */
export async function createPostureGraph(config: Config, deps: PostureGraphDeps = {}): Promise<PostureGraph> {
  const redactor = deps.redactor ?? new SecretRedactor();
  const logger = deps.logger ?? createLogger({ level: config.logLevel, redactor });

  // The store first: an unusable DATA_DIR, REDIS_URL or REDIS_CLUSTER_NODES fails start-up before the simulator starts.
  const stores = await createStores({
    redisUrl: config.redisUrl ?? undefined,
    redisClusterNodes: config.redisClusterNodes ?? undefined,
    namespace: config.storeNamespace,
    dataDir: config.dataDir,
    // A granted call holds its slot until its response; a crash mid-call leaves grant + timeout.
    budget: { ...config.budget, callTimeoutMs: config.upstreamTimeoutMs },
    logger,
  });
  const simulator = config.demo
    ? await startSimulator({
        fleetSize: config.simulator.fleetSize,
        opswatRateLimit: config.budget.limit,
        opswatRateWindowMs: config.budget.windowMs,
      }).catch(async (error: unknown) => {
        await stores.close();
        throw error;
      })
    : null;
  if (simulator) deps.onSimulator?.(simulator);

  const automoxTarget =
    config.automox.kind === 'live'
      ? config.automox
      : {
          apiKey: simulator!.credentials.automoxApiKey,
          orgUuid: simulator!.credentials.orgUuid,
          orgId: null,
          policyReportUrl: simulator!.automoxPolicyReportUrl,
          consoleUrl: simulator!.automoxConsoleUrl,
        };
  const opswatTarget =
    config.opswat.kind === 'live'
      ? config.opswat
      : {
          baseUrl: simulator!.opswatUrl,
          clientId: simulator!.credentials.opswatClientId,
          clientSecret: simulator!.credentials.opswatClientSecret,
        };
  redactor.add(automoxTarget.apiKey);
  redactor.add(opswatTarget.clientSecret);
  if (simulator) {
    logger.info(
      { automox: automoxTarget.consoleUrl, opswat: opswatTarget.baseUrl, devices: simulator.fleet.devices.length },
      demoLine(config, automoxTarget.consoleUrl, opswatTarget.baseUrl),
    );
  }

  const metrics = new Metrics();
  const automox = createAutomoxClients({ ...automoxTarget, timeoutMs: config.upstreamTimeoutMs, logger });
  const opswat = createOpswatClient({
    ...opswatTarget,
    timeoutMs: config.upstreamTimeoutMs,
    logger,
    redactor,
    detailsVersion: config.opswat.apiVersion,
    // The scheduler retries a rejected token itself, so the retry passes the budget too.
    retryOn401: false,
  });

  const inventory = new InventoryService({ console: automox.console, ttlMs: config.inventoryTtlSeconds * 1000, logger });
  // Every replica reads the change feed's health, so covered reports stay FRESH longer everywhere.
  const coverage =
    config.fleet.kind === 'on'
      ? new FeedCoverage({
          state: stores.cache,
          clock: systemClock,
          intervalMs: config.fleet.feedIntervalSeconds * 1000,
          ttlMs: config.fleet.feedTtlSeconds * 1000,
        })
      : null;
  const compliance = new ComplianceService({
    client: opswat,
    // MACs 50 a call through Device Details (default), or one a call through Policy Check.
    lookup: config.opswat.lookup,
    cache: stores.cache,
    budget: stores.budget,
    leases: stores.leases,
    ttlMs: config.compliance.ttlSeconds * 1000,
    notFoundTtlMs: config.compliance.notFoundTtlSeconds * 1000,
    staleTtlMs: config.compliance.staleTtlSeconds * 1000,
    maxWaitMs: config.compliance.maxWaitMs,
    queueMax: config.compliance.queueMax,
    clientQueueMax: config.compliance.clientQueueMax,
    windowMs: config.budget.windowMs + config.budget.marginMs,
    maxPauseMs: config.opswatMaxPauseMs,
    callTimeoutMs: config.upstreamTimeoutMs,
    sweepShare: config.fleet.kind === 'on' ? config.fleet.share : undefined,
    coverage: coverage ? () => coverage.current() : undefined,
    logger,
    metrics,
  });
  const devices = new DeviceService(inventory);
  const fleet = new FleetIndex();
  // Every answer OPSWAT gives this replica, a client's or the sweep's, lands in the index (misses too).
  learnFromLookups(fleet, compliance, { clock: systemClock, notFoundRetryMs: config.compliance.notFoundTtlSeconds * 1000 });
  // OPSWAT's pushes, when a key is configured: they land in the index, verified at the sweep's rank.
  const feedIntervalMs = (config.fleet.kind === 'on' ? config.fleet.feedIntervalSeconds : 300) * 1000;
  const webhook = config.webhookSecret
    ? new OpswatWebhook({
        secret: config.webhookSecret,
        index: fleet,
        compliance,
        clock: systemClock,
        logger,
        verifyEveryMs: feedIntervalMs,
      })
    : null;
  if (config.webhookSecret) redactor.add(config.webhookSecret);
  if (webhook) metrics.attach({ webhookSilentSeconds: () => Math.round(webhook.silentForMs() / 1000) });
  // The sweep keeps the fleet's reports current in the background; refreshing at 80% of the TTL
  // leaves a fifth of it to get every device asked before its report stops being FRESH.
  const sweeper =
    config.fleet.kind === 'on'
      ? new Sweeper({
          index: fleet,
          compliance,
          inventory: () => devices.index(),
          leases: stores.leases,
          state: stores.cache,
          clock: systemClock,
          logger,
          refreshAfterMs: Math.floor(config.compliance.ttlSeconds * 1000 * 0.8),
          freshUntil: (answer) => compliance.freshUntil(answer),
          notFoundRetryMs: config.compliance.notFoundTtlSeconds * 1000,
          // The feed is polled from the sweep's tick: a short interval needs ticks as short.
          tickMs: Math.min(5_000, config.fleet.feedIntervalSeconds * 1000),
          onTick: () => webhook?.silentForMs(),
          listing: new FleetListing({
            index: fleet,
            compliance,
            source: opswat,
            clock: systemClock,
            logger,
            refreshMs: Math.floor(config.compliance.ttlSeconds * 1000 * 0.8),
          }),
          feed: new ChangeFeed({
            index: fleet,
            compliance,
            source: opswat,
            state: stores.cache,
            clock: systemClock,
            logger,
            intervalMs: config.fleet.feedIntervalSeconds * 1000,
            onState: (state) => coverage?.update(state),
          }),
        })
      : null;
  const fleetViews = new FleetViews({
    index: fleet,
    inventory: () => devices.index(),
    compliance,
    budget: stores.budget,
    // Every replica is configured with the same credentials: a key derived from them verifies any
    // replica's cursors, survives restarts, and needs no shared write at start (see CursorCodec).
    cursors: new CursorCodec(`${automoxTarget.apiKey}\u0000${opswatTarget.clientSecret}`),
    clock: systemClock,
    sweep:
      config.fleet.kind === 'on'
        ? {
            callsPerWindow: Math.max(1, Math.floor(config.fleet.share * config.budget.limit)),
            windowMs: config.budget.windowMs + config.budget.marginMs,
            batchSize: config.opswat.lookup === 'batch' ? 50 : 1,
          }
        : null,
  });
  // Subscriptions hear every change of this replica's index, and the other replicas' through the store.
  const live = new LiveUpdates({
    index: fleet,
    views: fleetViews,
    pubsub: {
      publish: (channel, message) => stores.publish(channel, message),
      subscribe: (channel, handler) => stores.subscribe(channel, handler),
    },
    logger,
  });
  await live.start();
  metrics.attach({ subscriptionsOpen: () => live.size });
  const services: Services = {
    policy: new PolicyService(
      automox.policyHistory,
      config.policyResultsTtlSeconds > 0 ? new TtlPageCache(config.policyResultsTtlSeconds * 1000) : undefined,
    ),
    policyResults: new PolicyResultsService(devices),
    devices,
    compliance,
    fleetViews,
    live,
  };
  metrics.attach({ budgetUsed: async () => (await stores.budget.snapshot()).used, queueDepth: () => compliance.queueDepth });

  const newestRun = simulator?.fleet.runs[0];
  const http = await createHttpApp({
    schema: await buildPostureSchema(),
    context: (caller, signal) => createContext(services, caller, signal),
    metrics,
    logger,
    redactor,
    introspection: config.graphql.introspection,
    explorer: config.graphql.explorer,
    corsOrigins: config.corsOrigins,
    corsLoopback: config.corsLoopback,
    readiness: () => stores.check(),
    server: deps.server,
    trustedDocuments: config.trustedDocuments
      ? new TrustedDocuments(config.trustedDocuments)
      : config.knownDocuments
        ? new TrustedDocuments(config.knownDocuments, 'resolve')
        : undefined,
    sandboxVariables: newestRun ? { policyUuid: newestRun.policy.uuid, execToken: newestRun.executionToken } : undefined,
    verifier: config.access.auth.kind === 'jwt' ? new TokenVerifier(config.access.auth) : null,
    sdlScope: config.access.auth.kind === 'jwt' ? config.access.auth.sdlScope : null,
    limits: config.limits,
    metricsPort: config.access.metricsPort,
    metricsHost: config.access.metricsHost,
    subscriptions: {
      caps: { maxPerClient: config.subscriptions.maxPerClient, maxPerReplica: config.subscriptions.maxPerReplica },
      maxBufferedBytes: config.subscriptions.maxBufferedBytes,
    },
    pushEndpoints: webhook
      ? [
          {
            path: '/webhooks/opswat',
            // OPSWAT does not document how many events one push carries; 1,000 events fit in 256 kB.
            maxBytes: 256 * 1024,
            authorized: (authorization) => webhook.authorized(authorization),
            admit: (body) => webhook.admit(body),
          },
        ]
      : [],
  });

  const graph: PostureGraph = {
    http,
    services,
    stores,
    metrics,
    automox,
    logger,
    simulator,
    fleet,
    sweeper,
    async shutdown(timeoutMs) {
      // The sweep stops first: a draining replica sends no more of its calls, and another takes the lease.
      await sweeper?.close();
      await http.drain(timeoutMs);
      await graph.close();
    },
    async close() {
      await sweeper?.close();
      await live.close();
      await compliance.close();
      await http.close();
      await stores.close();
      await simulator?.close();
    },
  };
  // Once serving is wired: the sweep's first tick reads the inventory and starts asking.
  sweeper?.start();
  return graph;
}

/**
 * The demo-mode line: which upstream the bundled simulator serves and which is live, each with the
 * URL in use, and what switches the simulated one to the real API.
 */
export function demoLine(
  config: { automox: Pick<Config['automox'], 'kind'>; opswat: Pick<Config['opswat'], 'kind'> },
  automoxUrl: string,
  opswatUrl: string,
): string {
  const parts = [
    { name: 'Automox', simulated: config.automox.kind === 'simulator', url: automoxUrl, vars: 'AUTOMOX_API_KEY and AUTOMOX_ORG_UUID' },
    { name: 'OPSWAT', simulated: config.opswat.kind === 'simulator', url: opswatUrl, vars: 'OPSWAT_CLIENT_ID and OPSWAT_CLIENT_SECRET' },
  ];
  const simulated = parts.filter((part) => part.simulated);
  const described = parts.map((part) => `${part.name} ${part.simulated ? 'is simulated' : 'is live'} at ${part.url}`).join(', ');
  return `demo mode: ${described} (set ${simulated.map((part) => part.vars).join(' and ')} to use the real API)`;
}
