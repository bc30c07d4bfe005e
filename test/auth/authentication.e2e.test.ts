import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { SignJWT } from 'jose';
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
const DAY = 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);

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
    ['a correctly signed token without exp, which would never expire', async () => `Bearer ${await idp.mint({}, { expiresIn: null })}`],
    ['a token valid for a year, beyond AUTH_MAX_TOKEN_LIFETIME_SECONDS', async () => `Bearer ${await idp.mint({}, { expiresIn: '365d' })}`],
    [
      'a token issued two days ago that expires in an hour: a lifetime (iat to exp) beyond the limit',
      async () => `Bearer ${await idp.mint({}, { issuedAt: now() - 2 * DAY, expiresIn: now() + 3600 })}`,
    ],
    [
      'a token whose iat lies a year ahead, to pass a year-long life off as an hour',
      async () => `Bearer ${await idp.mint({}, { issuedAt: now() + 365 * DAY, expiresIn: now() + 365 * DAY + 3600 })}`,
    ],
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

  it('is accepted for up to a day by default (npm run dev-auth mints 12-hour tokens)', async () => {
    expect((await post({ query: RUNS }, `Bearer ${await idp.mint({}, { expiresIn: '12h' })}`)).status).toBe(200);
    expect((await post({ query: RUNS }, `Bearer ${await idp.mint({}, { expiresIn: '23h' })}`)).status).toBe(200);
  });
});

describe('token lifetime', () => {
  it('must carry exp: a token without one is refused, saying so', async () => {
    const { status, body } = await post({ query: RUNS }, `Bearer ${await idp.mint({}, { expiresIn: null })}`);
    expect(status).toBe(401);
    expect(body.errors?.[0]).toEqual({ message: 'The token must carry an exp claim', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('is bounded by AUTH_MAX_TOKEN_LIFETIME_SECONDS, from iat or from now, whichever is earlier', async () => {
    const strict = await startGraph(sim, {
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: idp.audience,
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: '600',
    });
    try {
      const ask = async (token: string) =>
        fetch(`${strict.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: RUNS }),
        });
      expect((await ask(await idp.mint({}, { expiresIn: '5m' }))).status).toBe(200);
      const hour = await ask(await idp.mint({}, { expiresIn: '1h' }));
      expect(hour.status).toBe(401);
      expect(((await hour.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe(
        'The token is valid for longer than the 600 s this graph accepts',
      );
      // Issued 20 minutes ago, 5 minutes left: its life was 25 minutes.
      expect((await ask(await idp.mint({}, { issuedAt: now() - 1200, expiresIn: now() + 300 }))).status).toBe(401);
      expect(sim.calls({ route: 'policy-runs' })).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});

describe('an identity provider in trouble', () => {
  // A graph of its own, whose verifier has never seen the keys: every request must fetch them.
  let troubled: TestIdentityProvider;
  let graphOfTroubled: TestGraph;
  beforeAll(async () => {
    troubled = await startIdentityProvider([await makeKey('troubled-1')]);
    graphOfTroubled = await startGraph(sim, {
      AUTH_JWKS_URL: troubled.jwksUrl,
      AUTH_ISSUER: troubled.issuer,
      AUTH_AUDIENCE: troubled.audience,
    });
  });
  afterAll(async () => {
    await graphOfTroubled.close();
    await troubled.close();
  });
  afterEach(() => troubled.fail(null));

  const ask = async (authorization: string) => {
    const response = await fetch(`${graphOfTroubled.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: RUNS }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: any[] } };
  };
  const unavailableCount = async () => {
    const text = await (await fetch(`${graphOfTroubled.url}/metrics`)).text();
    return Number(/^posture_auth_unavailable_total (\d+)/m.exec(text)?.[1] ?? Number.NaN);
  };

  it.each(['unavailable', 'garbage'] as const)(
    'answers a valid token 503 AUTH_UNAVAILABLE with Retry-After, counts it and logs a warning without the token, when the JWKS answers %s',
    async (mode) => {
      troubled.fail(mode);
      const token = await troubled.mint();
      const before = await unavailableCount();
      const logged = graphOfTroubled.logs.lines().length;
      const fetchesBefore = troubled.fetches();
      const { status, headers, body } = await ask(`Bearer ${token}`);
      expect(status).toBe(503);
      expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body).toEqual({
        errors: [
          {
            message: 'The identity provider keys (AUTH_JWKS_URL) could not be fetched; retry shortly',
            extensions: { code: 'AUTH_UNAVAILABLE' },
          },
        ],
      });
      expect(troubled.fetches()).toBeGreaterThan(fetchesBefore);
      expect(await unavailableCount()).toBe(before + 1);
      const lines = graphOfTroubled.logs.lines().slice(logged);
      const warning = lines.find(
        (line) => line.level === 40 && line.msg === 'identity provider keys unavailable: answered 503 AUTH_UNAVAILABLE',
      );
      expect(warning).toMatchObject({ jwksUrl: troubled.jwksUrl, reason: expect.any(String) });
      expect(JSON.stringify(lines)).not.toContain(token.split('.')[2]);
      expect(sim.calls()).toEqual([]);
    },
  );

  it.each<[string, () => Promise<string>]>([
    ['not a JWT at all', async () => 'Bearer not-a-jwt'],
    [
      'an unsigned token (alg: none)',
      async () => `Bearer ${unsignedToken({ iss: troubled.issuer, aud: troubled.audience, sub: 'x', exp: now() + 60 })}`,
    ],
    [
      'an HMAC token',
      async () =>
        `Bearer ${await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(troubled.issuer).setAudience(troubled.audience).setExpirationTime('5m').sign(new TextEncoder().encode('guessed-secret-guessed-secret-32'))}`,
    ],
  ])('still answers a genuinely bad token 401 while the JWKS is down: %s', async (_name, header) => {
    troubled.fail('unavailable');
    const { status, body } = await ask(await header());
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('verifies again as soon as the JWKS is back', async () => {
    troubled.fail('unavailable');
    const token = await troubled.mint();
    expect((await ask(`Bearer ${token}`)).status).toBe(503);
    troubled.fail(null);
    expect((await ask(`Bearer ${token}`)).status).toBe(200);
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

  it("refuses such a document as the client's error: HTTP 403, logged at info without a stack", async () => {
    const logged = graph.logs.lines().length;
    const { status, body } = await post({ query: LOOKUP }, `Bearer ${await idp.mint()}`);
    expect(status).toBe(403);
    expect(body).toEqual({
      errors: [
        {
          message: 'compliance needs the scope compliance:lookup, which the token does not carry',
          path: ['compliance'],
          extensions: { code: 'FORBIDDEN', requiredScopes: ['compliance:lookup'] },
        },
      ],
    });
    const lines = graph.logs.lines().slice(logged);
    expect(lines.filter((line) => Number(line.level) >= 40)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/stack|\bat .+:\d+:\d+/);
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, res: { statusCode: 403 }, errorCodes: ['FORBIDDEN'] }));
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

describe('the subgraph SDL (_service { sdl }) while introspection is off', () => {
  const SDL = '{ _service { sdl } }';
  let prod: TestGraph;
  beforeAll(async () => {
    prod = await startGraph(sim, {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: idp.audience,
    });
  });
  afterAll(() => prod.close());

  const sdlWith = async (graphOf: TestGraph, scope: string | undefined, query = SDL) =>
    graphOf.query(query, undefined, { authorization: `Bearer ${await idp.mint({ scope })}` });

  it.each([
    ['no scope at all', undefined],
    ['posture:read and compliance:lookup', 'posture:read compliance:lookup'],
  ])('is refused to a token with %s: 403 FORBIDDEN naming posture:schema, and no schema in the answer', async (_name, scope) => {
    const result = await sdlWith(prod, scope);
    expect(result.status).toBe(403);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['_service'], extensions: { code: 'FORBIDDEN', requiredScopes: ['posture:schema'] } }),
    ]);
    expect(JSON.stringify(result)).not.toContain('type Device');
  });

  it('is null beside the data a token may read, when asked for in the same document', async () => {
    const result = await sdlWith(prod, 'posture:read', '{ _service { sdl } policyRuns(limit: 1) { nodes { execToken } } }');
    expect(result.status).toBe(200);
    expect(result.data?._service).toBeNull();
    expect(result.data?.policyRuns.nodes).toHaveLength(1);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['_service'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });

  it('is served to a token carrying posture:schema (a router or a composition job)', async () => {
    const result = await sdlWith(prod, 'posture:schema');
    expect(result.status).toBe(200);
    expect(result.data?._service.sdl).toContain('type Device');
  });

  it('is served to the scope AUTH_SDL_SCOPE names instead, and no longer to posture:schema', async () => {
    const custom = await startGraph(sim, {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: idp.audience,
      AUTH_SDL_SCOPE: 'router:compose',
    });
    try {
      expect((await sdlWith(custom, 'router:compose')).data?._service.sdl).toContain('type Device');
      expect((await sdlWith(custom, 'posture:schema')).errors?.[0]?.extensions).toEqual({
        code: 'FORBIDDEN',
        requiredScopes: ['router:compose'],
      });
    } finally {
      await custom.close();
    }
  });

  it('is served to any authenticated token when introspection is on (development, or GRAPHQL_INTROSPECTION=true)', async () => {
    const open = await startGraph(sim, {
      NODE_ENV: 'production',
      GRAPHQL_INTROSPECTION: 'true',
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: idp.audience,
    });
    try {
      for (const graphOf of [open, graph]) expect((await sdlWith(graphOf, undefined)).data?._service.sdl).toContain('type Device');
    } finally {
      await open.close();
    }
  });
});
