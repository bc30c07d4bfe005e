import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimDevice, type Simulator } from '../../src/simulator/index.js';
import { captureLogs, type CapturedLogger } from '../helpers/logs.js';
import { opswatFor } from '../helpers/opswat.js';

let sim: Simulator;
let logs: CapturedLogger;
beforeEach(async () => {
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 1000 });
  logs = captureLogs();
});
afterEach(() => sim.close());

const withProfile = (profile: SimDevice['opswat']['profile']) =>
  sim.fleet.devices.find((device) => device.opswat.profile === profile && device.opswat.knownMacs.length > 0)!;
const tokenFromQuery = (rawQuery: string) => new URLSearchParams(rawQuery).get('access_token');

describe('OPSWAT: OAuth client credentials', () => {
  it('fetches one token for many concurrent calls and reuses it', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const device = withProfile('compliant');
    await Promise.all(Array.from({ length: 5 }, () => client.policyCheck(device.opswat.knownMacs[0]!)));
    await client.policyCheck(device.opswat.knownMacs[0]!);
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(1);
    const tokens = new Set(sim.calls({ route: 'policy-check' }).map((call) => tokenFromQuery(call.rawQuery)));
    expect(tokens.size).toBe(1);
  });

  it('on a 401, fetches one new token and retries once', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const mac = withProfile('compliant').opswat.knownMacs[0]!;
    await client.policyCheck(mac);
    sim.revokeTokens();
    const result = await client.policyCheck(mac);
    expect(result.kind).toBe('found');
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(2);
    const checks = sim.calls({ route: 'policy-check' });
    expect(checks.map((call) => call.status)).toEqual([200, 401, 200]);
    expect(tokenFromQuery(checks[1]!.rawQuery)).not.toBe(tokenFromQuery(checks[2]!.rawQuery));
  });

  it('never loops: a second 401 fails with UPSTREAM_UNAUTHORIZED', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    sim.inject({ route: 'policy-check', status: 401, times: Infinity });
    await expect(client.policyCheck(withProfile('compliant').opswat.knownMacs[0]!)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAUTHORIZED',
      upstream: 'opswat',
    });
    expect(sim.calls({ route: 'policy-check' })).toHaveLength(2);
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(2);
  });

  it('with retryOn401 off, makes exactly one billable request: a rejected token fails UPSTREAM_UNAUTHORIZED and the next call gets a new one', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor, { retryOn401: false });
    const mac = withProfile('compliant').opswat.knownMacs[0]!;
    await client.policyCheck(mac);
    sim.revokeTokens();
    await expect(client.policyCheck(mac)).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', status: 401 });
    expect(sim.calls({ route: 'policy-check' })).toHaveLength(2);
    expect((await client.policyCheck(mac)).kind).toBe('found');
    expect(sim.calls({ route: 'policy-check' }).map((call) => call.status)).toEqual([200, 401, 200]);
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(2);
  });

  it('renews a token shortly before it expires', async () => {
    await sim.close();
    sim = await startSimulator({ fleetSize: 20, tokenTtlSeconds: 30 });
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const mac = sim.fleet.devices.find((device) => device.opswat.knownMacs.length > 0)!.opswat.knownMacs[0]!;
    await client.policyCheck(mac);
    await client.policyCheck(mac);
    // A 30 s lifetime is inside the 60 s renewal margin: each call finds the token about to expire.
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(2);
    expect(sim.calls({ route: 'policy-check' }).every((call) => call.status === 200)).toBe(true);
  });
});

describe('OPSWAT: Device Policy Check v2.2', () => {
  it('asks by MAC with opt=0 and verbose=1, the MAC literal in the path', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const mac = withProfile('compliant').opswat.knownMacs[0]!;
    await client.policyCheck(mac);
    const [call] = sim.calls({ route: 'policy-check' });
    expect(call?.path).toBe(`/o/api/v2.2/devices/${mac}/policy_check`);
    expect(new URLSearchParams(call!.rawQuery).get('verbose')).toBe('1');
    expect(new URLSearchParams(call!.rawQuery).get('opt')).toBe('0');
  });

  it('asks by HWID with opt=1', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const device = withProfile('compliant');
    const result = await client.policyCheck(device.opswat.knownHwid!, 'HWID');
    expect(result.kind).toBe('found');
    expect(new URLSearchParams(sim.calls({ route: 'policy-check' })[0]!.rawQuery).get('opt')).toBe('1');
  });

  it('refuses a dot segment with BAD_USER_INPUT before asking for a token or calling', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    for (const value of ['..', '.']) await expect(client.policyCheck(value, 'SSID')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(sim.calls({ upstream: 'opswat' })).toHaveLength(0);
  });

  it('percent-encodes an SSID as one path segment, colons included', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    await client.policyCheck('lab:net?5G', 'SSID');
    await client.policyCheck('lab:net#5G', 'SSID');
    // Routed as policy-check: the server saw exactly one value between devices/ and /policy_check.
    expect(sim.calls({ route: 'unknown' })).toHaveLength(0);
    expect(sim.calls({ route: 'policy-check' }).map((call) => [call.path, call.rawQuery.startsWith('access_token=')])).toEqual([
      ['/o/api/v2.2/devices/lab:net?5G/policy_check', true],
      ['/o/api/v2.2/devices/lab:net#5G/policy_check', true],
    ]);
    const [call] = sim.calls({ route: 'policy-check' });
    expect(call).toMatchObject({ status: 404 });
  });

  it('parses a non-compliant report with issue groups, infections and threats', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const device = sim.fleet.devices.find(
      (candidate) =>
        candidate.opswat.profile === 'non_compliant' &&
        candidate.opswat.knownMacs.length > 0 &&
        (candidate.opswat.report?.infections?.length ?? 0) > 0,
    )!;
    const result = await client.policyCheck(device.opswat.knownMacs[0]!);
    expect(result.kind).toBe('found');
    if (result.kind !== 'found') return;
    const { report } = result;
    expect(report.status).toBe('NON_COMPLIANT');
    expect(report.totalIssues).toBeGreaterThan(0);
    expect(report.issues.length).toBeGreaterThan(0);
    expect(report.issues[0]).toEqual({
      group: expect.any(String),
      category: expect.any(String),
      descriptions: expect.arrayContaining([expect.any(String)]),
    });
    expect(report.infections[0]?.threats[0]).toEqual(
      expect.objectContaining({ name: expect.any(String), status: expect.stringMatching(/clear|dirty|in-progress/) }),
    );
    expect(report.lastSeen).toMatch(/Z$/);
  });

  it.each([
    ['compliant', 'COMPLIANT', '0'],
    ['reporting', 'REPORTING', '3'],
    ['unknown_status', 'UNKNOWN', '7'],
  ] as const)('maps a %s device to %s, keeping the raw status %s', async (profile, status, rawStatus) => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const result = await client.policyCheck(withProfile(profile).opswat.knownMacs[0]!);
    expect(result).toEqual({
      kind: 'found',
      report: expect.objectContaining({ status, rawStatus }),
      rateLimit: { limit: 1000, remaining: 999, resetAt: expect.any(Number) },
    });
  });

  it('treats status 2 and HTTP 404 alike as not found', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    const status2 = sim.fleet.devices.find((device) => device.opswat.profile === 'not_found_status2')!;
    expect(await client.policyCheck(status2.hwid, 'HWID')).toMatchObject({ kind: 'not_found' });
    // The 404 still carries the rate-limit headers.
    expect(await client.policyCheck('02:00:00:00:00:99')).toEqual({
      kind: 'not_found',
      rateLimit: expect.objectContaining({ remaining: 998 }),
    });
    expect(sim.calls({ route: 'policy-check' }).map((call) => call.status)).toEqual([200, 404]);
  });

  it('reports a 429 as UPSTREAM_RATE_LIMITED with its Retry-After, without retrying', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    sim.inject({ route: 'policy-check', status: 429, retryAfter: '7' });
    await expect(client.policyCheck('aa:bb:cc:dd:ee:01')).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 7000 });
    expect(sim.calls({ route: 'policy-check' })).toHaveLength(1);
  });

  it('reports a malformed body as UPSTREAM_BAD_RESPONSE', async () => {
    const client = opswatFor(sim, logs.logger, logs.redactor);
    sim.inject({ route: 'policy-check', malformed: true });
    await expect(client.policyCheck('aa:bb:cc:dd:ee:01')).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });
});

describe('OPSWAT: secrets never leak', () => {
  const secret = 'super-secret-client-value-42';

  it.each([
    [
      'a rejected token request (401)',
      async (s: Simulator) => {
        void s;
      },
      { clientSecret: secret },
    ],
    [
      'an upstream 500',
      async (s: Simulator) => {
        s.inject({ route: 'policy-check', status: 500, body: '{"error":"boom"}' });
      },
      {},
    ],
    [
      'a timeout',
      async (s: Simulator) => {
        s.inject({ route: 'policy-check', hang: true });
      },
      { timeoutMs: 300 },
    ],
    [
      'a 401 on the retry',
      async (s: Simulator) => {
        s.inject({ route: 'policy-check', status: 401, times: Infinity });
      },
      {},
    ],
  ] as const)('keeps the token and client secret out of the error and logs on %s', async (_name, arrange, overrides) => {
    await arrange(sim);
    const client = opswatFor(sim, logs.logger, logs.redactor, overrides);
    const error = (await client.policyCheck('aa:bb:cc:dd:ee:01').catch((thrown: unknown) => thrown)) as Error;
    expect(error).toBeInstanceOf(Error);
    logs.logger.error({ err: error }, 'policy check failed');
    const tokens = sim
      .calls({ route: 'policy-check' })
      .map((call) => tokenFromQuery(call.rawQuery))
      .filter((token): token is string => Boolean(token));
    const secrets = [secret, sim.credentials.opswatClientSecret, ...tokens];
    const exposed = [
      error.message,
      error.stack ?? '',
      String((error as { cause?: Error }).cause?.message ?? ''),
      JSON.stringify(error),
      logs.text(),
    ].join('\n');
    for (const value of secrets) expect(exposed).not.toContain(value);
    expect(logs.text()).toContain('policy check failed');
  });
});
