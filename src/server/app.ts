import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { listen, type Logger, type SecretRedactor } from '../common/index.js';
import { createContext, type GraphQLContext, type Services } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/errors.js';
import { softErrorsPlugin } from '../graphql/soft-errors.js';
import type { Metrics } from '../metrics/index.js';
import { InFlightRequests } from './in-flight.js';
import { ReadinessProbe, type Readiness } from './readiness.js';
import { OPERATOR_PATHS, requestLogger, requestScope, requestSummaryPlugin, resumeRequestScope } from './request-log.js';
import { SANDBOX_DOCUMENT } from './sandbox.js';

/** Origins Apollo Sandbox and Studio Explorer send requests from. */
export const SANDBOX_ORIGINS = [
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
  'https://explorer.embed.apollographql.com',
];

/** What {@link createHttpApp} needs. */
export interface HttpAppOptions {
  schema: GraphQLSchema;
  services: Services;
  metrics: Metrics;
  logger: Logger;
  redactor: SecretRedactor;
  /** Landing page and introspection (development, or GRAPHQL_INTROSPECTION=true). */
  introspection: boolean;
  corsOrigins: string[];
  /** The store's write-and-read-back check; drives /readyz (rate-limited). */
  readiness: () => Promise<Readiness>;
  /** A server already bound to its port; by default a new one is made and bound by `listen()`. */
  server?: http.Server;
  /** Pre-filled Sandbox variables (a real run in demo mode). */
  sandboxVariables?: Record<string, unknown>;
}

/** The HTTP server and its lifecycle. */
export interface HttpApp {
  server: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Starts listening (unless the server given was already bound); resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /**
   * The first half of a graceful stop: `/readyz` answers 503 from now on while the server keeps
   * serving; resolves once no request is in flight, or after `timeoutMs`.
   */
  drain(timeoutMs: number): Promise<void>;
  /** Stops Apollo and the server, cutting any connection still open. */
  close(): Promise<void>;
}

/**
 * Every GraphQL response says `Cache-Control: no-store`: compliance answers move from QUEUED to
 * FRESH between polls and carry a device's security posture, so no shared or browser cache may
 * keep one. Freshness is the graph's job (ComplianceLookup.state), not HTTP's.
 */
function noStorePlugin(): ApolloServerPlugin<GraphQLContext> {
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
 * `/`), CORS for Sandbox and configured origins, Apollo's CSRF prevention left on, and the
 * operator endpoints `/healthz`, `/readyz`, `/metrics`.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = express();
  app.disable('x-powered-by');
  const server = options.server ?? http.createServer();
  const readiness = new ReadinessProbe({ check: options.readiness });
  const inFlight = new InFlightRequests();
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    logger: options.logger,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // serve.ts owns SIGINT/SIGTERM (drain, then close stores); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter({ redactor: options.redactor, logger: options.logger }),
    plugins: [
      // drain() has already waited for in-flight requests by the time Apollo stops; whatever is
      // still open then is past SHUTDOWN_TIMEOUT_MS, so there is no second grace period.
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: 0 }),
      requestSummaryPlugin<GraphQLContext>(),
      // Apollo's cache-control plugin wraps every field resolver of every request to collect
      // @cacheControl hints; this schema declares none, so all it ever concluded was "no-store",
      // at a quarter of the bytes a warm query allocated (bench/README.md). The header is kept.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      softErrorsPlugin<GraphQLContext>(),
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({
            embed: true,
            includeCookies: false,
            document: SANDBOX_DOCUMENT,
            variables: options.sandboxVariables ?? {},
          })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.use(requestScope(), requestLogger(options.logger));
  const track = inFlight.track();
  app.use((req, res, next) => (OPERATOR_PATHS.has(req.path) ? next() : track(req, res, next)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await readiness.state();
    res.status(state.ok ? 200 : 503).json(state.ok ? { status: 'ready' } : { status: 'not ready', reason: state.reason });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  const allowed = new Set([...SANDBOX_ORIGINS, ...options.corsOrigins]);
  const graphql = [
    cors<cors.CorsRequest>({
      origin: (origin, callback) => callback(null, !origin || allowed.has(origin)),
      credentials: false,
      maxAge: 600,
    }),
    express.json({ limit: '1mb' }),
    resumeRequestScope(),
    expressMiddleware(apollo, { context: async () => createContext(options.services) }),
  ];
  app.use('/graphql', ...graphql);
  if (options.introspection) app.get('/', ...graphql);
  // The app takes over the server in one step, replacing any placeholder (serve.ts answers
  // "starting" while the graph is built), so no request ever reaches two handlers.
  server.removeAllListeners('request');
  server.on('request', app);

  return {
    server,
    apollo,
    listen: async (port, host) => {
      if (server.listening) {
        const address = server.address();
        return typeof address === 'object' && address ? address.port : port;
      }
      return listen(server, port, host);
    },
    drain: async (timeoutMs) => {
      readiness.drain();
      if (!(await inFlight.waitIdle(timeoutMs))) {
        options.logger.warn({ inFlight: inFlight.count, timeoutMs }, 'shutdown deadline passed with requests in flight; closing them');
      }
    },
    close: async () => {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
