import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { withoutSecurityDirectives } from '../../src/graphql/schema-rules.js';
import { startSimulator, type SimDevice, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type GraphQLResponse, type TestGraph } from '../helpers/graph.js';
import { startOwnershipSubgraph, type OwnershipSubgraph } from './ownership-subgraph.js';

/** One request the gateway sent to a subgraph. */
interface SubgraphCall {
  subgraph: string;
  entities: boolean;
  representations: number;
}

/** Records every subgraph fetch the query planner makes, so tests can assert on batching. */
class RecordingDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly subgraph: string,
    url: string,
    private readonly calls: SubgraphCall[],
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    const representations = request.variables?.representations;
    this.calls.push({
      subgraph: this.subgraph,
      entities: /\b_entities\s*\(/.test(request.query ?? ''),
      representations: Array.isArray(representations) ? representations.length : 0,
    });
  }
}

const ALL_STATES = ['FRESH', 'STALE', 'QUEUED', 'NOT_FOUND', 'UNMATCHED', 'FAILED'];

let sim: Simulator;
let posture: TestGraph;
let ownership: OwnershipSubgraph;
let gateway: ApolloServer;
let gatewayUrl: string;
let supergraphSdl: string;
let devices: SimDevice[];
const calls: SubgraphCall[] = [];

async function query<T = Record<string, any>>(text: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 1000, opswatRateWindowMs: 60_000 });
  posture = await startGraph(sim, { OPSWAT_RATE_LIMIT: '1000', COMPLIANCE_MAX_WAIT_MS: '2000' });
  devices = sim.fleet.devices.filter((device) => !device.deletedAt).slice(0, 24);
  ownership = await startOwnershipSubgraph(devices.map((device) => device.hostname));

  const service = await posture.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
  const composed = composeServices([
    // @apollo/gateway refuses supergraphs with `for: SECURITY` features (@requiresScopes): it cannot
    // enforce them. The posture subgraph enforces its scopes itself, so its users compose without them.
    { name: 'posture', url: `${posture.url}/graphql`, typeDefs: withoutSecurityDirectives(parse(service.data!._service.sdl)) },
    { name: 'ownership', url: ownership.url, typeDefs: parse(ownership.sdl) },
  ]);
  if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((error) => error.message).join('\n')}`);
  supergraphSdl = composed.supergraphSdl;

  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl,
      buildService: ({ name, url }) => new RecordingDataSource(name, url!, calls),
    }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } }));
});
afterAll(async () => {
  await gateway?.stop();
  await ownership?.close();
  await posture?.close();
  await sim?.close();
});
beforeEach(() => {
  calls.length = 0;
  sim.resetCalls();
});

describe("the posture graph composed with another team's subgraph behind @apollo/gateway", () => {
  it('composes without errors, both subgraphs keying Device by hostname', () => {
    expect(supergraphSdl).toMatch(/type Device\s[^{]*@join__type\(graph: POSTURE, key: "hostname"\)/);
    expect(supergraphSdl).toMatch(/type Device\s[^{]*@join__type\(graph: OWNERSHIP, key: "hostname"\)/);
  });

  it('resolves every device an owner subgraph lists with ONE batched _entities request to the posture graph', async () => {
    const response = await query<{
      owners: Array<{
        name: string;
        devices: Array<{ hostname: string; displayName: string | null; macAddresses: string[]; compliance: { state: string } }>;
      }>;
    }>('{ owners { name devices { hostname displayName macAddresses compliance { state } } } }');
    expect(response.errors).toBeUndefined();

    const returned = response.data!.owners.flatMap((owner) => owner.devices);
    expect(returned.length).toBeGreaterThanOrEqual(20);
    expect(response.data!.owners.map((owner) => owner.name)).toEqual(ownership.owners.map((owner) => owner.name));
    const byHostname = new Map(devices.map((device) => [device.hostname, device]));
    for (const device of returned) {
      const truth = byHostname.get(device.hostname);
      assert(truth, `${device.hostname} is not a fleet device`);
      expect(device.displayName).toBe(truth.displayName);
      expect([...device.macAddresses].sort()).toEqual([...truth.physicalMacs].sort());
      expect(ALL_STATES).toContain(device.compliance.state);
      expect(device.compliance.state).not.toBe('FAILED');
    }
    expect(returned.map((device) => device.hostname).sort()).toEqual(devices.map((device) => device.hostname).sort());

    expect(calls.filter((call) => call.subgraph === 'ownership')).toEqual([{ subgraph: 'ownership', entities: false, representations: 0 }]);
    expect(calls.filter((call) => call.subgraph === 'posture')).toEqual([
      { subgraph: 'posture', entities: true, representations: returned.length },
    ]);
    // One batch in, one inventory read out: the posture graph resolves the batch with its per-request loaders.
    expect(sim.calls({ route: 'servers' })).toHaveLength(1);
  });

  it('lets a query that starts at the posture graph reach the owner through the other subgraph', async () => {
    const target = devices[5]!;
    const owner = ownership.owners.find((candidate) => candidate.hostnames.includes(target.hostname))!;
    const response = await query<{
      device: { hostname: string; displayName: string | null; owner: { name: string; team: string } | null } | null;
    }>('query($h: String!) { device(hostname: $h) { hostname displayName owner { name team } } }', { h: target.hostname.toLowerCase() });
    expect(response.errors).toBeUndefined();
    expect(response.data!.device).toEqual({
      hostname: target.hostname,
      displayName: target.displayName,
      owner: { name: owner.name, team: owner.team },
    });
    expect(calls).toEqual([
      { subgraph: 'posture', entities: false, representations: 0 },
      { subgraph: 'ownership', entities: true, representations: 1 },
    ]);
  });
});
