import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { createGatewayRuntime, type GatewayConfigSupergraph, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeSupergraph } from '../../examples/federation/compose-supergraph.js';
import { SAMPLE_OWNERS, startOwnershipSubgraph, type OwnershipSubgraph } from '../../examples/federation/ownership-subgraph.js';
import { withoutSecurityDirectives } from '../../src/graphql/index.js';
import { startSimulator, type SimDevice, type Simulator } from '../../src/simulator/index.js';
import type { GraphQLResponse, TestGraph } from '../helpers/graph.js';
import { startGraph } from '../helpers/graph.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';

const root = path.resolve(import.meta.dirname, '../..');

/** A trusted document's id, as the client preset writes it. */
const idOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The federation demo's trusted documents, which gateway.config.ts lists beside the web app's. */
const federationDocuments = Object.values(
  JSON.parse(readFileSync(path.join(root, 'examples/federation/persisted-documents.json'), 'utf8')) as Record<string, string>,
);
const documentNamed = (name: string) => federationDocuments.find((text) => text.startsWith(`query ${name}`))!;
/** The other team's list: 40 devices, some deleted from Automox, some never known to it, some spelled differently. */
const OWNED_DEVICES = documentNamed('OwnedDevices');
const DEVICE_WITH_OWNER = documentNamed('DeviceWithOwner');

type OwnedDevice = {
  hostname: string;
  inInventory: boolean;
  displayName: string | null;
  automoxId: number | null;
  macAddresses: string[];
  compliance: { state: string; report: { status: string; totalIssues: number } | null };
};

/** A gateway under test and how a client talks to it. */
interface Gateway {
  name: string;
  /** Sends an operation as this gateway's clients do: by trusted-document id through Hive Gateway, as text through @apollo/gateway. */
  query<T = Record<string, any>>(
    text: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
}

let sim: Simulator;
let posture: TestGraph;
let proxy: RecordingProxy;
let ownership: OwnershipSubgraph;
let hive: { runtime: GatewayRuntime; server: http.Server; url: string };
let apollo: { server: ApolloServer<{ authorization?: string }>; url: string };
const live = new Map<string, SimDevice>();

async function post<T = Record<string, any>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The live fleet device a hostname names, in any case, short or fully qualified (as the inventory matches). */
function liveDevice(hostname: string): SimDevice | undefined {
  const name = hostname.toLowerCase();
  return live.get(name) ?? [...live.values()].find((device) => device.hostname.toLowerCase().split('.')[0] === name);
}

const gateways: Gateway[] = [
  { name: 'Hive Gateway', query: (text, variables, headers) => post(hive.url, { documentId: idOf(text), variables }, headers) },
  { name: '@apollo/gateway', query: (text, variables, headers) => post(apollo.url, { query: text, variables }, headers) },
];

beforeAll(async () => {
  // The demo fleet (seed 42, 250 devices): owners.json names its hostnames.
  sim = await startSimulator({ fleetSize: 250, opswatRateLimit: 1000, opswatRateWindowMs: 60_000 });
  for (const device of sim.fleet.devices) if (!device.deletedAt) live.set(device.hostname.toLowerCase(), device);
  posture = await startGraph(sim, { OPSWAT_RATE_LIMIT: '1000', COMPLIANCE_MAX_WAIT_MS: '2000' });
  proxy = await startRecordingProxy(`${posture.url}/graphql`);
  ownership = await startOwnershipSubgraph();
  const supergraph = composeSupergraph({ posture: proxy.url, ownership: ownership.url });
  const { createGatewayConfig } = await import('../../examples/federation/gateway.config.js');

  // The config as production runs it (trusted documents enforced), except that the supergraph is
  // this test's (its subgraphs' ports are random).
  const gatewayConfig = createGatewayConfig({ NODE_ENV: 'production' });
  const runtime = createGatewayRuntime({ ...(gatewayConfig as GatewayConfigSupergraph), supergraph: () => supergraph, logging: false });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hive = { runtime, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };

  const apolloServer = new ApolloServer<{ authorization?: string }>({
    gateway: new ApolloGateway({
      supergraphSdl: composeSupergraph({ posture: proxy.url, ownership: ownership.url }, withoutSecurityDirectives),
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  const started = await startStandaloneServer(apolloServer, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  apollo = { server: apolloServer, url: started.url };
});
afterAll(async () => {
  await apollo?.server.stop();
  await hive?.runtime.dispose();
  await new Promise((resolve) => hive?.server.close(resolve));
  await ownership?.close();
  await proxy?.close();
  await posture?.close();
  await sim?.close();
});
beforeEach(() => {
  proxy.requests.length = 0;
  sim.resetCalls();
});

describe.each(gateways)('the posture graph composed with the ownership subgraph behind $name', (gateway) => {
  it("answers every one of the other subgraph's 40 devices (deleted, unknown and differently cased too) with one _entities call", async () => {
    const response = await gateway.query<{ owners: Array<{ name: string; devices: OwnedDevice[] }> }>(OWNED_DEVICES);
    expect(response.errors).toBeUndefined();
    const owned = SAMPLE_OWNERS.flatMap((owner) => owner.hostnames);
    const returned = response.data!.owners.flatMap((owner) => owner.devices);
    expect(owned).toHaveLength(40);
    expect(returned).toHaveLength(40);

    returned.forEach((device, i) => {
      // The hostname is the other team's spelling; the posture fields come from the device it names.
      expect(device.hostname).toBe(owned[i]);
      const truth = liveDevice(device.hostname);
      const { compliance, ...fields } = device;
      if (truth) {
        expect(device).toMatchObject({ inInventory: true, displayName: truth.displayName, automoxId: truth.id });
        expect([...device.macAddresses].sort()).toEqual([...truth.physicalMacs].sort());
        expect(compliance.state).not.toBe('FAILED');
      } else {
        expect(fields).toEqual({ hostname: owned[i], inInventory: false, displayName: null, automoxId: null, macAddresses: [] });
        expect(compliance).toEqual({ state: 'UNMATCHED', report: null });
      }
    });
    const stubs = returned.filter((device) => !device.inInventory).map((device) => device.hostname);
    expect(stubs.sort()).toEqual([
      'Mei-MBP',
      'WIN-PQFC6N3S4XB',
      'WS-2965',
      'decommissioned-nas',
      'kiosk-lobby-01',
      'printer-3f.corp.example.com',
    ]);
    const respelled = returned.filter((device) =>
      ['win-dd9yn0gle4l', 'SRV-DB-60.CORP.EXAMPLE.COM', 'srv-build-03'].includes(device.hostname),
    );
    expect(respelled.map((device) => device.inInventory)).toEqual([true, true, true]);

    // One request to the posture graph for the whole list, and at most one inventory read for it
    // (none once the inventory is loaded): not one per entity.
    expect(proxy.entityCalls()).toEqual([40]);
    expect(proxy.requests).toHaveLength(1);
    expect(sim.calls({ route: 'servers' }).length).toBeLessThanOrEqual(1);
  });

  it('passes the posture graph error codes through to the client', async () => {
    const response = await gateway.query(DEVICE_WITH_OWNER, { macAddress: 'not-a-mac' });
    expect(response.data?.device ?? null).toBeNull();
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/macAddress must be a MAC address/);
  });

  it("propagates the client's Authorization header to the posture subgraph", async () => {
    const hostname = 'WIN-SRYTV4X9983';
    const response = await gateway.query(DEVICE_WITH_OWNER, { hostname: hostname.toLowerCase() }, { authorization: 'Bearer client-token' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.device).toMatchObject({ hostname, owner: { name: 'Ada Lovelace', team: 'Platform' } });
    expect(proxy.requests.map((request) => request.headers.authorization)).toEqual(['Bearer client-token']);
  });
});

describe("the posture graph's _service SDL", () => {
  it('composes into the same supergraph as the committed schema/schema.graphql', async () => {
    const service = await posture.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const fromService = composeServices([
      { name: 'posture', url: proxy.url, typeDefs: parse(service.data!._service.sdl) },
      { name: 'ownership', url: ownership.url, typeDefs: parse(ownership.sdl) },
    ]);
    expect(fromService.errors).toBeUndefined();
    expect(fromService.supergraphSdl).toBe(composeSupergraph({ posture: proxy.url, ownership: ownership.url }));
  });
});

describe('trusted documents at Hive Gateway (examples/federation/gateway.config.ts)', () => {
  it("runs a listed document by id, as documentId or as Apollo's persisted-query sha256Hash", async () => {
    const id = idOf(DEVICE_WITH_OWNER);
    const variables = { hostname: 'lars-mbp' };
    const byDocumentId = await post(hive.url, { documentId: id, variables });
    const byApolloHash = await post(hive.url, {
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: id.slice('sha256:'.length) } },
    });
    expect(byDocumentId.errors).toBeUndefined();
    expect(byDocumentId.data?.device).toMatchObject({ hostname: 'lars-mbp', owner: { name: 'Ada Lovelace', team: 'Platform' } });
    expect(byApolloHash.data).toEqual(byDocumentId.data);
  });

  it('refuses a document sent as text (PERSISTED_QUERY_NOT_LISTED) and an unknown id (PERSISTED_QUERY_NOT_FOUND), before any subgraph call', async () => {
    const asText = await post(hive.url, { query: '{ owners { name } }' });
    const unknownId = await post(hive.url, { documentId: idOf('{ owners { name } }') });
    expect(asText.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_LISTED']);
    expect(unknownId.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(asText.data ?? null).toBeNull();
    expect(proxy.requests).toHaveLength(0);
  });
});
