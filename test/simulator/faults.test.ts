import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { accessToken, automoxGet, policyCheck, sleep } from './helpers.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ fleetSize: 40 });
});
afterEach(() => sim.close());

const orgs = (): Promise<Response> => automoxGet(sim, '/api/orgs');
const knownMac = (): string =>
  sim.fleet.devices.find((d) => d.opswat.profile === 'compliant' && d.opswat.knownMacs.length > 0)!.opswat.knownMacs[0]!;

describe('injected status faults', () => {
  it("answers with the status in Automox's error shape, then goes back to normal", async () => {
    sim.inject({ route: 'orgs', status: 503 });
    const faulted = await orgs();
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toEqual({ errors: ['Service Unavailable'] });
    expect((await orgs()).status).toBe(200);
  });

  it("answers with the status in OPSWAT's error shape", async () => {
    const token = await accessToken(sim);
    sim.inject({ route: 'policy-check', status: 401 });
    const res = await policyCheck(sim, knownMac(), token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_token', error_description: 'access_token is invalid or expired' });
  });

  it('applies to the next `times` matching calls only, in order', async () => {
    sim.inject({ route: 'orgs', status: 500, times: 2 });
    sim.inject({ route: 'orgs', status: 502 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await orgs()).status);
    expect(statuses).toEqual([500, 500, 502, 200]);
  });

  it('leaves other routes alone', async () => {
    sim.inject({ route: 'servers', status: 500 });
    expect((await orgs()).status).toBe(200);
  });

  it('keeps applying with times: Infinity until removed', async () => {
    const fault = sim.inject({ route: 'orgs', status: 429, retryAfter: '7', times: Infinity });
    for (let i = 0; i < 3; i++) {
      const res = await orgs();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    }
    fault.remove();
    expect((await orgs()).status).toBe(200);
  });

  it('sends a raw body when given one', async () => {
    sim.inject({ route: 'orgs', status: 502, body: '<html>Bad Gateway</html>' });
    const res = await orgs();
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('<html>Bad Gateway</html>');
  });

  it('forgets every fault on clearFaults()', async () => {
    sim.inject({ route: 'orgs', status: 500, times: 5 });
    sim.clearFaults();
    expect((await orgs()).status).toBe(200);
  });

  it('refuses a malformed spec, naming the field and the value', () => {
    expect(() => sim.inject({ route: 'nope' as never, status: 500 })).toThrow(/fault.route must be one of .*got "nope"/);
    expect(() => sim.inject({ route: 'orgs', times: 0 })).toThrow(/fault.times must be a positive integer or Infinity, got 0/);
  });
});

describe('malformed, slow and hung responses', () => {
  it('sends 200 application/json with a body that does not parse', async () => {
    sim.inject({ route: 'policy-runs', malformed: true });
    const res = await automoxGet(sim, `/policy-history/policy-runs?org=${sim.credentials.orgUuid}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.json()).rejects.toThrow();
  });

  it('delays the answer by latencyMs, then answers normally', async () => {
    sim.inject({ route: 'orgs', latencyMs: 300 });
    const started = Date.now();
    const res = await orgs();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('holds a hung request open until the client gives up, recording status 0', async () => {
    sim.inject({ route: 'orgs', hang: true });
    await expect(
      fetch(`${sim.automoxConsoleUrl}/orgs`, {
        headers: { authorization: `Bearer ${sim.credentials.automoxApiKey}` },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(sim.calls({ route: 'orgs' })[0]!.status).toBe(0);
  });

  it('holds answers on a route until released: each call is counted and answered as of its arrival, its answer waits', async () => {
    const token = await accessToken(sim);
    const gate = sim.hold('policy-check');
    let settled = 0;
    const pending = [1, 2].map(() => policyCheck(sim, knownMac(), token).finally(() => (settled += 1)));
    while (sim.calls({ route: 'policy-check' }).filter((call) => call.status !== 0).length < 2) await sleep(5);
    // Arrived and answered at the server, yet nothing reached the client.
    const orgsWhileHeld = await orgs();
    expect(orgsWhileHeld.status).toBe(200);
    expect(settled).toBe(0);
    gate.release();
    const answers = await Promise.all(pending);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // Released: the route answers at once again.
    await expect(policyCheck(sim, knownMac(), token).then((answer) => answer.status)).resolves.toBe(200);
  });

  it('counts a held call against the rate limit when it arrives, not when it is released', async () => {
    await sim.close();
    sim = await startSimulator({ fleetSize: 40, opswatRateLimit: 2, opswatRateWindowMs: 60_000 });
    const token = await accessToken(sim);
    const gate = sim.hold('policy-check');
    const pending = [1, 2, 3].map(() => policyCheck(sim, knownMac(), token));
    while (sim.calls({ route: 'policy-check' }).filter((call) => call.status !== 0).length < 3) await sleep(5);
    expect(
      sim
        .calls({ route: 'policy-check' })
        .map((call) => call.status)
        .sort(),
    ).toEqual([200, 200, 429]);
    gate.release();
    expect((await Promise.all(pending)).map((answer) => answer.status).sort()).toEqual([200, 200, 429]);
  });

  it('ends held requests on close()', async () => {
    const token = await accessToken(sim);
    sim.hold('policy-check');
    const pending = policyCheck(sim, knownMac(), token);
    while (sim.calls({ route: 'policy-check' }).length < 1) await sleep(5);
    await sim.close();
    // As a hung call: the connection ends, no answer, and close() does not wait on the hold.
    await expect(pending).rejects.toThrow();
  });

  it('ends hung requests on close()', async () => {
    sim.inject({ route: 'policy-check', hang: true });
    const pending = fetch(`${sim.opswatUrl}/o/api/v2.2/devices/aa:bb:cc:dd:ee:ff/policy_check`);
    await sleep(50);
    const closed = Date.now();
    await sim.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - closed).toBeLessThan(1000);
  });
});

describe('call recording', () => {
  it('records the raw query literally, keys undecoded and values decoded', async () => {
    await automoxGet(
      sim,
      `/policy-history/policy-runs?org=${sim.credentials.orgUuid}&result_status%3Ain%5B%5D=failed&policy_name:like=Patch+Tuesday&device_name:like=Marcus%27`,
    );
    const [call] = sim.calls();
    expect(call).toMatchObject({
      upstream: 'automox',
      route: 'policy-runs',
      method: 'GET',
      path: '/policy-history/policy-runs',
      rawQuery: `org=${sim.credentials.orgUuid}&result_status%3Ain%5B%5D=failed&policy_name:like=Patch+Tuesday&device_name:like=Marcus%27`,
      status: 200,
    });
    expect(call!.query).toEqual([
      ['org', sim.credentials.orgUuid],
      ['result_status%3Ain%5B%5D', 'failed'],
      ['policy_name:like', 'Patch Tuesday'],
      ['device_name:like', "Marcus'"],
    ]);
  });

  it('records every call in arrival order with the status actually sent, faults included', async () => {
    const before = Date.now();
    sim.inject({ route: 'orgs', status: 500 });
    await orgs();
    const token = await accessToken(sim);
    await policyCheck(sim, knownMac(), token);
    await automoxGet(sim, '/nowhere');
    expect(sim.calls().map((c) => [c.upstream, c.route, c.status])).toEqual([
      ['automox', 'orgs', 500],
      ['opswat', 'oauth-token', 200],
      ['opswat', 'policy-check', 200],
      ['automox', 'unknown', 404],
    ]);
    expect(sim.calls().every((c) => c.at >= before)).toBe(true);
    expect(sim.calls({ upstream: 'opswat' })).toHaveLength(2);
    expect(sim.calls({ route: 'policy-check' })[0]!.path).toBe(`/o/api/v2.2/devices/${knownMac()}/policy_check`);
  });

  it('forgets calls on resetCalls()', async () => {
    await orgs();
    sim.resetCalls();
    expect(sim.calls()).toEqual([]);
  });
});

describe('HTTP control surface', () => {
  it("serves each server's own calls at GET /__sim/calls without recording itself", async () => {
    await orgs();
    const res = await fetch(`${sim.automoxPolicyReportUrl}/__sim/calls`);
    const calls = (await res.json()) as Array<{ route: string }>;
    expect(calls.map((c) => c.route)).toEqual(['orgs']);
    const opswat = (await (await fetch(`${sim.opswatUrl}/__sim/calls`)).json()) as unknown[];
    expect(opswat).toEqual([]);
    expect(sim.calls()).toHaveLength(1);
  });

  it('queues a fault from POST /__sim/faults, with "Infinity" for times', async () => {
    const res = await fetch(`${sim.automoxPolicyReportUrl}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ route: 'orgs', status: 503, times: 'Infinity' }),
    });
    expect(res.status).toBe(201);
    expect([(await orgs()).status, (await orgs()).status]).toEqual([503, 503]);
    const bad = await fetch(`${sim.automoxPolicyReportUrl}/__sim/faults`, { method: 'POST', body: '{"route":"x"}' });
    expect(bad.status).toBe(400);
  });

  it('clears calls and faults on POST /__sim/reset', async () => {
    sim.inject({ route: 'orgs', status: 503, times: Infinity });
    await orgs();
    await fetch(`${sim.automoxPolicyReportUrl}/__sim/reset`, { method: 'POST' });
    expect(sim.calls()).toEqual([]);
    expect((await orgs()).status).toBe(200);
  });
});
