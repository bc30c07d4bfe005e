/**
 * `Device @key(fields: "id")`: another subgraph that knows devices by their Automox id gets each
 * one, even where two devices share a hostname (the demo fleet's two `Aishas-MacBook-Pro.local`,
 * Automox ids 1001964 and 1004064), through both gateways.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { withoutSecurityDirectives } from '../../src/graphql/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { type GraphQLResponse, startGraph, type TestGraph } from '../helpers/graph.js';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.js';

const SHARED_HOSTNAME = 'Aishas-MacBook-Pro.local';
const SHARED_IDS = ['1001964', '1004064'];

/** A subgraph that knows devices only by id: an asset register. */
const ASSETS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Device @key(fields: "id") { id: ID! }
  type Asset { tag: String!, device: Device! }
  type Query { assets: [Asset!]! }
`;

let sim: Simulator;
let posture: TestGraph;
let proxy: RecordingProxy;
let assets: { server: ApolloServer; url: string };
let apollo: { server: ApolloServer; url: string };
let hive: { runtime: GatewayRuntime; server: http.Server; url: string };

async function post<T>(url: string, query: string): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, ...((await response.json()) as object) };
}

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 250 });
  posture = await startGraph(sim);
  proxy = await startRecordingProxy(`${posture.url}/graphql`);
  const register = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(ASSETS_SDL),
      resolvers: { Query: { assets: () => SHARED_IDS.map((id, i) => ({ tag: `A-${i}`, device: { id } })) } },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  assets = { server: register, url: (await startStandaloneServer(register, { listen: { port: 0, host: '127.0.0.1' } })).url };
  const sdl = parse((await posture.query<{ _service: { sdl: string } }>('{ _service { sdl } }')).data!._service.sdl);
  const compose = (postureSdl: typeof sdl) => {
    const result = composeServices([
      { name: 'posture', url: proxy.url, typeDefs: postureSdl },
      { name: 'assets', url: assets.url, typeDefs: parse(ASSETS_SDL) },
    ]);
    if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
    return result.supergraphSdl;
  };
  const gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: compose(withoutSecurityDirectives(sdl)) }) });
  apollo = { server: gateway, url: (await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } })).url };
  const supergraph = compose(sdl);
  const runtime = createGatewayRuntime({ supergraph: () => supergraph, logging: false });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hive = { runtime, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
});
afterAll(async () => {
  await apollo?.server.stop();
  await hive?.runtime.dispose();
  await new Promise((resolve) => hive?.server.close(resolve));
  await assets?.server.stop();
  await proxy?.close();
  await posture?.close();
  await sim?.close();
});

describe.each([
  { name: '@apollo/gateway', url: () => apollo.url },
  { name: 'Hive Gateway', url: () => hive.url },
])('devices referenced by id behind $name', ({ url }) => {
  it('resolves two devices that share a hostname as two entities, each its own device', async () => {
    proxy.requests.length = 0;
    const response = await post<{ assets: Array<{ tag: string; device: Record<string, unknown> }> }>(
      url(),
      '{ assets { tag device { id hostname automoxId serialNumber inInventory } } }',
    );
    expect(response.errors).toBeUndefined();
    const truth = SHARED_IDS.map((id) => sim.fleet.devices.find((device) => String(device.id) === id)!);
    expect(truth.map((device) => device.hostname)).toEqual([SHARED_HOSTNAME, SHARED_HOSTNAME]);
    expect(response.data!.assets.map((asset) => asset.device)).toEqual(
      truth.map((device) => ({
        id: String(device.id),
        hostname: SHARED_HOSTNAME,
        automoxId: device.id,
        serialNumber: device.serial,
        inInventory: true,
      })),
    );
    // Both in one _entities call, keyed by id.
    expect(proxy.entityCalls()).toEqual([2]);
    expect(JSON.stringify(proxy.requests[0]!.body)).toContain('"id":"1001964"');
  });
});
