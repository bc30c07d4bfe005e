import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { makeKey, startIdentityProvider, type TestIdentityProvider, type TestKey, unsignedToken } from '../helpers/jwks.js';

let sim: Simulator;
let idp: TestIdentityProvider;
let graph: TestGraph;
let signing: TestKey;
let elliptic: TestKey;

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 30 });
  signing = await makeKey('key-1');
  elliptic = await makeKey('key-ec', 'ES256');
  idp = await startIdentityProvider([signing, elliptic]);
  graph = await startGraph(sim, { AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: idp.issuer, AUTH_AUDIENCE: idp.audience });
});
afterAll(async () => {
  await graph.close();
  await idp.close();
  await sim.close();
});
afterEach(() => sim.resetCalls());

const RUNS = '{ policyRuns(limit: 2) { nodes { execToken } } }';

async function post(body: unknown, authorization?: string) {
  const response = await fetch(`${graph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: any[] } };
}

describe('a request without a valid token', () => {
  const refusals: Array<[string, () => Promise<string | undefined>]> = [
    ['no Authorization header', async () => undefined],
    ['a header that is not a bearer token', async () => 'Basic dXNlcjpwYXNz'],
    [
      'a token signed by a key the identity provider does not publish, under a published kid',
      async () => `Bearer ${await idp.mint({}, { key: { ...(await makeKey('key-1')) } })}`,
    ],
    ['an expired token', async () => `Bearer ${await idp.mint({}, { expiresIn: Math.floor(Date.now() / 1000) - 120 })}`],
    ['a token not valid before a time well in the future', async () => `Bearer ${await idp.mint({}, { notBefore: '10m' })}`],
    ['a token of another issuer', async () => `Bearer ${await idp.mint({ iss: 'https://evil.example/' })}`],
    ['a token for another audience', async () => `Bearer ${await idp.mint({ aud: 'someone-else' })}`],
    [
      'an unsigned token (alg: none)',
      async () =>
        `Bearer ${unsignedToken({ iss: idp.issuer, aud: idp.audience, sub: 'x', scope: 'posture:read', exp: Math.floor(Date.now() / 1000) + 300 })}`,
    ],
    ['a token signed with a kid nobody publishes', async () => `Bearer ${await idp.mint({}, { key: await makeKey('unknown-kid') })}`],
  ];

  it.each(refusals)('is answered 401 UNAUTHENTICATED with no upstream call: %s', async (_name, header) => {
    for (const document of [
      RUNS,
      '{ _service { sdl } }',
      '{ _entities(representations: [{ __typename: "Device", hostname: "x" }]) { ... on Device { hostname } } }',
    ]) {
      const { status, headers, body } = await post({ query: document }, await header());
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(sim.calls()).toEqual([]);
  });

  it('cannot pass as the landing page: a GET with an operation is authenticated however many parameters pad it', async () => {
    const padding = Array.from({ length: 1000 }, (_, i) => `a${i}=1`).join('&');
    const query = encodeURIComponent('{ __typename _service { sdl } }');
    for (const path of ['/graphql', '/']) {
      const response = await fetch(`${graph.url}${path}?${padding}&query=${query}`, {
        headers: { 'apollo-require-preflight': '1', accept: 'application/graphql-response+json, text/html' },
      });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('type Query');
    }
  });

  it('serves the landing page itself (a GET for HTML with no parameters) without a token', async () => {
    const response = await fetch(`${graph.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('embeddable-sandbox');
  });

  it('never echoes the token in the refusal', async () => {
    const token = await idp.mint({ aud: 'someone-else' });
    const { body } = await post({ query: RUNS }, `Bearer ${token}`);
    expect(JSON.stringify(body)).not.toContain(token.split('.')[2]);
  });
});

describe('a valid token', () => {
  it('reads the fleet (RS256)', async () => {
    const { status, body } = await post({ query: RUNS }, `Bearer ${await idp.mint()}`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.policyRuns.nodes).toHaveLength(2);
  });

  it('reads the fleet (ES256)', async () => {
    const { status, body } = await post({ query: RUNS }, `Bearer ${await idp.mint({}, { key: elliptic })}`);
    expect(status).toBe(200);
    expect(body.data.policyRuns.nodes).toHaveLength(2);
  });

  it('is accepted within the clock skew of its not-before time', async () => {
    const { status } = await post({ query: RUNS }, `Bearer ${await idp.mint({}, { notBefore: '10s' })}`);
    expect(status).toBe(200);
  });
});

describe('scopes', () => {
  const LOOKUP = '{ compliance(identifier: "02:00:00:00:00:01") { state } }';

  it('a posture:read token gets FORBIDDEN for compliance(identifier:), the rest of its data, and no OPSWAT call', async () => {
    const { status, body } = await post(
      { query: `{ runs: policyRuns(limit: 1) { nodes { execToken } } lookup: compliance(identifier: "02:00:00:00:00:01") { state } }` },
      `Bearer ${await idp.mint()}`,
    );
    expect(status).toBe(200);
    expect(body.data.runs.nodes).toHaveLength(1);
    expect(body.data.lookup).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['lookup'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', requiredScopes: ['compliance:lookup'] }),
      }),
    ]);
    expect(sim.calls({ upstream: 'opswat' })).toEqual([]);
  });

  it('a document made only of fields the token does not cover is refused whole, at no upstream call', async () => {
    const { body } = await post({ query: LOOKUP }, `Bearer ${await idp.mint()}`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sim.calls()).toEqual([]);
  });

  it('a compliance:lookup token may look identifiers up but not read the fleet', async () => {
    const token = await idp.mint({ scope: undefined, scp: ['compliance:lookup'] });
    const { body } = await post(
      { query: `{ policyRuns { nodes { execToken } } compliance(identifier: "02:00:00:00:00:01") { state } }` },
      `Bearer ${token}`,
    );
    expect(body.data.policyRuns).toBeNull();
    expect(body.data.compliance.state).toEqual(expect.any(String));
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['policyRuns'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect(sim.calls({ upstream: 'automox', route: 'policy-runs' })).toEqual([]);
  });

  it('the fleet views need posture:read: without it devices and fleetSummary answer FORBIDDEN and the inventory is not read', async () => {
    const token = await idp.mint({ scope: 'compliance:lookup' });
    const { body } = await post(
      { query: '{ devices(first: 1) { totalCount } fleetSummary { totalCount } compliance(identifier: "02:00:00:00:00:01") { state } }' },
      `Bearer ${token}`,
    );
    expect(body.data.compliance.state).toEqual(expect.any(String));
    expect(body.errors?.map((error: { path: string[]; extensions: { code: string } }) => [error.path, error.extensions.code])).toEqual([
      [['devices'], 'FORBIDDEN'],
      [['fleetSummary'], 'FORBIDDEN'],
    ]);
    expect(sim.calls({ upstream: 'automox' })).toEqual([]);
  });

  it('entities need posture:read: without it _entities answers FORBIDDEN and the inventory is not read', async () => {
    const token = await idp.mint({ scope: 'compliance:lookup' });
    const { body } = await post(
      { query: '{ _entities(representations: [{ __typename: "Device", hostname: "x" }]) { ... on Device { hostname } } }' },
      `Bearer ${token}`,
    );
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sim.calls({ upstream: 'automox' })).toEqual([]);
  });
});
