// The sample ownership subgraph: another team's graph, as small as federation allows. It knows
// owners and the hostnames they own (owners.json: 40 devices of the demo fleet, a few of them
// deleted from Automox or never known to it), and extends the posture graph's `Device` by its key.
//
//   npm run ownership-subgraph        # http://localhost:4002/graphql (PORT overrides)
//
// Runs on Node's own TypeScript support, so it imports packages only (no sibling .ts files).
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/** The ownership subgraph's SDL: it contributes `Device.owner` and owns `Owner`. */
export const OWNERSHIP_SDL = readFileSync(new URL('./ownership.graphql', import.meta.url), 'utf8');

/** Who owns which hostnames. */
export interface Owner {
  name: string;
  team: string;
  hostnames: string[];
}

/** The owners of owners.json. */
export const SAMPLE_OWNERS: readonly Owner[] = (
  JSON.parse(readFileSync(new URL('./owners.json', import.meta.url), 'utf8')) as { owners: Owner[] }
).owners;

/** A running ownership subgraph. */
export interface OwnershipSubgraph {
  url: string;
  sdl: string;
  owners: readonly Owner[];
  close(): Promise<void>;
}

/** Where to listen and whom to serve; every field has a default. */
export interface OwnershipSubgraphOptions {
  owners?: readonly Owner[];
  port?: number;
  host?: string;
}

/**
 * Starts the subgraph. Hostname matching is case-insensitive, as the posture graph's key is, and
 * a hostname asked for that nobody owns has `owner: null`.
 */
export async function startOwnershipSubgraph({
  owners = SAMPLE_OWNERS,
  port = 0,
  host = '127.0.0.1',
}: OwnershipSubgraphOptions = {}): Promise<OwnershipSubgraph> {
  const ownerOf = new Map(owners.flatMap((owner) => owner.hostnames.map((hostname) => [hostname.toLowerCase(), owner] as const)));
  const schema = buildSubgraphSchema({
    typeDefs: parse(OWNERSHIP_SDL),
    resolvers: {
      Query: { owners: () => owners },
      Owner: { devices: (owner: Owner) => owner.hostnames.map((hostname) => ({ hostname })) },
      Device: {
        __resolveReference: (reference: { hostname: string }) => reference,
        owner: (device: { hostname: string }) => ownerOf.get(device.hostname.toLowerCase()) ?? null,
      },
    },
  });
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port, host } });
  return { url, sdl: OWNERSHIP_SDL, owners, close: () => server.stop() };
}

if (import.meta.main) {
  const subgraph = await startOwnershipSubgraph({ port: Number(process.env.PORT ?? 4002), host: process.env.HOST ?? '127.0.0.1' });
  process.stdout.write(`ownership subgraph ready at ${subgraph.url}\n`);
  const stop = () => subgraph.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
