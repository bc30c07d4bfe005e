import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger, SecretRedactor } from '../common/index.js';
import {
  createContext,
  createErrorFormatter,
  introspectionOff,
  softErrorsPlugin,
  type GraphQLContext,
  type Services,
  type TrustedDocuments,
} from '../graphql/index.js';
import type { Metrics } from '../metrics/index.js';
import { SANDBOX_DOCUMENT } from './sandbox.js';
import { trustedDocumentsMiddleware } from './trusted-documents.js';

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
  /** Whether the stores answer; drives /readyz. */
  ready: () => Promise<boolean>;
  /** TRUSTED_DOCUMENTS: when set, only these operations run. */
  trustedDocuments?: TrustedDocuments;
  /** Pre-filled Sandbox variables (a real run in demo mode). */
  sandboxVariables?: Record<string, unknown>;
}

/** The HTTP server and its lifecycle. */
export interface HttpApp {
  server: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
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
  const server = http.createServer(app);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    logger: options.logger,
    // Off is enforced by our own rule, whose message names GRAPHQL_INTROSPECTION.
    introspection: true,
    validationRules: options.introspection ? [] : [introspectionOff],
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM and closes stores after HTTP; Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter({ redactor: options.redactor, logger: options.logger }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
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

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.ready().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'store unreachable' });
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
    ...(options.trustedDocuments ? [trustedDocumentsMiddleware(options.trustedDocuments)] : []),
    expressMiddleware(apollo, { context: async () => createContext(options.services) }),
  ];
  app.use('/graphql', ...graphql);
  if (options.introspection) app.get('/', ...graphql);

  return {
    server,
    apollo,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
