import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPostureClient } from '../../examples/web/src/apollo.js';
import { DevicePageDocument } from '../../examples/web/src/gql/graphql.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { type GraphQLResponse, startDemoGraph, startGraph, type TestGraph } from '../helpers/graph.js';

// README "A local front-end": a dev server on this machine calls the graph with no setting at all,
// and the example apps' id-only requests run against the demo.

const MANIFEST = path.resolve(import.meta.dirname, '../../examples/web/src/gql/persisted-documents.json');
const listed = Object.entries(JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>);
const [devicePageId] = listed.find(([, text]) => text.includes('query DevicePage'))!;
const hostname = 'lars-mbp';

let sim: Simulator;
let demo: TestGraph;
let development: TestGraph;
let production: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 30 });
  [demo, development, production] = await Promise.all([
    startDemoGraph(),
    startGraph(sim),
    startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true' }),
  ]);
});
afterAll(async () => {
  await Promise.all([demo?.close(), development?.close(), production?.close()]);
  await sim?.close();
});

/** What a browser sends before Apollo Client's POST (a JSON content type is not a "simple" request). */
const preflight = (graph: TestGraph, origin: string) =>
  fetch(`${graph.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

async function post(
  graph: TestGraph,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse & { headers: Headers }> {
  const response = await fetch(`${graph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

describe('a front-end dev server on this machine, without CORS_ORIGINS', () => {
  const DEV_SERVERS = ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://localhost'];

  it.each(DEV_SERVERS)('gets a preflight answered with CORS headers, in demo mode and in development: %s', async (origin) => {
    for (const graph of [demo, development]) {
      const response = await preflight(graph, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    }
  });

  it('then gets its POST answered, with the header the browser needs to read the answer', async () => {
    const response = await post(development, { query: '{ __typename }' }, { origin: 'http://localhost:5173' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.data).toEqual({ __typename: 'Query' });
  });

  it('is not let through in production, which keeps its explicit CORS_ORIGINS', async () => {
    const response = await preflight(production, 'http://localhost:5173');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each(['http://localhost.evil.example', 'http://127.0.0.1.nip.io:5173', 'file://', 'null'])(
    'does not take a look-alike for this machine: %s',
    async (origin) => {
      expect((await preflight(development, origin)).headers.get('access-control-allow-origin')).toBeNull();
    },
  );
});

describe("the example apps' id-only requests in demo mode", () => {
  it('run by documentId, as the client preset names them, with no TRUSTED_DOCUMENTS set', async () => {
    const response = await post(demo, { documentId: devicePageId, variables: { hostname } });
    expect(response.errors).toBeUndefined();
    expect(response.data?.device?.hostname).toBe(hostname);
  });

  it("run by Apollo's persisted-query hash, as examples/web's client sends them", async () => {
    const client = createPostureClient(`${demo.url}/graphql`);
    const { data, error } = await client.query({ query: DevicePageDocument, variables: { hostname } });
    expect(error).toBeUndefined();
    expect(data?.device?.hostname).toBe(hostname);
  });

  it('leave ad-hoc documents running: demo mode is for exploring', async () => {
    const response = await post(demo, { query: '{ policyRuns(limit: 1) { nodes { execToken } } }' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.policyRuns.nodes).toHaveLength(1);
  });

  it('answer an unknown id with PERSISTED_QUERY_NOT_FOUND, which tells Apollo Client to send the text', async () => {
    const unknown = createHash('sha256').update('{ nope }').digest('hex');
    const response = await post(demo, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('are not resolved outside demo mode unless TRUSTED_DOCUMENTS names a manifest', async () => {
    const response = await post(development, { documentId: devicePageId, variables: { hostname } });
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
  });
});
