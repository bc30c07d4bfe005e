import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { SANDBOX_ORIGINS } from '../../src/server/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

let sim: Simulator;
let dev: TestGraph;
let prod: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 30 });
  dev = await startGraph(sim, { CORS_ORIGINS: 'https://app.example.com' });
  prod = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true' });
});
afterAll(async () => {
  await dev.close();
  await prod.close();
  await sim.close();
});

const html = (url: string) => fetch(url, { headers: { accept: 'text/html' } });

describe('Apollo Sandbox landing page', () => {
  it('is served at /graphql and / in development, opening on a joined policy-run query', async () => {
    for (const path of ['/graphql', '/']) {
      const response = await html(`${dev.url}${path}`);
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain('embeddable-sandbox');
      expect(page).toContain('PolicyRunWithCompliance');
      expect(page).toContain('compliance');
    }
  });

  it('is off in production, and so is introspection', async () => {
    const response = await html(`${prod.url}/graphql`);
    expect(await response.text()).not.toContain('embeddable-sandbox');
    const introspection = await prod.query('{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The client is told which variable turns it on, and where the schema is instead.
    expect(introspection.errors?.[0]?.message).toMatch(/GRAPHQL_INTROSPECTION=true/);
    expect(introspection.errors?.[0]?.message).toMatch(/schema\/schema\.graphql/);
    expect((await prod.query('{ __type(name: "Device") { name } }')).errors?.[0]?.message).toMatch(/GRAPHQL_INTROSPECTION/);
    // __typename is not introspection: clients add it everywhere.
    expect((await prod.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect((await html(`${prod.url}/`)).status).toBe(404);
  });

  it('is not served with GRAPHQL_EXPLORER=off, while introspection stays on', async () => {
    const quiet = await startGraph(sim, { GRAPHQL_EXPLORER: 'off' });
    try {
      expect(await (await html(`${quiet.url}/graphql`)).text()).not.toContain('embeddable-sandbox');
      expect((await html(`${quiet.url}/`)).status).toBe(404);
      expect((await quiet.query('{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await quiet.close();
    }
  });

  it('comes back in production with GRAPHQL_INTROSPECTION=true', async () => {
    const open = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true', GRAPHQL_INTROSPECTION: 'true' });
    try {
      expect(await (await html(`${open.url}/graphql`)).text()).toContain('embeddable-sandbox');
      expect((await open.query('{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await open.close();
    }
  });
});

describe('CORS and CSRF', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it.each(['https://studio.apollographql.com', 'https://sandbox.embed.apollographql.com', 'https://app.example.com'])(
    'lets %s through',
    async (origin) => {
      const response = await preflight(dev.url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    },
  );

  it.each(SANDBOX_ORIGINS)('lets no foreign origin through in production by default, Apollo Studio neither: %s', async (origin) => {
    const response = await preflight(prod.url, origin);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${prod.url}/graphql`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets Apollo Studio through in production when the landing page is on, or when CORS_ORIGINS lists it', async () => {
    const studio = 'https://studio.apollographql.com';
    const explorable = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true', GRAPHQL_INTROSPECTION: 'true' });
    const listed = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true', CORS_ORIGINS: studio });
    try {
      expect((await preflight(explorable.url, studio)).headers.get('access-control-allow-origin')).toBe(studio);
      expect((await preflight(listed.url, studio)).headers.get('access-control-allow-origin')).toBe(studio);
      expect(
        (await preflight(listed.url, 'https://sandbox.embed.apollographql.com')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    } finally {
      await explorable.close();
      await listed.close();
    }
  });

  it('does not allow an unknown origin', async () => {
    const response = await preflight(dev.url, 'https://evil.example.net');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a real request from Sandbox with the CORS header', async () => {
    const response = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://studio.apollographql.com', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
  });

  it('refuses CSRF-style simple requests: a GET without a preflight header, a text/plain POST', async () => {
    const get = await fetch(`${dev.url}/graphql?query=${encodeURIComponent('{ policyRuns { nodes { execToken } } }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
    const post = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.status).toBe(400);
    const allowed = await fetch(`${dev.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(allowed.status).toBe(200);
  });
});

describe('security headers', () => {
  const API_HEADERS = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
  };
  const headersOf = (response: Response, names: string[]) => Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));

  it('mark every JSON answer nosniff, unframeable, without referrer, under a CSP that allows nothing, with no x-powered-by', async () => {
    const post = (url: string, body: string) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const responses = [
      await post(prod.url, JSON.stringify({ query: '{ __typename }' })),
      await post(dev.url, JSON.stringify({ query: '{ policyRuns(limit: 0) { nodes { execToken } } }' })),
      await post(prod.url, '{"query": '),
      await fetch(`${prod.url}/healthz`),
      await fetch(`${prod.url}/readyz`),
      await fetch(`${dev.url}/metrics`),
      await fetch(`http://127.0.0.1:${prod.graph.http.metricsPort()}/metrics`),
    ];
    for (const response of responses) {
      expect(headersOf(response, Object.keys(API_HEADERS))).toEqual(API_HEADERS);
      expect(response.headers.get('x-powered-by')).toBeNull();
      // TLS ends in front of the graph (a router, an ingress): HSTS is that layer's to send.
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }

    // Express's own 404 page keeps its stricter-still policy (default-src 'none'), and the rest.
    const missing = await fetch(`${prod.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(headersOf(missing, ['x-content-type-options', 'x-frame-options', 'content-security-policy'])).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'",
    });
  });

  it("keep the Sandbox landing page working: its CSP header forbids framing and leaves scripts to the page's own nonce policy", async () => {
    const response = await html(`${dev.url}/graphql`);
    const page = await response.text();
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const header = response.headers.get('content-security-policy') ?? '';
    expect(header).toContain("frame-ancestors 'none'");
    // A header directive would be enforced beside the page's <meta> policy, and could not name the
    // nonce Apollo draws per render: none may govern what the page loads.
    for (const directive of ['default-src', 'script-src', 'style-src', 'img-src', 'frame-src', 'font-src', 'connect-src', 'manifest-src']) {
      expect(header).not.toContain(directive);
    }
    // What the page loads is allowed by the page's own policy.
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1] ?? '';
    const script = /<script nonce="([0-9a-f]+)" src="(https:\/\/[^/"]+)\//.exec(page);
    expect(script).not.toBeNull();
    expect(meta).toMatch(new RegExp(`script-src [^;]*'nonce-${script![1]}'[^;]*${script![2]!.replace(/\./g, '\\.')}`));
    expect(meta).toMatch(/frame-src [^;]*https:\/\/sandbox\.embed\.apollographql\.com/);
  });
});

describe('HTTP caching', () => {
  it('marks every GraphQL response Cache-Control: no-store, GET or POST, with or without errors', async () => {
    const post = (query: string) =>
      fetch(`${prod.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const get = await fetch(`${prod.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    const ok = await post('{ policyRuns { nodes { execToken } } }');
    const bad = await post('{ policyRuns(limit: 0) { nodes { execToken } } }');
    expect(((await bad.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    for (const response of [get, ok, bad]) expect(response.headers.get('cache-control')).toBe('no-store');
    // Nothing revalidates a no-store answer, so no body is hashed for an ETag.
    for (const response of [get, ok, bad]) expect(response.headers.get('etag')).toBeNull();
  });
});

describe('operator endpoints', () => {
  it('reports liveness, readiness and Prometheus metrics', async () => {
    expect(await (await fetch(`${dev.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${dev.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${dev.url}/metrics`)).text();
    for (const name of [
      'posture_opswat_calls_total',
      'posture_compliance_cache_reads_total',
      'posture_upstream_errors_total',
      'posture_opswat_budget_used',
      'posture_compliance_queue_depth',
      'posture_process_resident_memory_bytes',
    ]) {
      expect(metrics).toContain(name);
    }
  });

  it('is not ready once the store is gone', async () => {
    const doomed = await startGraph(sim);
    try {
      await doomed.graph.stores.close();
      const readyz = await fetch(`${doomed.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({ status: 'not ready', reason: `the store in DATA_DIR ${doomed.dataDir} is closed` });
    } finally {
      await doomed.close().catch(() => undefined);
    }
  });

  it('is not ready, saying why, when the store cannot be written (a full disk, through a store double)', async () => {
    const full = await startGraph(sim);
    try {
      const reason = `DATA_DIR ${full.dataDir} is full (database or disk is full); free space there or point DATA_DIR at a larger volume`;
      full.graph.stores.check = async () => ({ ok: false, reason });
      const readyz = await fetch(`${full.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({ status: 'not ready', reason });
      // Liveness is another question: the process is fine and keeps serving what it can.
      expect((await fetch(`${full.url}/healthz`)).status).toBe(200);
      expect((await full.query('{ policyRuns(limit: 1) { nodes { execToken } } }')).errors).toBeUndefined();
    } finally {
      await full.close();
    }
  });
});
