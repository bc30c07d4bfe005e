import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

let sim: Simulator;
let graph: TestGraph;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 20 });
  graph = await startGraph(sim, { POLICY_RESULTS_TTL_SECONDS: '0' });
});
afterAll(async () => {
  await graph.close();
  await sim.close();
});

const RUNS = 'query RecentRuns { policyRuns(limit: 2) { nodes { execToken } } }';

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${graph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

const linesOf = (requestId: string) => graph.logs.lines().filter((line) => line.requestId === requestId);

describe('request ids', () => {
  it("echoes the caller's x-request-id", async () => {
    const { response } = await post(RUNS, { 'x-request-id': 'gw-7f3a/42' });
    expect(response.headers.get('x-request-id')).toBe('gw-7f3a/42');
  });

  it.each([
    ['none', {}],
    ['one longer than 128 characters', { 'x-request-id': 'x'.repeat(129) }],
    ['one with spaces', { 'x-request-id': 'a b' }],
  ])('makes a UUID when the caller sends %s', async (_case, headers: Record<string, string>) => {
    const { response } = await post(RUNS, headers);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers operator endpoints with one too', async () => {
    const response = await fetch(`${graph.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(response.headers.get('x-request-id')).toBe('probe-1');
  });
});

describe('the log lines of a request', () => {
  it('all carry its id, including those of the upstream client deep inside it', async () => {
    // One 503 makes the Automox client retry, and log the retry, while serving this request.
    sim.inject({ route: 'policy-runs', status: 503 });
    const before = sim.calls({ route: 'policy-runs' }).length;
    const { body } = await post(RUNS, { 'x-request-id': 'retry-me' });
    expect(body.errors).toBeUndefined();
    expect(sim.calls({ route: 'policy-runs' }).length - before).toBe(2);

    const lines = linesOf('retry-me');
    expect(lines.map((line) => line.msg)).toEqual(['retrying upstream request', 'graphql RecentRuns']);
    expect(lines[0]).toEqual(expect.objectContaining({ level: 40, upstream: 'automox', status: 503 }));
  });

  it('end with one info line: operation, duration, upstream calls made for it, error codes', async () => {
    const before = sim.calls({ upstream: 'automox' }).length;
    await post(RUNS, { 'x-request-id': 'summary-1' });
    const made = sim.calls({ upstream: 'automox' }).length - before;
    expect(made).toBeGreaterThan(0);

    const [line, ...more] = linesOf('summary-1');
    expect(more).toEqual([]);
    expect(line).toEqual(
      expect.objectContaining({
        level: 30,
        msg: 'graphql RecentRuns',
        operation: 'RecentRuns',
        upstreamCalls: { automox: made, opswat: 0 },
        errorCodes: [],
        req: { method: 'POST', url: '/graphql' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    );
  });

  it("name the error codes a response carried, and never a credential header's value", async () => {
    await post('query Bad { policyRuns(limit: 0) { nodes { execToken } } }', {
      'x-request-id': 'bad-1',
      authorization: 'Bearer eyJhbGciOi.secret-token.sig',
      cookie: 'session=cookie-secret',
    });
    const [line] = linesOf('bad-1');
    expect(line).toEqual(
      expect.objectContaining({ operation: 'Bad', errorCodes: ['BAD_USER_INPUT'], upstreamCalls: { automox: 0, opswat: 0 } }),
    );
    expect(graph.logs.text()).not.toMatch(/secret-token|cookie-secret/);
  });
});
