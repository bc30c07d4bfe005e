import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulatorEnv, startGraph, type TestGraph } from '../helpers/graph.js';
import { freePort, spawnGraph } from '../helpers/process.js';

let sim: Simulator;
let prod: TestGraph;
let run: { policyUuid: string; execToken: string };

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 40 });
  prod = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true', COMPLIANCE_MAX_WAIT_MS: '0' });
  const first = sim.fleet.runs[0]!;
  run = { policyUuid: first.policy.uuid, execToken: first.executionToken };
});
afterAll(async () => {
  await prod.close();
  await sim.close();
});
afterEach(() => sim.resetCalls());

const macs = (n: number, prefix: string) =>
  Array.from(
    { length: n },
    (_, i) =>
      `${prefix}:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
  );
const lookups = (n: number, prefix: string) =>
  `{ ${macs(n, prefix)
    .map((mac, i) => `l${i}: compliance(identifier: "${mac}") { state }`)
    .join(' ')} }`;
const pages = (n: number, rows = 25) =>
  `query Pages($p: ID!, $e: ID!) { ${Array.from({ length: n }, (_, i) => `p${i}: policyRunResults(policyUuid: $p, execToken: $e, limit: ${rows + i}) { nodes { resultStatus } }`).join(' ')} }`;

/** OPSWAT calls that asked for any of these identifiers (in the path or the body). */
const askedOpswat = (identifiers: string[]) => {
  const wanted = new Set(identifiers);
  return sim.calls({ upstream: 'opswat' }).filter((call) => call.path.split('/').some((segment) => wanted.has(segment.toLowerCase())));
};

async function raw(body: string, contentType = 'application/json') {
  const response = await fetch(`${prod.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('document limits, checked before anything runs', () => {
  it('accepts a document with 10 aliased compliance lookups', async () => {
    const result = await prod.query(lookups(10, '02:00:0a'));
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(result.data ?? {})).toHaveLength(10);
  });

  it('refuses 200 aliased lookups with MAX_ALIASES_LIMIT and no OPSWAT call', async () => {
    const asked = macs(200, '02:00:0b');
    const result = await prod.query(lookups(200, '02:00:0b'));
    expect(result.status).toBe(400);
    expect(['MAX_ALIASES_LIMIT', 'MAX_TOKENS_LIMIT']).toContain(result.errors?.[0]?.extensions?.code);
    expect(askedOpswat(asked)).toEqual([]);
  });

  it('refuses the 759 KB document of 10,000 aliased lookups before reading it whole, at no upstream call', async () => {
    const asked = macs(10_000, '02:00:0c');
    const { status, type, text } = await raw(JSON.stringify({ query: lookups(10_000, '02:00:0c') }));
    expect(status).toBe(413);
    expect(type).toContain('application/json');
    expect(JSON.parse(text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(askedOpswat(asked)).toEqual([]);
    expect(sim.calls({ upstream: 'automox' })).toEqual([]);
  });

  it('refuses 200 aliases of policyRunResults (each its own page) at no Automox call', async () => {
    const result = await prod.query(pages(200), { p: run.policyUuid, e: run.execToken });
    expect(result.status).toBe(400);
    expect(['MAX_ALIASES_LIMIT', 'MAX_TOKENS_LIMIT']).toContain(result.errors?.[0]?.extensions?.code);
    expect(sim.calls({ upstream: 'automox' })).toEqual([]);
  });

  it('lets one document ask for at most GRAPHQL_MAX_PAGES policy-history pages', async () => {
    const refused = await prod.query(pages(6), { p: run.policyUuid, e: run.execToken });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.code).toBe('MAX_PAGES_LIMIT');
    expect(sim.calls({ upstream: 'automox' })).toEqual([]);
    const accepted = await prod.query(pages(5), { p: run.policyUuid, e: run.execToken });
    expect(accepted.errors).toBeUndefined();
    expect(sim.calls({ upstream: 'automox', route: 'policy-results' })).toHaveLength(5);
  });

  it('prices a page by its limit: a 5,000-row page with every threat is refused as too expensive, a 1,000-row summary runs', async () => {
    const heavy = `query($p: ID!, $e: ID!) { policyRunResults(policyUuid: $p, execToken: $e, limit: 5000) {
      nodes { device { compliance { report { infections { threats { name file } } issues { descriptions } } } } } } }`;
    const refused = await prod.query(heavy, { p: run.policyUuid, e: run.execToken });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(refused.errors?.[0]?.message).toMatch(/estimated cost \d+ exceeds the limit of 50000/);
    expect(sim.calls({ upstream: 'automox' })).toEqual([]);
    const summary = await prod.query(
      'query($p: ID!, $e: ID!) { policyRunResults(policyUuid: $p, execToken: $e, limit: 1000) { nodes { device { hostname compliance { state report { status } } } } } }',
      { p: run.policyUuid, e: run.execToken },
    );
    expect(summary.data?.policyRunResults.nodes.length).toBeGreaterThan(0);
    expect(summary.errors).toBeUndefined();
  });

  it('prices a limit given by a variable with its declared default, as execution will run it', async () => {
    const pages = Array.from({ length: 5 }, (_, i) => `p${i}: policyRuns(limit: $l) { nodes { execToken policy { uuid } } }`).join(' ');
    const refused = await prod.query(`query Defaulted($l: Int = 5000) { ${pages} }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(sim.calls({ route: 'policy-runs' })).toEqual([]);
  });

  it('prices each request of one operation by its own variables, however often the operation was priced before', async () => {
    // The estimate is remembered per operation and variables: a cheap size asked first must not
    // stand for an expensive one asked next, nor a batch of 2 representations for one of 5,000.
    const page = `query Sized($p: ID!, $e: ID!, $l: Int!) { policyRunResults(policyUuid: $p, execToken: $e, limit: $l) {
      nodes { device { compliance { report { infections { threats { name file } } issues { descriptions } } } } } } }`;
    for (const limit of [5, 5000, 5, 5000]) {
      const answer = await prod.query(page, { p: run.policyUuid, e: run.execToken, l: limit });
      expect(answer.errors?.[0]?.extensions?.code).toBe(limit === 5000 ? 'COST_ESTIMATED_TOO_EXPENSIVE' : undefined);
    }
    const entities = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Device {
      compliance { report { infections { threats { name file } } issues { descriptions } } } } } }`;
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Device', hostname: `h${i}` }));
    for (const n of [2, 5000, 2]) {
      const answer = await prod.query(entities, { r: batch(n) });
      expect(answer.errors?.[0]?.extensions?.code).toBe(n === 5000 ? 'COST_ESTIMATED_TOO_EXPENSIVE' : undefined);
    }
  });

  it('never lets a negative limit (even under @skip) offset the cost of the rest of the document', async () => {
    const heavy = Array.from(
      { length: 4 },
      (_, i) =>
        `r${i}: policyRunResults(policyUuid: $p, execToken: $e, limit: 5000) { nodes { device { hostname compliance { state } } } }`,
    ).join(' ');
    const refused = await prod.query(
      `query Offset($p: ID!, $e: ID!) { ${heavy} n: policyRuns(limit: -100000000) @skip(if: true) { nodes { execToken } } }`,
      { p: run.policyUuid, e: run.execToken },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(sim.calls({ route: 'policy-results' })).toEqual([]);
  });

  it('gives no field suggestions in production', async () => {
    const result = await prod.query('{ policyRun { nodes { execToken } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});

describe('limits are configurable', () => {
  it('refuses by depth, directives and tokens with their own codes', async () => {
    const strict = await startGraph(sim, { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_DIRECTIVES: '2', GRAPHQL_MAX_TOKENS: '40' });
    try {
      const deep = await strict.query('{ device(hostname: "x") { compliance { report { status } } } }');
      expect(deep.errors?.[0]?.extensions?.code).toBe('MAX_DEPTH_LIMIT');
      const directives = await strict.query(
        '{ a: policyRuns @include(if: true) @skip(if: false) @include(if: true) { pageInfo { page } } }',
      );
      expect(directives.errors?.[0]?.extensions?.code).toBe('MAX_DIRECTIVES_LIMIT');
      const tokens = await strict.query(`{ ${Array.from({ length: 30 }, (_, i) => `f${i}: __typename`).join(' ')} }`);
      expect(tokens.errors?.[0]?.extensions?.code).toBe('MAX_TOKENS_LIMIT');
      // (Earlier tests' compliance lookups may still be finishing at OPSWAT; these documents reach for Automox.)
      expect(sim.calls({ route: 'policy-runs' })).toEqual([]);
      expect(sim.calls({ route: 'servers' })).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('variables are bounded before anything walks them', () => {
  /** `depth` arrays nested in one another: 100,000 of them are a 200 KB body, within the size limit. */
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const ENTITIES = 'query($v: [_Any!]!) { _entities(representations: $v) { __typename } }';
  const refusedAsBadInput = (status: number, text: string, message: RegExp) => {
    expect(status).toBe(400);
    const body = JSON.parse(text) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } }]);
  };

  it.each([
    ['the variable an operation declares', ENTITIES],
    ['a variable no operation declares', '{ __typename }'],
  ])('refuses a 100,000-deep JSON variable with 400 BAD_USER_INPUT, not a stack overflow: %s', async (_name, query) => {
    const logged = prod.logs.lines().length;
    const { status, type, text } = await raw(`{"query": ${JSON.stringify(query)}, "variables": {"v": ${nested(100_000)}}}`);
    expect(type).toContain('application/json');
    refusedAsBadInput(status, text, /^Variables may nest at most 32 levels deep \(GRAPHQL_MAX_VARIABLE_DEPTH\)$/);
    expect(text).not.toMatch(/call stack/i);
    expect(
      prod.logs
        .lines()
        .slice(logged)
        .filter((line) => Number(line.level) >= 50),
    ).toEqual([]);
    expect(sim.calls()).toEqual([]);
  });

  it('refuses variables nested one level too deep, and accepts them at the limit', async () => {
    const body = (depth: number) =>
      `{"query": ${JSON.stringify(ENTITIES)}, "variables": {"v": [{"__typename": "Device", "hostname": "x", "deep": ${nested(depth - 2)}}]}}`;
    const deep = await raw(body(33));
    refusedAsBadInput(deep.status, deep.text, /GRAPHQL_MAX_VARIABLE_DEPTH/);
    expect((await raw(body(32))).status).toBe(200);
  });

  it('bounds variables sent by GET as well', async () => {
    const params = new URLSearchParams({ query: ENTITIES, variables: `{"v": ${nested(40)}}` });
    const response = await fetch(`${prod.url}/graphql?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
    refusedAsBadInput(response.status, await response.text(), /GRAPHQL_MAX_VARIABLE_DEPTH/);
  });

  it('bounds how many values the variables hold (GRAPHQL_MAX_VARIABLE_VALUES), and both limits are configurable', async () => {
    const strict = await startGraph(sim, { GRAPHQL_MAX_VARIABLE_VALUES: '100', GRAPHQL_MAX_VARIABLE_DEPTH: '3' });
    try {
      const send = (variables: string) =>
        fetch(`${strict.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"query": ${JSON.stringify(ENTITIES)}, "variables": ${variables}}`,
        });
      const representations = (n: number) =>
        JSON.stringify({ v: Array.from({ length: n }, (_, i) => ({ __typename: 'Device', hostname: `h${i}` })) });
      // Each representation is three values: the object, its __typename and its hostname.
      expect((await send(representations(33))).status).toBe(200);
      const many = await send(representations(34));
      refusedAsBadInput(many.status, await many.text(), /^Variables may hold at most 100 values \(GRAPHQL_MAX_VARIABLE_VALUES\)$/);
      const deep = await send('{"v": [{"__typename": "Device", "hostname": "x", "a": [[1]]}]}');
      refusedAsBadInput(deep.status, await deep.text(), /^Variables may nest at most 3 levels deep/);
    } finally {
      await strict.close();
    }
  });
});

describe('malformed requests', () => {
  it('answers a body that is not JSON with a GraphQL-shaped JSON 400: no HTML, no stack, no path', async () => {
    const { status, type, text } = await raw('{"query": "{ policyRuns { nodes { execToken } } }"');
    expect(status).toBe(400);
    expect(type).toContain('application/json');
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toMatch(/<html|at \w+ \(|node_modules|\/work\//i);
  });

  it('logs one JSON line for it, without the body', async () => {
    const before = prod.logs.lines().length;
    await raw('{"query": "secret-looking-body-content');
    const lines = prod.logs.lines().slice(before);
    const refused = lines.filter((line) => line.msg === 'refused a malformed request');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ status: 400, code: 'BAD_REQUEST', path: '/graphql' });
    expect(JSON.stringify(lines)).not.toContain('secret-looking-body-content');
  });
});

describe('operator surface in production', () => {
  it('serves /metrics only on METRICS_PORT, not on the GraphQL port', async () => {
    expect((await fetch(`${prod.url}/metrics`)).status).toBe(404);
    const port = prod.graph.http.metricsPort();
    expect(port).toEqual(expect.any(Number));
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('posture_opswat_budget_used');
  });

  // Linux routes all of 127.0.0.0/8 to the loopback interface, so 127.0.0.2 reaches a socket bound to
  // every interface but not one bound to 127.0.0.1: another interface, on any machine.
  const reachable = async (host: string, port: number) =>
    fetch(`http://${host}:${port}/metrics`).then(
      (response) => response.status,
      (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed',
    );

  it('binds METRICS_PORT to loopback by default, while HOST (0.0.0.0) opens the GraphQL port to every interface', async () => {
    // As `npm start` runs it: serve.ts binds both ports from the configuration.
    const metricsPort = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'posture-metrics-'));
    const server = await spawnGraph({
      ...simulatorEnv(sim),
      NODE_ENV: 'production',
      AUTH_ALLOW_ANONYMOUS: 'true',
      METRICS_PORT: String(metricsPort),
      DATA_DIR: dataDir,
    });
    try {
      const graphqlPort = Number(new URL(server.url).port);
      expect((await fetch(`http://127.0.0.2:${graphqlPort}/healthz`)).status).toBe(200);
      expect(await reachable('127.0.0.1', metricsPort)).toBe(200);
      expect(await reachable('127.0.0.2', metricsPort)).toBe('ECONNREFUSED');
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('binds METRICS_PORT to METRICS_HOST when set', async () => {
    const scraped = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true', METRICS_HOST: '127.0.0.2' });
    const everywhere = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true', METRICS_HOST: '0.0.0.0' });
    try {
      const port = scraped.graph.http.metricsPort()!;
      expect(await reachable('127.0.0.2', port)).toBe(200);
      expect(await reachable('127.0.0.1', port)).toBe('ECONNREFUSED');
      expect(await reachable('127.0.0.2', everywhere.graph.http.metricsPort()!)).toBe(200);
    } finally {
      await scraped.close();
      await everywhere.close();
    }
  });

  it('keeps /healthz and /readyz on the GraphQL port', async () => {
    expect((await fetch(`${prod.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${prod.url}/readyz`)).status).toBe(200);
  });
});
