import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

const QUERY = `query($p: ID!, $e: ID!) { policyRunResults(policyUuid: $p, execToken: $e, limit: 50) {
  nodes { device { hostname compliance { state failureCode retryAfterSeconds } } } } }`;
const WRONG_SECRET = 'wrong-client-secret-0123456789';

let sim: Simulator;
let graph: TestGraph;
afterEach(async () => {
  await graph?.close();
  await sim?.close();
});

describe('OPSWAT failures never leak credentials', () => {
  it.each([
    [
      'a rejected client secret (401 on the token request)',
      'UPSTREAM_UNAUTHORIZED',
      { OPSWAT_CLIENT_SECRET: WRONG_SECRET },
      () => undefined,
    ],
    [
      'an expired token rejected twice (401 on the call)',
      'UPSTREAM_UNAUTHORIZED',
      {},
      (s: Simulator) => s.inject({ route: 'device-details', status: 401, times: Infinity }),
    ],
    ['an upstream 500', 'UPSTREAM_UNAVAILABLE', {}, (s: Simulator) => s.inject({ route: 'device-details', status: 500, times: Infinity })],
    [
      'a timeout',
      'UPSTREAM_UNAVAILABLE',
      { UPSTREAM_TIMEOUT_MS: '300' },
      (s: Simulator) => s.inject({ route: 'device-details', hang: true, times: Infinity }),
    ],
  ] as const)('%s: coded error, no secret in the response or the logs', async (_name, code, env, arrange) => {
    sim = await startSimulator({ fleetSize: 30, opswatRateLimit: 1000 });
    graph = await startGraph(sim, { OPSWAT_RATE_LIMIT: '1000', COMPLIANCE_MAX_WAIT_MS: '3000', ...env });
    arrange(sim);
    const run = sim.fleet.runs[0]!;
    const response = await graph.query(QUERY, { p: run.policy.uuid, e: run.executionToken });
    expect(response.data?.policyRunResults.nodes.length).toBeGreaterThan(0);
    expect(response.errors?.map((error) => error.extensions?.code)).toContain(code);
    expect(
      response.data!.policyRunResults.nodes.some(
        (node: { device: { compliance: { state: string } } }) => node.device.compliance.state === 'FAILED',
      ),
    ).toBe(true);

    const tokens = sim
      .calls({ route: 'device-details' })
      .map((call) => new URLSearchParams(call.rawQuery).get('access_token'))
      .filter((token): token is string => Boolean(token));
    const secrets = [sim.credentials.opswatClientSecret, WRONG_SECRET, sim.credentials.automoxApiKey, ...tokens];
    const exposed = `${JSON.stringify(response)}\n${graph.logs.text()}`;
    for (const secret of secrets) expect(exposed).not.toContain(secret);
    expect(graph.logs.lines().length).toBeGreaterThan(0);
  });
});
