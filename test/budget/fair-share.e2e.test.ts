import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { makeKey, startIdentityProvider, type TestIdentityProvider } from '../helpers/jwks.js';
import { floodOfLookups, LIFTED_DOCUMENT_LIMITS, madeUpMacs, opswatCalls, sleep } from './spend.js';

const LIMIT = 10;
const WINDOW = 2000;

type Lookup = { state: string; failureCode: string | null; retryAfterSeconds: number | null };

let sim: Simulator;
let idp: TestIdentityProvider;
let graph: TestGraph;

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: LIMIT, opswatRateWindowMs: WINDOW });
  idp = await startIdentityProvider([await makeKey('k1')]);
  graph = await startGraph(sim, {
    AUTH_JWKS_URL: idp.jwksUrl,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: idp.audience,
    OPSWAT_RATE_LIMIT: String(LIMIT),
    OPSWAT_RATE_WINDOW_MS: String(WINDOW),
    COMPLIANCE_MAX_WAIT_MS: '200',
    ...LIFTED_DOCUMENT_LIMITS,
  });
});
afterAll(async () => {
  await graph.close();
  await idp.close();
  await sim.close();
});

/** Asks as the client a token's `azp` names. */
const as = async (client: string) => {
  const authorization = `Bearer ${await idp.mint({ azp: client, scope: 'posture:read compliance:lookup' })}`;
  return <T>(document: string) => graph.query<Record<string, T>>(document, undefined, { authorization });
};

describe('fair share of the OPSWAT budget between clients (the token azp)', () => {
  it("client A's 5,000 made-up MACs cost client B at most a call: B's lookup goes out within 3 calls, A alone is capped", async () => {
    const clientA = await as('client-a');
    const clientB = await as('client-b');
    const flood = await floodOfLookups<Lookup>(clientA, madeUpMacs(5_000));
    // A's share of the queue is COMPLIANCE_CLIENT_QUEUE_MAX (500): A's excess is refused with a delay.
    const refused = flood.filter((answer) => answer.state === 'FAILED' && answer.failureCode === 'UPSTREAM_RATE_LIMITED');
    expect(refused.length).toBeGreaterThanOrEqual(4_400);
    expect(refused.every((answer) => (answer.retryAfterSeconds ?? 0) >= 1)).toBe(true);

    // B asks for a device OPSWAT knows, free-form like A (no inventory priority): only round-robin helps it.
    const device = sim.fleet.devices.find((d) => !d.deletedAt && d.opswat.detailsStatus !== null && d.opswat.knownMacs.length > 0)!;
    const mac = device.opswat.knownMacs[0]!;
    const lookup = `{ b: compliance(identifier: "${mac}") { state failureCode retryAfterSeconds } }`;
    // Let A's flood spend the free-form share of the window first (8 of 10 calls; the last fifth is
    // kept for inventory devices): no call can go out until the window slides, so the count below
    // starts when B's demand can be served, not while A's calls are still leaving.
    while (opswatCalls(sim.calls()).length < LIMIT - LIMIT / 5) await sleep(20);
    const callsBefore = opswatCalls(sim.calls()).length;
    let answer = (await clientB<Lookup>(lookup)).data!.b!;
    expect(answer.state).not.toBe('FAILED');
    while (answer.state === 'QUEUED') {
      await sleep(answer.retryAfterSeconds! * 1000);
      answer = (await clientB<Lookup>(lookup)).data!.b!;
    }
    expect(answer.state).toBe('FRESH');
    const carrying = opswatCalls(sim.calls()).findIndex((call) => {
      const ids = (call.body as { ids?: string[] } | undefined)?.ids ?? [];
      return ids.includes(mac) || call.path.includes(mac);
    });
    expect(carrying).toBeGreaterThanOrEqual(callsBefore);
    expect(carrying - callsBefore).toBeLessThan(3);
  }, 60_000);
});
