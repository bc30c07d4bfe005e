import { createAutomoxClients, type AutomoxClients } from './automox/index.js';
import { createLogger, SecretRedactor, type Logger } from './common/index.js';
import { ComplianceService } from './compliance/index.js';
import type { Config } from './config/index.js';
import { DeviceService } from './device/index.js';
import type { Services } from './graphql/context.js';
import { buildPostureSchema } from './graphql/schema.js';
import { InventoryService } from './inventory/index.js';
import { Metrics } from './metrics/index.js';
import { createOpswatClient } from './opswat/index.js';
import { PolicyService, TtlPageCache } from './policy/index.js';
import { createHttpApp, type HttpApp } from './server/app.js';
import { startSimulator, type Simulator } from './simulator/index.js';
import { createStores, type Stores } from './store/index.js';

/** Optional collaborators, mostly for tests. */
export interface PostureGraphDeps {
  logger?: Logger;
  redactor?: SecretRedactor;
}

/** A running graph: the HTTP app plus everything it owns. */
export interface PostureGraph {
  http: HttpApp;
  services: Services;
  stores: Stores;
  metrics: Metrics;
  automox: AutomoxClients;
  logger: Logger;
  /** The in-process simulator in demo mode. */
  simulator: Simulator | null;
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

  const simulator = config.demo
    ? await startSimulator({
        fleetSize: config.simulator.fleetSize,
        opswatRateLimit: config.budget.limit,
        opswatRateWindowMs: config.budget.windowMs,
      })
    : null;
  if (simulator) {
    const simulated = [config.automox.kind === 'simulator' && 'Automox', config.opswat.kind === 'simulator' && 'OPSWAT']
      .filter(Boolean)
      .join(' and ');
    logger.info(
      { automox: simulator.automoxConsoleUrl, opswat: simulator.opswatUrl, devices: simulator.fleet.devices.length },
      `demo mode: no credentials set, so ${simulated} ${simulated.includes(' and ') ? 'are' : 'is'} served by the bundled simulator`,
    );
  }

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

  const stores = await createStores({
    redisUrl: config.redisUrl ?? undefined,
    namespace: config.storeNamespace,
    dataDir: config.dataDir,
    // A granted call holds its slot until its response; a crash mid-call leaves grant + timeout.
    budget: { ...config.budget, callTimeoutMs: config.upstreamTimeoutMs },
    logger,
  });
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
    logger,
    metrics,
  });
  const services: Services = {
    policy: new PolicyService(
      automox.policyHistory,
      config.policyResultsTtlSeconds > 0 ? new TtlPageCache(config.policyResultsTtlSeconds * 1000) : undefined,
    ),
    devices: new DeviceService(inventory),
    compliance,
  };
  metrics.attach({ budgetUsed: async () => (await stores.budget.snapshot()).used, queueDepth: () => compliance.queueDepth });

  const newestRun = simulator?.fleet.runs[0];
  const http = await createHttpApp({
    schema: await buildPostureSchema(),
    services,
    metrics,
    logger,
    redactor,
    introspection: config.graphql.introspection,
    corsOrigins: config.corsOrigins,
    ready: () => stores.ping(),
    sandboxVariables: newestRun ? { policyUuid: newestRun.policy.uuid, execToken: newestRun.executionToken } : undefined,
  });

  return {
    http,
    services,
    stores,
    metrics,
    automox,
    logger,
    simulator,
    async close() {
      compliance.close();
      await http.close();
      await stores.close();
      await simulator?.close();
    },
  };
}
