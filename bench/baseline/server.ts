/**
 * The baseline: a bare Apollo Server 5 on graphql-js, behind the same HTTP stack as ours (express 5,
 * cors, express.json, expressMiddleware), whose root resolvers return data captured from our server.
 * graphql-js still parses, validates and executes every selection, so the gap between the two is
 * what our server spends beyond that: joins, DataLoaders, cache reads, type-graphql, federation.
 *
 * Env: PORT, BASELINE_FIXTURES (path of a JSON {@link BaselineFixtures}).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLScalarType } from 'graphql';
import { BASELINE_TYPE_DEFS, type BaselineFixtures, devicesKey } from './schema.js';

const port = Number(process.env.PORT);
const fixturesPath = process.env.BASELINE_FIXTURES;
if (!Number.isInteger(port) || port < 1 || !fixturesPath) {
  process.stderr.write(
    `baseline: PORT and BASELINE_FIXTURES are required (got PORT=${process.env.PORT ?? ''}, BASELINE_FIXTURES=${fixturesPath ?? ''})\n`,
  );
  process.exit(1);
}
const fixtures = JSON.parse(readFileSync(fixturesPath, 'utf8')) as BaselineFixtures;

const resolvers = {
  // The same scalar implementation as ours, so the comparison does not hinge on date validation.
  DateTime: DateTimeResolver,
  _Any: new GraphQLScalarType({ name: '_Any', serialize: (value) => value, parseValue: (value) => value }),
  _Entity: { __resolveType: () => 'Device' },
  Query: {
    policyRunResults: (_: unknown, args: { limit: number }) => fixtures.pages[String(args.limit)],
    device: (_: unknown, args: { hostname?: string }) => (args.hostname ? fixtures.devices[args.hostname] : null) ?? null,
    _entities: (_: unknown, args: { representations: Array<{ hostname?: string }> }) =>
      args.representations.map((representation) => fixtures.entities[representation.hostname ?? ''] ?? null),
    devices: (_: unknown, args: { filter?: unknown; first?: number }) =>
      fixtures.deviceLists?.[devicesKey(args.filter ?? null, args.first ?? null)] ?? null,
    fleetSummary: () => fixtures.fleetSummary ?? null,
  },
};

const app = express();
app.disable('x-powered-by');
const server = http.createServer(app);
const apollo = new ApolloServer({
  typeDefs: BASELINE_TYPE_DEFS,
  resolvers,
  introspection: false,
  plugins: [ApolloServerPluginLandingPageDisabled()],
});
await apollo.start();
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.use(
  '/graphql',
  cors<cors.CorsRequest>({ origin: true, maxAge: 600 }),
  express.json({ limit: '1mb' }),
  expressMiddleware(apollo, { context: async () => ({}) }),
);
server.listen(port, '127.0.0.1');

const stop = (): void => {
  apollo.stop().finally(() => server.close(() => process.exit(0)));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
