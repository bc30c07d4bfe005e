import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const live = {
  AUTOMOX_API_KEY: 'key-123456',
  AUTOMOX_ORG_UUID: '56C0BA07-69F2-4F7C-B0A1-2BB0ED68578E',
  OPSWAT_CLIENT_ID: 'client-1',
  OPSWAT_CLIENT_SECRET: 'secret-123456',
};
/** A production subgraph that only a router reaches. */
const open = { AUTH_ALLOW_ANONYMOUS: 'true' };
const jwt = { AUTH_JWKS_URL: 'https://idp.example.com/jwks.json', AUTH_ISSUER: 'https://idp.example.com/', AUTH_AUDIENCE: 'posture-graph' };

describe('configuration: defaults', () => {
  it('runs in demo mode with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toEqual(
      expect.objectContaining({ port: 4000, production: false, demo: true, redisUrl: null, dataDir: './.data', logLevel: 'info' }),
    );
    expect(config.automox).toEqual({ kind: 'simulator' });
    expect(config.opswat).toEqual({ kind: 'simulator', lookup: 'batch', apiVersion: 'v3.8' });
    expect(config.budget).toEqual({ limit: 10, windowMs: 60_000, marginMs: 1000 });
    expect(config.compliance).toEqual(expect.objectContaining({ ttlSeconds: 3600, maxWaitMs: 1500 }));
    expect(config.graphql).toEqual({ introspection: true, explorer: 'sandbox' });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.tracing).toEqual({ exporter: 'none', protocol: 'http/protobuf', serviceName: 'posture-graph' });
  });

  it('switches each upstream to the real API when its credentials are set', () => {
    const config = loadConfig({ ...live, AUTOMOX_ORG_ID: '54321' });
    expect(config.demo).toBe(false);
    expect(config.automox).toEqual({
      kind: 'live',
      apiKey: 'key-123456',
      orgUuid: '56c0ba07-69f2-4f7c-b0a1-2bb0ed68578e',
      orgId: 54321,
      policyReportUrl: 'https://policyreport.automox.com',
      consoleUrl: 'https://console.automox.com/api',
    });
    expect(config.opswat).toEqual({
      kind: 'live',
      baseUrl: 'https://gears.opswat.com',
      clientId: 'client-1',
      clientSecret: 'secret-123456',
      lookup: 'batch',
      apiVersion: 'v3.8',
    });
  });

  it('reads how compliance is asked of OPSWAT: OPSWAT_LOOKUP and OPSWAT_API_VERSION', () => {
    const config = loadConfig({ OPSWAT_LOOKUP: 'policy-check', OPSWAT_API_VERSION: 'v3.4' });
    expect(config.opswat).toEqual({ kind: 'simulator', lookup: 'policy-check', apiVersion: 'v3.4' });
  });

  it('turns the landing page and introspection off in production unless GRAPHQL_INTROSPECTION=true', () => {
    expect(loadConfig({ ...live, ...open, NODE_ENV: 'production' }).graphql).toEqual({ introspection: false, explorer: 'off' });
    expect(loadConfig({ ...live, ...open, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphql).toEqual({
      introspection: true,
      explorer: 'sandbox',
    });
  });

  it('serves the explorer GRAPHQL_EXPLORER names: Sandbox by default, the bundled GraphiQL, or none', () => {
    expect(loadConfig({ GRAPHQL_EXPLORER: 'graphiql' }).graphql).toEqual({ introspection: true, explorer: 'graphiql' });
    expect(loadConfig({ GRAPHQL_EXPLORER: 'off' }).graphql).toEqual({ introspection: true, explorer: 'off' });
    const production = { ...live, ...open, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_EXPLORER: 'graphiql' };
    expect(loadConfig(production).graphql).toEqual({ introspection: true, explorer: 'graphiql' });
  });

  it('refuses an explorer without introspection, and an explorer it does not know, in one line each', () => {
    const production = { ...live, ...open, NODE_ENV: 'production', GRAPHQL_EXPLORER: 'graphiql' };
    expect(() => loadConfig(production)).toThrow(
      /^Invalid configuration: GRAPHQL_EXPLORER=graphiql needs introspection, which is off in production \(set GRAPHQL_INTROSPECTION=true too, or GRAPHQL_EXPLORER=off\)$/,
    );
    expect(() => loadConfig({ GRAPHQL_EXPLORER: 'playground' })).toThrow(
      /^Invalid configuration: GRAPHQL_EXPLORER .*playground.*\(for example GRAPHQL_EXPLORER=graphiql\)$/,
    );
  });

  it('caps OPSWAT pauses at three windows and gives each client 500 queued free-form lookups unless told otherwise', () => {
    const config = loadConfig({ OPSWAT_RATE_WINDOW_MS: '2000' });
    expect(config.opswatMaxPauseMs).toBe(6000);
    expect(config.compliance.clientQueueMax).toBe(500);
    const tuned = loadConfig({ OPSWAT_MAX_PAUSE_MS: '180000', COMPLIANCE_CLIENT_QUEUE_MAX: '50' });
    expect(tuned.opswatMaxPauseMs).toBe(180_000);
    expect(tuned.compliance.clientQueueMax).toBe(50);
  });

  it('parses CORS origins and derives a small rate margin from short windows', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example.com, https://b.example.com', OPSWAT_RATE_WINDOW_MS: '2000' });
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(config.budget.marginMs).toBe(40);
  });
});

describe('configuration: tracing', () => {
  it('is off unless an exporter or an OTLP endpoint is named', () => {
    expect(loadConfig({}).tracing.exporter).toBe('none');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.exporter).toBe('otlp');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).tracing.exporter).toBe('otlp');
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'posture-eu' }).tracing).toEqual({
      exporter: 'console',
      protocol: 'http/protobuf',
      serviceName: 'posture-eu',
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing.exporter).toBe('none');
  });

  it("sends OTLP in the specification's default http/protobuf unless a protocol is named, the traces-only variable first", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadConfig(endpoint).tracing.protocol).toBe('http/protobuf');
    expect(loadConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracing.protocol).toBe('http/json');
    expect(
      loadConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }).tracing.protocol,
    ).toBe('grpc');
  });
});

describe('configuration: bad values stop the process with one line', () => {
  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT .*abc.*\(for example PORT=4000\)$/],
    [{ OPSWAT_LOOKUP: 'single' }, /^Invalid configuration: OPSWAT_LOOKUP .*single.*\(for example OPSWAT_LOOKUP=batch\)$/],
    [{ OPSWAT_API_VERSION: 'v3.9' }, /^Invalid configuration: OPSWAT_API_VERSION .*v3\.9.*\(for example OPSWAT_API_VERSION=v3\.8\)$/],
    [
      { OPSWAT_RATE_LIMIT: '0' },
      /^Invalid configuration: OPSWAT_RATE_LIMIT must be a positive integer, got "0" \(for example OPSWAT_RATE_LIMIT=10\)$/,
    ],
    [{ COMPLIANCE_MAX_WAIT_MS: '-5' }, /COMPLIANCE_MAX_WAIT_MS must be a non-negative integer/],
    [
      { OPSWAT_MAX_PAUSE_MS: '0' },
      /^Invalid configuration: OPSWAT_MAX_PAUSE_MS must be a positive integer, got "0" \(for example OPSWAT_MAX_PAUSE_MS=180000\)$/,
    ],
    [{ COMPLIANCE_CLIENT_QUEUE_MAX: 'many' }, /^Invalid configuration: COMPLIANCE_CLIENT_QUEUE_MAX must be a positive integer, got "many"/],
    [{ AUTOMOX_ORG_UUID: 'not-a-uuid', AUTOMOX_API_KEY: 'k' }, /AUTOMOX_ORG_UUID must be a UUID, got "not-a-uuid"/],
    [{ REDIS_URL: 'nope' }, /^Invalid configuration: REDIS_URL .*\(for example REDIS_URL=redis:\/\/127.0.0.1:6379\)$/],
    [
      { REDIS_CLUSTER_NODES: '127.0.0.1:7000,redis://127.0.0.1:7001' },
      /^Invalid configuration: REDIS_CLUSTER_NODES must be comma-separated host:port seeds, got ".*" \("redis:\/\/127.0.0.1:7001"\) \(for example REDIS_CLUSTER_NODES=10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379\)$/,
    ],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:7000,' }, /^Invalid configuration: REDIS_CLUSTER_NODES .*\(an empty entry\)/],
    [{ REDIS_CLUSTER_NODES: 'cache:70000' }, /^Invalid configuration: REDIS_CLUSTER_NODES must be comma-separated host:port seeds/],
    [
      { REDIS_CLUSTER_NODES: '127.0.0.1:7000', REDIS_URL: 'redis://127.0.0.1:6379' },
      /^Invalid configuration: REDIS_CLUSTER_NODES and REDIS_URL are both set; set REDIS_URL for one Redis node or REDIS_CLUSTER_NODES for a cluster, not both/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL/],
    [{ NODE_ENV: 'prod' }, /^Invalid configuration: NODE_ENV .*"prod".*development,production,test.*\(for example NODE_ENV=production\)$/],
    [{ SHUTDOWN_TIMEOUT_MS: 'soon' }, /^Invalid configuration: SHUTDOWN_TIMEOUT_MS must be a non-negative integer/],
    [
      { AUTH_SDL_SCOPE: 'posture:read posture:schema' },
      /^Invalid configuration: AUTH_SDL_SCOPE must be one scope \(printable, no spaces or quotes\), got "posture:read posture:schema" \(for example AUTH_SDL_SCOPE=posture:schema\)$/,
    ],
    [
      { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '0' },
      /^Invalid configuration: AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a positive integer, got "0" \(for example AUTH_MAX_TOKEN_LIFETIME_SECONDS=3600\)$/,
    ],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, /^Invalid configuration: OTEL_TRACES_EXPORTER .*"jaeger"/],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' },
      /^Invalid configuration: OTEL_EXPORTER_OTLP_PROTOCOL .*"http".*\(for example OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf\)$/,
    ],
  ])('rejects %j', (env, message) => {
    const attempt = () => loadConfig(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads the seeds of a Redis Cluster from REDIS_CLUSTER_NODES: names, IPv4 and bracketed IPv6, spaces trimmed', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-0.redis:6379, 10.0.0.2:6379,[::1]:7000' })).toEqual(
      expect.objectContaining({ redisUrl: null, redisClusterNodes: ['redis-0.redis:6379', '10.0.0.2:6379', '[::1]:7000'] }),
    );
    expect(loadConfig({}).redisClusterNodes).toBeNull();
  });

  it('refuses half a credential pair, naming the missing variable', () => {
    expect(() => loadConfig({ AUTOMOX_API_KEY: 'k' })).toThrow(
      'Invalid configuration: AUTOMOX_ORG_UUID is required when AUTOMOX_API_KEY is set',
    );
    expect(() => loadConfig({ OPSWAT_CLIENT_SECRET: 's' })).toThrow(
      'Invalid configuration: OPSWAT_CLIENT_ID is required when OPSWAT_CLIENT_SECRET is set',
    );
  });

  it('refuses to start in production with any credential missing', () => {
    const { OPSWAT_CLIENT_SECRET: _omitted, ...rest } = live;
    expect(() => loadConfig({ ...rest, NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration: OPSWAT_CLIENT_SECRET is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTOMOX_API_KEY is required when NODE_ENV=production/);
  });
});

describe('configuration: access', () => {
  it('is open (anonymous), binds every interface and serves /metrics on the GraphQL port in development', () => {
    expect(loadConfig({}).access).toEqual({ host: '0.0.0.0', metricsPort: null, metricsHost: '127.0.0.1', auth: { kind: 'anonymous' } });
  });

  it('refuses to start in production without authentication, naming both ways out', () => {
    expect(() => loadConfig({ ...live, NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration: AUTH_JWKS_URL is required when NODE_ENV=production \(set AUTH_JWKS_URL .*or AUTH_ALLOW_ANONYMOUS=true.*\)$/,
    );
  });

  it('runs production open only when AUTH_ALLOW_ANONYMOUS=true, with /metrics on METRICS_PORT bound to loopback', () => {
    expect(loadConfig({ ...live, ...open, NODE_ENV: 'production', HOST: '127.0.0.1' }).access).toEqual({
      host: '127.0.0.1',
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      auth: { kind: 'anonymous' },
    });
  });

  it('binds the metrics port to METRICS_HOST when set, whatever HOST is', () => {
    expect(loadConfig({ ...live, ...open, NODE_ENV: 'production', METRICS_HOST: '10.0.0.5' }).access).toMatchObject({
      host: '0.0.0.0',
      metricsHost: '10.0.0.5',
    });
    expect(() => loadConfig({ METRICS_HOST: 'not a host!' })).toThrow(
      /^Invalid configuration: METRICS_HOST .*\(for example METRICS_HOST=0\.0\.0\.0\)$/,
    );
  });

  it('verifies JWTs when the JWKS, issuer and audience are set', () => {
    expect(loadConfig({ ...live, ...jwt, NODE_ENV: 'production', METRICS_PORT: '9100' }).access).toEqual({
      host: '0.0.0.0',
      metricsPort: 9100,
      metricsHost: '127.0.0.1',
      auth: {
        kind: 'jwt',
        jwksUrl: jwt.AUTH_JWKS_URL,
        issuer: jwt.AUTH_ISSUER,
        audience: jwt.AUTH_AUDIENCE,
        maxTokenLifetimeSeconds: 86_400,
        sdlScope: 'posture:schema',
      },
    });
  });

  it('bounds token lifetimes at a day unless AUTH_MAX_TOKEN_LIFETIME_SECONDS says otherwise', () => {
    expect(loadConfig(jwt).access.auth).toMatchObject({ kind: 'jwt', maxTokenLifetimeSeconds: 86_400 });
    expect(loadConfig({ ...jwt, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).access.auth).toMatchObject({ maxTokenLifetimeSeconds: 3600 });
  });

  it.each([
    [{ AUTH_JWKS_URL: jwt.AUTH_JWKS_URL, AUTH_AUDIENCE: 'x' }, /^Invalid configuration: AUTH_ISSUER is required when AUTH_JWKS_URL is set/],
    [{ AUTH_JWKS_URL: jwt.AUTH_JWKS_URL, AUTH_ISSUER: 'x' }, /^Invalid configuration: AUTH_AUDIENCE is required when AUTH_JWKS_URL is set/],
    [{ AUTH_ISSUER: 'x' }, /^Invalid configuration: AUTH_JWKS_URL is required when AUTH_ISSUER is set/],
    [{ AUTH_JWKS_URL: 'not a url' }, /^Invalid configuration: AUTH_JWKS_URL /],
    [{ HOST: 'not a host!' }, /^Invalid configuration: HOST /],
  ])('refuses half an authentication setup: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('bounds variables at 32 levels and 50,000 values unless told otherwise', () => {
    expect(loadConfig({}).limits).toMatchObject({ maxVariableDepth: 32, maxVariableValues: 50_000 });
    expect(loadConfig({ GRAPHQL_MAX_VARIABLE_DEPTH: '8', GRAPHQL_MAX_VARIABLE_VALUES: '1000' }).limits).toMatchObject({
      maxVariableDepth: 8,
      maxVariableValues: 1000,
    });
    expect(() => loadConfig({ GRAPHQL_MAX_VARIABLE_DEPTH: '0' })).toThrow(
      /^Invalid configuration: GRAPHQL_MAX_VARIABLE_DEPTH must be a positive integer, got "0" \(for example GRAPHQL_MAX_VARIABLE_DEPTH=32\)$/,
    );
  });

  it('lets operations wait 10 s for room to execute, in a 64 MB queue, unless told otherwise', () => {
    expect(loadConfig({}).limits).toMatchObject({ admissionMaxWaitMs: 10_000, admissionQueueBytes: 64 * 1024 * 1024 });
    expect(loadConfig({ GRAPHQL_ADMISSION_MAX_WAIT_MS: '30000', GRAPHQL_ADMISSION_QUEUE_MB: '16' }).limits).toMatchObject({
      admissionMaxWaitMs: 30_000,
      admissionQueueBytes: 16 * 1024 * 1024,
    });
    expect(() => loadConfig({ GRAPHQL_ADMISSION_MAX_WAIT_MS: '0' })).toThrow(
      /^Invalid configuration: GRAPHQL_ADMISSION_MAX_WAIT_MS must be a whole number from 1 to 120000, got "0" \(for example GRAPHQL_ADMISSION_MAX_WAIT_MS=10000\)$/,
    );
    expect(() => loadConfig({ GRAPHQL_ADMISSION_QUEUE_MB: 'lots' })).toThrow(
      /^Invalid configuration: GRAPHQL_ADMISSION_QUEUE_MB must be a whole number/,
    );
  });

  it('masks field suggestions in production only', () => {
    expect(loadConfig({}).limits.fieldSuggestions).toBe(true);
    expect(loadConfig({ ...live, ...open, NODE_ENV: 'production' }).limits.fieldSuggestions).toBe(false);
  });
});
