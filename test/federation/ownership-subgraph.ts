import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/** The ownership subgraph's SDL: it contributes `Device.owner` and owns `Owner`. */
export const OWNERSHIP_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

type Device @key(fields: "hostname") {
  hostname: String!
  owner: Owner
}

type Owner {
  name: String!
  team: String!
  devices: [Device!]!
}

type Query {
  owners: [Owner!]!
}
`;

/** Who owns which hostnames. */
export interface Owner {
  name: string;
  team: string;
  hostnames: string[];
}

/** A running ownership subgraph. */
export interface OwnershipSubgraph {
  url: string;
  sdl: string;
  owners: Owner[];
  close(): Promise<void>;
}

const PEOPLE = [
  { name: 'Ada Lovelace', team: 'Platform' },
  { name: 'Grace Hopper', team: 'Endpoint' },
  { name: 'Alan Turing', team: 'Security' },
  { name: 'Katherine Johnson', team: 'Service Desk' },
];

/**
 * A second team's subgraph, as small as federation allows: it knows owners and which hostnames
 * they own (dealt round-robin from `hostnames`), and extends the posture graph's `Device` by its
 * key. Matching is case-insensitive, as the posture graph's hostname key is.
 */
export async function startOwnershipSubgraph(hostnames: readonly string[]): Promise<OwnershipSubgraph> {
  const owners: Owner[] = PEOPLE.map((person) => ({ ...person, hostnames: [] }));
  for (const [index, hostname] of hostnames.entries()) owners[index % owners.length]!.hostnames.push(hostname);
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
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, sdl: OWNERSHIP_SDL, owners, close: () => server.stop() };
}
