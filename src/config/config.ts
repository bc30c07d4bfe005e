import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bool, cleanEnv, EnvMissingError, port, str, url } from 'envalid';
import { type AccessConfig, ACCESS_SPECS, accessConfig, type DocumentLimits, documentLimits } from './access.js';
import {
  byteSize,
  ConfigError,
  hostPortList,
  nonNegativeInt,
  positiveInt,
  readDocumentsManifest,
  secretKey,
  share,
  trustedDocumentsFile,
  uuid,
} from './validators.js';
import { DEVICE_DETAILS_VERSIONS, type DeviceDetailsVersion } from '../opswat/index.js';

/** Which Automox to talk to: the real API, or the bundled simulator (demo mode, tests). */
export type AutomoxTarget =
  | { kind: 'simulator' }
  | { kind: 'live'; apiKey: string; orgUuid: string; orgId: number | null; policyReportUrl: string; consoleUrl: string };

/** Which OPSWAT to talk to. */
export type OpswatTarget = { kind: 'simulator' } | { kind: 'live'; baseUrl: string; clientId: string; clientSecret: string };

/** The whole validated configuration; built once at start by {@link loadConfig}. */
export interface Config {
  port: number;
  production: boolean;
  logLevel: string;
  automox: AutomoxTarget;
  /** Where OPSWAT is, plus how compliance is asked of it (`lookup`) and which Device Details version (`apiVersion`). */
  opswat: OpswatTarget & { lookup: OpswatLookup; apiVersion: OpswatApiVersion };
  /** Demo mode: at least one upstream is the in-process simulator. */
  demo: boolean;
  upstreamTimeoutMs: number;
  budget: { limit: number; windowMs: number; marginMs: number };
  compliance: {
    ttlSeconds: number;
    notFoundTtlSeconds: number;
    /** How long a report is kept after it stops being fresh, to be served as STALE. */
    staleTtlSeconds: number;
    maxWaitMs: number;
    queueMax: number;
    /** Free-form identifiers one client may have queued; its excess answers FAILED, never anyone else's. */
    clientQueueMax: number;
  };
  /**
   * The fleet index (FLEET_SWEEP): off, or the background sweep keeping every eligible device's
   * report current, taking at most `share` of the budget while clients are asking.
   */
  fleet: { kind: 'off' } | { kind: 'on'; share: number; feedIntervalSeconds: number; feedTtlSeconds: number };
  /** OPSWAT_WEBHOOK_SECRET: the key OPSWAT's pushes carry; null leaves POST /webhooks/opswat unserved. */
  webhookSecret: string | null;
  /** The longest pause a 429 (Retry-After or rate-limit headers) can impose on every replica. */
  opswatMaxPauseMs: number;
  inventoryTtlSeconds: number;
  policyResultsTtlSeconds: number;
  /** REDIS_URL: one Redis node shared by every replica, or null. */
  redisUrl: string | null;
  /** REDIS_CLUSTER_NODES: the `host:port` seeds of a Redis Cluster shared by every replica, or null. */
  redisClusterNodes: readonly string[] | null;
  /** Prefix of every key this service writes to the shared store. */
  storeNamespace: string;
  dataDir: string;
  /** Introspection, and the explorer served at `GET /graphql` (GRAPHQL_EXPLORER). */
  graphql: { introspection: boolean; explorer: Explorer };
  corsOrigins: string[];
  /**
   * Outside production, any page served from this machine (`http://localhost:<any port>`,
   * 127.0.0.1, [::1]) may call the graph too: a front-end's dev server just works.
   */
  corsLoopback: boolean;
  simulator: { fleetSize: number };
  /** Where the server listens and who may reach what (README, "Security"). */
  access: AccessConfig;
  /** Document limits applied before execution. */
  limits: DocumentLimits;
  /** TRUSTED_DOCUMENTS: the only operations to run (id → document text), or null to run any. */
  trustedDocuments: ReadonlyMap<string, string> | null;
  /**
   * Documents whose ids are resolved while any other document still runs: in demo mode without
   * TRUSTED_DOCUMENTS, the example apps' manifests, so their id-only requests work against the demo.
   */
  knownDocuments: ReadonlyMap<string, string> | null;
  /**
   * Subscriptions (graphql-ws, graphql-sse): open per client and per replica (each also bounds
   * WebSocket connections), and the bytes one connection may leave unread before it is dropped.
   */
  subscriptions: { maxPerClient: number; maxPerReplica: number; maxBufferedBytes: number };
  /** Operating the process: how long SIGTERM waits for in-flight requests before closing anyway. */
  shutdownTimeoutMs: number;
  /**
   * OpenTelemetry traces: off unless OTEL_TRACES_EXPORTER or an OTLP endpoint is set. The SDK and
   * the exporter read the other standard OTEL_* variables (headers, sampler, propagators) themselves.
   */
  tracing: { exporter: 'otlp' | 'console' | 'none'; protocol: OtlpProtocol; serviceName: string };
}

/** OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL: how spans travel to the collector. */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/**
 * GRAPHQL_EXPLORER: what `GET /graphql` (and `/`) shows a browser. `sandbox`: Apollo Sandbox, which
 * loads from Apollo's CDN; `graphiql`: the GraphiQL bundled from npm into dist/explorer and served
 * by the graph itself, for machines without internet; `off`: nothing.
 */
export type Explorer = (typeof EXPLORERS)[number];

const EXPLORERS = ['sandbox', 'graphiql', 'off'] as const;

/** OPSWAT_LOOKUP: Device Details batches (default) or one Policy Check per identifier (always used for HWID/SSID). */
export type OpswatLookup = 'batch' | 'policy-check';

/** OPSWAT_API_VERSION: the Device Details version asked (all take 50 ids a call). */
export type OpswatApiVersion = DeviceDetailsVersion;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The variables this service reads, with their validators, defaults and examples. */
const specs = {
  NODE_ENV: str({ default: 'development', choices: ['development', 'production', 'test'], example: 'production' }),
  PORT: port({ default: 4000, example: '4000' }),
  LOG_LEVEL: str({ default: 'info', choices: LEVELS, example: 'debug' }),
  AUTOMOX_API_KEY: str({ default: '', example: 'a1b2c3d4-…' }),
  AUTOMOX_ORG_UUID: uuid({ default: undefined, example: '56c0ba07-69f2-4f7c-b0a1-2bb0ed68578e' }),
  AUTOMOX_ORG_ID: positiveInt({ default: undefined, example: '54321' }),
  AUTOMOX_POLICY_REPORT_URL: url({ default: 'https://policyreport.automox.com', example: 'https://console.automox.com/api' }),
  AUTOMOX_CONSOLE_URL: url({ default: 'https://console.automox.com/api', example: 'https://console.automox.com/api' }),
  OPSWAT_BASE_URL: url({ default: 'https://gears.opswat.com', example: 'https://product.my.us.opswat.com' }),
  OPSWAT_CLIENT_ID: str({ default: '', example: '1234567890' }),
  OPSWAT_CLIENT_SECRET: str({ default: '', example: 's3cr3t…' }),
  OPSWAT_RATE_LIMIT: positiveInt({ default: 10, example: '10' }),
  OPSWAT_RATE_WINDOW_MS: positiveInt({ default: 60_000, example: '60000' }),
  OPSWAT_RATE_MARGIN_MS: nonNegativeInt({ default: undefined, example: '1000' }),
  UPSTREAM_TIMEOUT_MS: positiveInt({ default: 10_000, example: '10000' }),
  COMPLIANCE_TTL_SECONDS: positiveInt({ default: 3600, example: '3600' }),
  COMPLIANCE_NOT_FOUND_TTL_SECONDS: positiveInt({ default: 900, example: '900' }),
  COMPLIANCE_STALE_TTL_SECONDS: positiveInt({ default: 7 * 24 * 3600, example: '604800' }),
  COMPLIANCE_MAX_WAIT_MS: nonNegativeInt({ default: 1500, example: '1500' }),
  COMPLIANCE_QUEUE_MAX: positiveInt({ default: 10_000, example: '10000' }),
  // Compliance engine: fair share and the cap on OPSWAT's pauses.
  COMPLIANCE_CLIENT_QUEUE_MAX: positiveInt({ default: 500, example: '500' }),
  OPSWAT_MAX_PAUSE_MS: positiveInt({ default: undefined, example: '180000' }),
  FLEET_SWEEP: str({ default: 'on', choices: ['on', 'off'] as const, example: 'off' }),
  FLEET_SWEEP_SHARE: share({ default: 0.6, example: '0.6' }),
  FLEET_FEED_INTERVAL_SECONDS: positiveInt({ default: 300, example: '300' }),
  FLEET_FEED_TTL_SECONDS: positiveInt({ default: 86_400, example: '86400' }),
  OPSWAT_WEBHOOK_SECRET: secretKey({ default: undefined, example: 'a-long-random-key-of-32-characters' }),
  INVENTORY_TTL_SECONDS: positiveInt({ default: 900, example: '900' }),
  POLICY_RESULTS_TTL_SECONDS: nonNegativeInt({ default: 30, example: '30' }),
  REDIS_URL: url({ default: undefined, example: 'redis://127.0.0.1:6379' }),
  REDIS_CLUSTER_NODES: hostPortList({ default: undefined, example: '10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379' }),
  STORE_NAMESPACE: str({ default: 'posture', example: 'posture-prod' }),
  DATA_DIR: str({ default: './.data', example: '/var/lib/posture-graph' }),
  GRAPHQL_INTROSPECTION: bool({ default: undefined, example: 'true' }),
  GRAPHQL_EXPLORER: str({ default: undefined, choices: EXPLORERS, example: 'graphiql' }),
  CORS_ORIGINS: str({ default: '', example: 'https://app.example.com,https://admin.example.com' }),
  // Demo mode's fleet: big enough that OPSWAT's 10 calls a minute shows (1,300 devices are over two hours of
  // one-a-call lookups), small enough to start in a blink.
  SIMULATOR_FLEET_SIZE: positiveInt({ default: 1300, example: '250' }),
  OPSWAT_LOOKUP: str({ default: 'batch', choices: ['batch', 'policy-check'] as const, example: 'batch' }),
  OPSWAT_API_VERSION: str<DeviceDetailsVersion>({ default: 'v3.8', choices: DEVICE_DETAILS_VERSIONS, example: 'v3.8' }),
  ...ACCESS_SPECS,
  TRUSTED_DOCUMENTS: trustedDocumentsFile({ default: undefined, example: 'examples/web/src/gql/persisted-documents.json' }),
  SHUTDOWN_TIMEOUT_MS: nonNegativeInt({ default: 10_000, example: '10000' }),
  SUBSCRIPTIONS_MAX_PER_CLIENT: positiveInt({ default: 20, example: '20' }),
  SUBSCRIPTIONS_MAX: positiveInt({ default: 5_000, example: '5000' }),
  SUBSCRIPTION_BUFFER_BYTES: byteSize({ default: 1_048_576, example: '1048576' }),
  OTEL_TRACES_EXPORTER: str({ default: '', choices: ['', 'otlp', 'console', 'none'], example: 'otlp' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: url({ default: undefined, example: 'http://otel-collector:4318' }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url({ default: undefined, example: 'http://otel-collector:4318/v1/traces' }),
  OTEL_EXPORTER_OTLP_PROTOCOL: str({ default: undefined, choices: OTLP_PROTOCOLS, example: 'http/protobuf' }),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: str({ default: undefined, choices: OTLP_PROTOCOLS, example: 'http/json' }),
  OTEL_SERVICE_NAME: str({ default: 'posture-graph', example: 'posture-graph' }),
  OTEL_SDK_DISABLED: bool({ default: false, example: 'true' }),
};

type SpecName = keyof typeof specs;

/**
 * Reads and validates the environment once. Throws {@link ConfigError} with a single line that
 * names the variable, what is wrong and an example of a good value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = cleanEnv(env, specs, {
    reporter: ({ errors }) => {
      const [name, error] = Object.entries(errors)[0] ?? [];
      if (!name || !error) return;
      const example = specs[name as SpecName]?.example;
      const problem = error instanceof EnvMissingError ? 'is required' : error.message;
      throw new ConfigError(`Invalid configuration: ${name} ${problem}${example ? ` (for example ${name}=${example})` : ''}`);
    },
  });

  if (clean.REDIS_URL && clean.REDIS_CLUSTER_NODES) {
    throw new ConfigError(
      'Invalid configuration: REDIS_CLUSTER_NODES and REDIS_URL are both set; set REDIS_URL for one Redis node or REDIS_CLUSTER_NODES for a cluster, not both (for example REDIS_CLUSTER_NODES=10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379)',
    );
  }
  if (clean.SUBSCRIPTIONS_MAX_PER_CLIENT > clean.SUBSCRIPTIONS_MAX) {
    throw new ConfigError(
      `Invalid configuration: SUBSCRIPTIONS_MAX_PER_CLIENT must not exceed SUBSCRIPTIONS_MAX (${clean.SUBSCRIPTIONS_MAX}), got "${clean.SUBSCRIPTIONS_MAX_PER_CLIENT}" (for example SUBSCRIPTIONS_MAX_PER_CLIENT=20)`,
    );
  }
  const production = clean.NODE_ENV === 'production';
  requireTogether(env, ['AUTOMOX_API_KEY', 'AUTOMOX_ORG_UUID'], production);
  requireTogether(env, ['OPSWAT_CLIENT_ID', 'OPSWAT_CLIENT_SECRET'], production);

  const automox: AutomoxTarget =
    clean.AUTOMOX_API_KEY && clean.AUTOMOX_ORG_UUID
      ? {
          kind: 'live',
          apiKey: clean.AUTOMOX_API_KEY,
          orgUuid: clean.AUTOMOX_ORG_UUID,
          orgId: clean.AUTOMOX_ORG_ID ?? null,
          policyReportUrl: clean.AUTOMOX_POLICY_REPORT_URL,
          consoleUrl: clean.AUTOMOX_CONSOLE_URL,
        }
      : { kind: 'simulator' };
  const opswat: OpswatTarget =
    clean.OPSWAT_CLIENT_ID && clean.OPSWAT_CLIENT_SECRET
      ? { kind: 'live', baseUrl: clean.OPSWAT_BASE_URL, clientId: clean.OPSWAT_CLIENT_ID, clientSecret: clean.OPSWAT_CLIENT_SECRET }
      : { kind: 'simulator' };

  const windowMs = clean.OPSWAT_RATE_WINDOW_MS;
  const demo = automox.kind === 'simulator' || opswat.kind === 'simulator';
  const introspection = clean.GRAPHQL_INTROSPECTION ?? !production;
  const explorer = clean.GRAPHQL_EXPLORER ?? (introspection ? 'sandbox' : 'off');
  if (explorer !== 'off' && !introspection) {
    // Both explorers build their editor, completion and docs from introspection.
    throw new ConfigError(
      `Invalid configuration: GRAPHQL_EXPLORER=${explorer} needs introspection, which is off${production ? ' in production' : ''} (set GRAPHQL_INTROSPECTION=true too, or GRAPHQL_EXPLORER=off)`,
    );
  }
  return {
    port: clean.PORT,
    production,
    logLevel: clean.LOG_LEVEL,
    automox,
    opswat: { ...opswat, lookup: clean.OPSWAT_LOOKUP, apiVersion: clean.OPSWAT_API_VERSION },
    demo,
    upstreamTimeoutMs: clean.UPSTREAM_TIMEOUT_MS,
    budget: {
      limit: clean.OPSWAT_RATE_LIMIT,
      windowMs,
      // A grant's slot is reused only after the window plus this margin, so the transit time
      // between our clock and OPSWAT's never lets its sliding window see one call too many.
      marginMs: clean.OPSWAT_RATE_MARGIN_MS ?? Math.min(1000, Math.max(20, Math.round(windowMs * 0.02))),
    },
    compliance: {
      ttlSeconds: clean.COMPLIANCE_TTL_SECONDS,
      notFoundTtlSeconds: clean.COMPLIANCE_NOT_FOUND_TTL_SECONDS,
      staleTtlSeconds: clean.COMPLIANCE_STALE_TTL_SECONDS,
      maxWaitMs: clean.COMPLIANCE_MAX_WAIT_MS,
      queueMax: clean.COMPLIANCE_QUEUE_MAX,
      clientQueueMax: clean.COMPLIANCE_CLIENT_QUEUE_MAX,
    },
    fleet:
      clean.FLEET_SWEEP === 'on'
        ? {
            kind: 'on',
            share: clean.FLEET_SWEEP_SHARE,
            feedIntervalSeconds: clean.FLEET_FEED_INTERVAL_SECONDS,
            feedTtlSeconds: clean.FLEET_FEED_TTL_SECONDS,
          }
        : { kind: 'off' },
    webhookSecret: clean.OPSWAT_WEBHOOK_SECRET ?? null,
    // A Retry-After of days (a misconfigured gateway, a hostile proxy) must not stop every
    // replica for days and survive restarts: three windows is enough to get back in step.
    opswatMaxPauseMs: clean.OPSWAT_MAX_PAUSE_MS ?? 3 * windowMs,
    inventoryTtlSeconds: clean.INVENTORY_TTL_SECONDS,
    policyResultsTtlSeconds: clean.POLICY_RESULTS_TTL_SECONDS,
    redisUrl: clean.REDIS_URL ?? null,
    redisClusterNodes: clean.REDIS_CLUSTER_NODES ?? null,
    storeNamespace: clean.STORE_NAMESPACE,
    dataDir: clean.DATA_DIR,
    graphql: { introspection, explorer },
    corsOrigins: clean.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    corsLoopback: !production,
    simulator: { fleetSize: clean.SIMULATOR_FLEET_SIZE },
    access: accessConfig(env, clean, production),
    limits: documentLimits(clean, production),
    trustedDocuments: clean.TRUSTED_DOCUMENTS ?? null,
    knownDocuments: demo && !clean.TRUSTED_DOCUMENTS ? exampleDocuments() : null,
    subscriptions: {
      maxPerClient: clean.SUBSCRIPTIONS_MAX_PER_CLIENT,
      maxPerReplica: clean.SUBSCRIPTIONS_MAX,
      maxBufferedBytes: clean.SUBSCRIPTION_BUFFER_BYTES,
    },
    shutdownTimeoutMs: clean.SHUTDOWN_TIMEOUT_MS,
    tracing: {
      exporter: clean.OTEL_SDK_DISABLED
        ? 'none'
        : clean.OTEL_TRACES_EXPORTER || (clean.OTEL_EXPORTER_OTLP_ENDPOINT || clean.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none'),
      // The specification's default, and the SDK's.
      protocol: clean.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? clean.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
      serviceName: clean.OTEL_SERVICE_NAME,
    },
  };
}

/** The example apps' persisted-documents manifests (`npm run codegen` writes them), from the repository root. */
const EXAMPLE_MANIFESTS = ['examples/web/src/gql/persisted-documents.json', 'examples/dashboard/src/gql/persisted-documents.json'];

/**
 * Every operation of the example apps, by id: they send ids only, as they would to a production
 * graph. A checkout without the examples (an image holds dist/ only) has none, and that is fine.
 */
function exampleDocuments(): ReadonlyMap<string, string> | null {
  const files = EXAMPLE_MANIFESTS.map((file) => fileURLToPath(new URL(`../../${file}`, import.meta.url))).filter((file) =>
    existsSync(file),
  );
  const documents = new Map(files.flatMap((file) => [...readDocumentsManifest(file)]));
  return documents.size > 0 ? documents : null;
}

/**
 * Credentials come in pairs: half a pair is always a mistake, and in production (where demo mode
 * is refused) every credential is required.
 */
function requireTogether(env: NodeJS.ProcessEnv, names: readonly string[], production: boolean): void {
  const missing = names.filter((name) => !env[name]);
  if (missing.length === 0) return;
  if (production) {
    throw new ConfigError(
      `Invalid configuration: ${missing[0]} is required when NODE_ENV=production (demo mode is off in production; set ${missing.join(' and ')})`,
    );
  }
  if (missing.length < names.length) {
    const present = names.find((name) => env[name]);
    throw new ConfigError(
      `Invalid configuration: ${missing[0]} is required when ${present} is set (they switch the upstream from the simulator to the real API together)`,
    );
  }
}
