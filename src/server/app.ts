import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { authenticate, type Caller, callerOf, type TokenVerifier } from '../auth/index.js';
import { listen, named, OPERATOR_PATHS, type Logger, type SecretRedactor } from '../common/index.js';
import type { DocumentLimits } from '../config/index.js';
import {
  authorizationPlugin,
  createErrorFormatter,
  documentLimits,
  introspectionOff,
  SubscriptionGate,
  subscriptionsElsewhere,
  type TrustedDocuments,
  WAITING_REQUEST_BYTES,
} from '../graphql/index.js';
import { type RequestContext, softErrorsPlugin } from '../kernel/index.js';
import type { Metrics } from '../metrics/index.js';
import { graphqlHandler } from './graphql-handler.js';
import { InFlightRequests } from './in-flight.js';
import { ReadinessProbe, type Readiness } from './readiness.js';
import { requestLogger, requestScope, requestSummaryPlugin, resumeRequestScope } from './request-log.js';
import { EXPLORER_ASSETS_PATH, type Explorer, explorerAssets, explorerInitialState, explorerPlugin } from './explorer.js';
import { securityHeaders } from './security-headers.js';
import type { SubscriptionCaps } from './subscription-slots.js';
import { createSubscriptionServer, type SubscriptionServer } from './subscriptions.js';
import { trustedDocumentsMiddleware } from './trusted-documents.js';
import { variableLimitsMiddleware } from './variable-limits.js';

/** Origins Apollo Sandbox and Studio Explorer send requests from. */
export const SANDBOX_ORIGINS = [
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
  'https://explorer.embed.apollographql.com',
];

/** What {@link createHttpApp} needs. */
export interface HttpAppOptions<TContext extends RequestContext = RequestContext> {
  schema: GraphQLSchema;
  /** Builds a request's context (the composition root's factory: fresh loaders over shared services). */
  context: (caller: Caller, signal: AbortSignal | undefined) => TContext;
  metrics: Metrics;
  logger: Logger;
  redactor: SecretRedactor;
  /** Introspection (development, or GRAPHQL_INTROSPECTION=true). */
  introspection: boolean;
  /** The landing page: Apollo Sandbox, the bundled GraphiQL or none (GRAPHQL_EXPLORER). */
  explorer: Explorer;
  corsOrigins: string[];
  /** Also allow any loopback origin (`http://localhost:5173`, `http://127.0.0.1:8080`): development's dev servers. */
  corsLoopback?: boolean;
  /** The store's write-and-read-back check; drives /readyz (rate-limited). */
  readiness: () => Promise<Readiness>;
  /** A server already bound to its port; by default a new one is made and bound by `listen()`. */
  server?: http.Server;
  /** TRUSTED_DOCUMENTS: when set, only these operations run (or, in `resolve` mode, their ids are resolved). */
  trustedDocuments?: TrustedDocuments;
  /** Pre-filled explorer variables (a real run in demo mode). */
  sandboxVariables?: Record<string, unknown>;
  /** Verifies bearer tokens; null while authentication is off (every request is the anonymous caller). */
  verifier: TokenVerifier | null;
  /** The scope `_service { sdl }` needs while introspection is off (AUTH_SDL_SCOPE); null: authentication is off. */
  sdlScope: string | null;
  /** Document limits checked before execution. */
  limits: DocumentLimits;
  /** Where `/metrics` is served: its own port (production), or null for the GraphQL port. */
  metricsPort: number | null;
  /** The address the metrics port binds to (METRICS_HOST), whatever address the GraphQL port binds to. */
  metricsHost: string;
  /** Push endpoints (OPSWAT's webhook when OPSWAT_WEBHOOK_SECRET is set). */
  pushEndpoints?: PushEndpoint[];
  /**
   * Subscriptions (graphql-ws on `/graphql`, graphql-sse at `POST /graphql/stream`) and their
   * bounds; off when absent (a schema without a Subscription type).
   */
  subscriptions?: { caps: SubscriptionCaps; maxBufferedBytes: number };
}

/**
 * A push endpoint on the GraphQL port (OPSWAT's webhook): the key is checked before the body is
 * read, the body is bounded, and the push is answered before its work runs.
 */
export interface PushEndpoint {
  path: string;
  /** Largest body read; a longer one is refused (413) before it is read whole. */
  maxBytes: number;
  authorized(authorization: string | undefined): boolean;
  admit(body: unknown): {
    admission: { kind: 'accepted'; events: number } | { kind: 'refused'; status: 400 | 401; message: string };
    work: () => Promise<unknown>;
  };
}

/** The HTTP server and its lifecycle. */
export interface HttpApp<TContext extends RequestContext = RequestContext> {
  server: http.Server;
  apollo: ApolloServer<TContext>;
  /**
   * Starts listening on `host` (unless the server given was already bound), and the metrics port,
   * when it has one, on its own host; resolves with the bound GraphQL port.
   */
  listen(port: number, host?: string): Promise<number>;
  /** The bound metrics port, once listening, or null when `/metrics` is on the GraphQL port. */
  metricsPort(): number | null;
  /**
   * The first half of a graceful stop: `/readyz` answers 503 from now on while the server keeps
   * serving; resolves once no request is in flight, or after `timeoutMs`.
   */
  drain(timeoutMs: number): Promise<void>;
  /** Stops Apollo and the server, cutting any connection still open. */
  close(): Promise<void>;
  /** The subscription transports, when served. */
  subscriptions: SubscriptionServer | null;
}

/**
 * Every GraphQL response says `Cache-Control: no-store`: compliance answers move from QUEUED to
 * FRESH between polls and carry a device's security posture, so no shared or browser cache may
 * keep one. Freshness is the graph's job (ComplianceLookup.state), not HTTP's.
 */
function noStorePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/**
 * Express 5 with Apollo Server 5 at `/graphql`, Sandbox's landing page in development (also at
 * `/`), CORS for configured origins (and Sandbox's while its landing page is on), Apollo's CSRF prevention left on, and the
 * operator endpoints `/healthz`, `/readyz`, `/metrics`.
 */
export async function createHttpApp<TContext extends RequestContext>(options: HttpAppOptions<TContext>): Promise<HttpApp<TContext>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(named('securityHeaders', securityHeaders({ explorer: options.explorer })));
  // Express hashes every body it sends for an ETag (SHA-1 of a 1,000-row page on every request);
  // answers are `no-store` POSTs nobody revalidates, so the hash is pure cost.
  app.set('etag', false);
  const server = options.server ?? http.createServer();
  const readiness = new ReadinessProbe({ check: options.readiness });
  const inFlight = new InFlightRequests();
  const limits = documentLimits<TContext>(options.limits);
  // One error boundary for queries and subscriptions alike.
  const formatError = createErrorFormatter({ redactor: options.redactor, logger: options.logger });
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    parseOptions: limits.parseOptions,
    logger: options.logger,
    // Off is enforced by our own rule, whose message names GRAPHQL_INTROSPECTION.
    introspection: true,
    validationRules: [
      ...limits.validationRules,
      ...(options.introspection ? [] : [introspectionOff]),
      ...(options.subscriptions ? [subscriptionsElsewhere] : []),
    ],
    includeStacktraceInErrorResponses: false,
    // serve.ts owns SIGINT/SIGTERM (drain, then close stores); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    formatError,
    plugins: [
      // drain() has already waited for in-flight requests by the time Apollo stops; whatever is
      // still open then is past SHUTDOWN_TIMEOUT_MS, so there is no second grace period.
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: 0 }),
      requestSummaryPlugin<TContext>(),
      // Apollo's cache-control plugin wraps every field resolver of every request to collect
      // @cacheControl hints; this schema declares none, so all it ever concluded was "no-store",
      // at a quarter of the bytes a warm query allocated (bench/README.md). The header is kept.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      softErrorsPlugin<TContext>(),
      // With introspection on, the SDL says nothing `__schema` would not.
      authorizationPlugin<TContext>({ sdlScope: options.introspection ? null : options.sdlScope }),
      ...limits.plugins,
      explorerPlugin(
        options.explorer,
        explorerInitialState({ variables: options.sandboxVariables, authenticated: options.verifier !== null }),
      ),
    ],
  });
  await apollo.start();

  // Every middleware is named: a trace shows each as a span named after it (see `named`).
  app.use(named('requestScope', requestScope()), named('requestLog', requestLogger(options.logger)));
  const track = inFlight.track();
  app.use(named('inFlight', (req, res, next) => (OPERATOR_PATHS.has(req.path) ? next() : track(req, res, next))));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await readiness.state();
    res.status(state.ok ? 200 : 503).json(state.ok ? { status: 'ready' } : { status: 'not ready', reason: state.reason });
  });
  // In production /metrics lives on its own port, so the GraphQL port (the one exposed to
  // clients, or to a router) reveals nothing about the fleet or the budget to anonymous callers.
  const metricsApp =
    options.metricsPort === null
      ? app
      : express()
          .disable('x-powered-by')
          .use(securityHeaders({ explorer: 'off' }));
  metricsApp.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  const metricsServer = options.metricsPort === null ? null : http.createServer(metricsApp);

  // Apollo's origins only while Sandbox is the landing page: with Sandbox off (GraphiQL, or none)
  // nothing of Apollo's has a reason to call this graph from a browser (CORS_ORIGINS can still
  // name Studio, for a team that explores production through it).
  const allowed = new Set([...(options.explorer === 'sandbox' ? SANDBOX_ORIGINS : []), ...options.corsOrigins]);
  const graphql = [
    cors<cors.CorsRequest>({
      origin: (origin, callback) =>
        callback(null, !origin || allowed.has(origin) || (options.corsLoopback === true && isLoopbackOrigin(origin))),
      credentials: false,
      maxAge: 600,
    }),
    named(
      'authenticate',
      authenticate(options.verifier, {
        landingPage: options.explorer !== 'off',
        logger: options.logger,
        unavailable: options.metrics.authUnavailable,
      }),
    ),
    express.json({ limit: MAX_BODY }),
    named(
      'variableLimits',
      variableLimitsMiddleware({ maxDepth: options.limits.maxVariableDepth, maxValues: options.limits.maxVariableValues }),
    ),
    ...(options.trustedDocuments ? [named('trustedDocuments', trustedDocumentsMiddleware(options.trustedDocuments))] : []),
    named('resumeRequestScope', resumeRequestScope()),
    named(
      'apolloServer',
      graphqlHandler(apollo, {
        context: (res, signal) => options.context(callerOf(res), signal),
        shareIdentical: () => limits.admission.saturated,
        audience: (res) => audienceOf(callerOf(res)),
        hold: (req) => limits.admission.hold(WAITING_REQUEST_BYTES + (Number(req.req.headers['content-length']) || 0)),
      }),
    ),
  ];
  for (const endpoint of options.pushEndpoints ?? []) app.post(endpoint.path, ...pushHandlers(endpoint, options.logger));
  const subscriptions = options.subscriptions
    ? createSubscriptionServer({
        server,
        path: '/graphql',
        schema: options.schema,
        gate: new SubscriptionGate({
          schema: options.schema,
          limits: options.limits,
          introspection: options.introspection,
          trustedDocuments: options.trustedDocuments,
        }),
        verifier: options.verifier,
        context: (caller) => options.context(caller, undefined),
        caps: options.subscriptions.caps,
        maxBufferedBytes: options.subscriptions.maxBufferedBytes,
        dropped: options.metrics.subscriptionsDropped,
        formatError,
        logger: options.logger,
      })
    : null;
  if (subscriptions) {
    // Before `/graphql` itself, whose prefix it shares; the same CORS and token check as queries.
    app.post(
      '/graphql/stream',
      graphql[0]!,
      graphql[1]!,
      express.json({ limit: MAX_BODY }),
      named('subscriptionStream', subscriptions.sse),
    );
  }
  app.use('/graphql', ...graphql);
  if (options.explorer !== 'off') app.get('/', ...graphql);
  if (options.explorer === 'graphiql') app.use(EXPLORER_ASSETS_PATH, named('explorerAssets', explorerAssets()));
  app.use(bodyErrors(options.logger));
  // The app takes over the server in one step, replacing any placeholder (serve.ts answers
  // "starting" while the graph is built), so no request ever reaches two handlers.
  server.removeAllListeners('request');
  server.on('request', app);

  let boundMetricsPort: number | null = null;
  return {
    server,
    apollo,
    listen: async (port, host) => {
      const address = server.address();
      const bound = server.listening && typeof address === 'object' && address ? address.port : await listen(server, port, host);
      if (metricsServer && options.metricsPort !== null && !metricsServer.listening) {
        boundMetricsPort = await listen(metricsServer, options.metricsPort, options.metricsHost);
      }
      return bound;
    },
    metricsPort: () => boundMetricsPort,
    subscriptions,
    drain: async (timeoutMs) => {
      readiness.drain();
      // Streams never finish by themselves: they end now, so clients reconnect to another replica.
      subscriptions?.close();
      if (!(await inFlight.waitIdle(timeoutMs))) {
        options.logger.warn({ inFlight: inFlight.count, timeoutMs }, 'shutdown deadline passed with requests in flight; closing them');
      }
    },
    close: async () => {
      subscriptions?.close();
      await apollo.stop();
      await Promise.all(
        [server, metricsServer].map((each) => (each?.listening ? new Promise<void>((resolve) => each.close(() => resolve())) : undefined)),
      );
    },
  };
}

/** Hosts a browser calls this machine by. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether an Origin is a page served from this machine, on any port. Only the exact loopback names:
 * `localhost.evil.example` or `127.0.0.1.nip.io` are someone else's pages.
 */
function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname) && url.origin === origin;
  } catch {
    return false;
  }
}

/** Everything about a caller an answer can depend on: who (their OPSWAT lookups' client) and their scopes. */
function audienceOf(caller: Caller): string {
  const subject = caller.kind === 'token' ? (caller.subject ?? '') : '';
  return `${caller.kind}\u0000${caller.clientId}\u0000${subject}\u0000${[...caller.scopes].sort().join(' ')}`;
}

/** Largest request body: far above any document the limits let through, far below what hurts. */
const MAX_BODY = '256kb';

/**
 * A body that is not JSON, or too large, is the client's mistake: a GraphQL-shaped JSON answer
 * (never Express's HTML page, stack or file paths) and one log line without the body.
 */
/** A push endpoint's handlers: the key before anything is read, then a bounded JSON body, 202 at once, then the work. */
function pushHandlers(endpoint: PushEndpoint, logger: Logger): express.RequestHandler[] {
  const refuse = (res: express.Response, status: number, code: string, message: string) =>
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  return [
    named('pushAuthorization', (req, res, next) => {
      if (!endpoint.authorized(req.get('authorization'))) return void refuse(res, 401, 'UNAUTHENTICATED', 'The push is not authorized');
      next();
    }),
    express.json({ limit: endpoint.maxBytes, type: () => true, strict: false }),
    named('push', (req, res) => {
      const { admission, work } = endpoint.admit(req.body);
      if (admission.kind === 'refused') return void refuse(res, admission.status, 'BAD_USER_INPUT', admission.message);
      res.status(202).json({ accepted: admission.events });
      void work().catch((error: unknown) => logger.warn({ err: error }, 'a push could not be applied'));
    }),
  ];
}

function bodyErrors(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const type = typeof error === 'object' && error !== null && 'type' in error ? String(error.type) : undefined;
    const [status, code, message] =
      type === 'entity.parse.failed'
        ? [400, 'BAD_REQUEST', 'The request body is not valid JSON']
        : type === 'entity.too.large'
          ? [413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${MAX_BODY}`]
          : type !== undefined
            ? [400, 'BAD_REQUEST', 'The request body could not be read']
            : [500, 'INTERNAL_SERVER_ERROR', 'Internal server error'];
    const fields = { method: req.method, path: req.path, status, code, reason: type };
    if (status === 500) logger.error({ ...fields, err: error }, 'request failed');
    else logger.warn(fields, 'refused a malformed request');
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
