import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type OpswatProfile, type SimDevice, type SimulatorOptions, type Simulator } from '../../src/simulator/index.js';
import { accessToken, policyCheck, sleep, tokenRequest } from './helpers.js';

let sim: Simulator | undefined;
const start = async (options: SimulatorOptions = {}): Promise<Simulator> => {
  sim = await startSimulator({ fleetSize: 60, ...options });
  return sim;
};
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const deviceWith = (s: Simulator, profile: OpswatProfile, extra: (d: SimDevice) => boolean = () => true): SimDevice => {
  const found = s.fleet.devices.find((d) => d.opswat.profile === profile && extra(d));
  if (!found) throw new Error(`no ${profile} device in the fleet`);
  return found;
};
const byMac = (d: SimDevice): boolean => d.opswat.knownMacs.length > 0;

describe('OAuth token endpoint', () => {
  it('issues a bearer token for the right client credentials', async () => {
    const s = await start();
    const res = await tokenRequest(s, {
      client_id: s.credentials.opswatClientId,
      client_secret: s.credentials.opswatClientSecret,
      grant_type: 'client_credentials',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_type: 'bearer',
      refresh_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expires_in: 43199,
      scope: 'read',
      client_id: s.credentials.opswatClientId,
    });
  });

  it('refuses wrong credentials with 401 invalid_client', async () => {
    const s = await start();
    const res = await tokenRequest(s, {
      client_id: s.credentials.opswatClientId,
      client_secret: 'guess',
      grant_type: 'client_credentials',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'Bad client credentials' });
  });

  it('trades a previously issued refresh token for a new access token, and refuses an unknown one', async () => {
    const s = await start();
    const creds = { client_id: s.credentials.opswatClientId, client_secret: s.credentials.opswatClientSecret };
    const first = (await (await tokenRequest(s, { ...creds, grant_type: 'client_credentials' })).json()) as {
      refresh_token: string;
      access_token: string;
    };
    const refreshed = await tokenRequest(s, { ...creds, grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { access_token: string }).access_token).not.toBe(first.access_token);
    const bogus = await tokenRequest(s, { ...creds, grant_type: 'refresh_token', refresh_token: 'nope' });
    expect(bogus.status).toBe(400);
    expect(await bogus.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('is not rate limited', async () => {
    const s = await start({ opswatRateLimit: 1 });
    for (let i = 0; i < 5; i++) await accessToken(s);
    expect(s.calls({ route: 'oauth-token' }).map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('access tokens on policy_check', () => {
  const invalid = { error: 'invalid_token', error_description: 'access_token is invalid or expired' };

  it('refuses a missing or unknown token with 401 invalid_token', async () => {
    const s = await start();
    const mac = deviceWith(s, 'compliant', byMac).opswat.knownMacs[0]!;
    const res = await fetch(`${s.opswatUrl}/o/api/v2.2/devices/${mac}/policy_check?opt=0`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(invalid);
    expect((await policyCheck(s, mac, 'made-up')).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const s = await start({ tokenTtlSeconds: 1 });
    const token = await accessToken(s);
    const mac = deviceWith(s, 'compliant', byMac).opswat.knownMacs[0]!;
    expect((await policyCheck(s, mac, token)).status).toBe(200);
    await sleep(1100);
    const res = await policyCheck(s, mac, token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(invalid);
  });

  it('refuses revoked tokens, and accepts one issued afterwards', async () => {
    const s = await start();
    const old = await accessToken(s);
    const mac = deviceWith(s, 'compliant', byMac).opswat.knownMacs[0]!;
    s.revokeTokens();
    expect((await policyCheck(s, mac, old)).status).toBe(401);
    expect((await policyCheck(s, mac, await accessToken(s))).status).toBe(200);
  });
});

describe('Device Policy Check answers', () => {
  it('answers a known MAC in any case, with `:` or `-`, on v2.2 and v2', async () => {
    const s = await start();
    const token = await accessToken(s);
    const device = deviceWith(s, 'compliant', byMac);
    const mac = device.opswat.knownMacs[0]!;
    for (const form of [mac, mac.toUpperCase(), mac.replaceAll(':', '-').toUpperCase()]) {
      const res = await policyCheck(s, form, token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 0, total_issue: 0, issues: [] });
    }
    const v2 = await fetch(`${s.opswatUrl}/o/api/v2/devices/${mac}/policy_check?access_token=${token}`);
    expect(v2.status).toBe(200);
  });

  it('answers a known HWID with opt=1', async () => {
    const s = await start();
    const device = deviceWith(s, 'non_compliant');
    const res = await policyCheck(s, device.hwid, await accessToken(s), { opt: '1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 1 });
  });

  it('sends every documented field, and infections only with verbose=1', async () => {
    const s = await start();
    const token = await accessToken(s);
    const device = deviceWith(s, 'non_compliant', (d) => (d.opswat.report?.infections.length ?? 0) > 0);
    const brief = (await (await policyCheck(s, device.hwid, token, { opt: '1', verbose: '0' })).json()) as Record<string, unknown>;
    for (const key of [
      'policy_name',
      'user',
      'location',
      'remediation',
      'notification',
      'device_type',
      'os_type',
      'status',
      'total_issue',
      'total_critical_issue',
      'critical_status',
      'last_seen',
      'issues',
      'remediation_link',
    ]) {
      expect(brief).toHaveProperty([key]);
    }
    expect(brief).not.toHaveProperty('infections');
    expect(brief.last_seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const issues = brief.issues as Array<Record<string, { category: string; issues: string[] }>>;
    expect(issues.length).toBeGreaterThanOrEqual(1);
    for (const group of issues) expect(Object.values(group)[0]).toEqual({ category: expect.any(String), issues: expect.any(Array) });
    const verbose = (await (await policyCheck(s, device.hwid, token, { opt: '1', verbose: '1' })).json()) as {
      infections: Array<Record<string, unknown>>;
    };
    expect(verbose.infections[0]).toMatchObject({
      category: expect.any(String),
      has_issue: 1,
      total_threats: expect.any(Number),
      threats: expect.any(Array),
    });
    const threat = (verbose.infections[0]!.threats as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(threat).sort()).toEqual(
      ['File', 'FoundTime', 'ThreatName', 'details', 'geo_info', 'hash', 'ip_address', 'link', 'status'].sort(),
    );
    expect(Object.keys(threat.geo_info as object).sort()).toEqual(['city', 'country_code', 'country_name', 'region_code', 'region_name']);
  });

  it('sends the same body for the same device every time', async () => {
    const s = await start();
    const token = await accessToken(s);
    const device = deviceWith(s, 'non_compliant');
    const a = await (await policyCheck(s, device.hwid, token, { opt: '1', verbose: '1' })).text();
    const b = await (await policyCheck(s, device.hwid, token, { opt: '1', verbose: '1' })).text();
    expect(b).toBe(a);
    expect(JSON.parse(a)).toEqual(device.opswat.report);
  });

  it.each([
    ['reporting', 3],
    ['unknown_status', 7],
  ] as const)('answers %s devices with status %i', async (profile, status) => {
    const s = await start();
    const res = await policyCheck(s, deviceWith(s, profile).hwid, await accessToken(s), { opt: '1' });
    expect(await res.json()).toMatchObject({ status });
  });

  it('answers 200 {"status":2} with empty fields for a device without an agent', async () => {
    const s = await start();
    const res = await policyCheck(s, deviceWith(s, 'not_found_status2').hwid, await accessToken(s), { opt: '1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 2, device_type: '', last_seen: '', issues: [] });
  });

  it('answers 404 {"error":"Device not found"} for 404 devices, unknown identifiers and SSIDs', async () => {
    const s = await start();
    const token = await accessToken(s);
    const gone = deviceWith(s, 'not_found_404', (d) => d.physicalMacs.length > 0);
    for (const [value, opt] of [
      [gone.physicalMacs[0]!, '0'],
      [gone.hwid, '1'],
      ['02:00:00:00:00:01', '0'],
      ['not-a-mac', '0'],
      ['CorpWiFi', '3'],
    ] as const) {
      const res = await policyCheck(s, value, token, { opt });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'Device not found' });
    }
  });

  it('knows some devices only by their second physical MAC', async () => {
    const s = await start({ fleetSize: 250 });
    const token = await accessToken(s);
    const device = s.fleet.devices.find((d) => d.opswat.profile === 'compliant' && d.opswat.knownMacs[0] === d.physicalMacs[1])!;
    expect((await policyCheck(s, device.physicalMacs[0]!, token)).status).toBe(404);
    expect((await policyCheck(s, device.physicalMacs[1]!, token)).status).toBe(200);
  });
});

describe('policy_check rate limit', () => {
  const burst = async (s: Simulator, token: string, n: number): Promise<Response[]> => {
    const out: Response[] = [];
    const mac = deviceWith(s, 'compliant', byMac).opswat.knownMacs[0]!;
    for (let i = 0; i < n; i++) out.push(await policyCheck(s, mac, token));
    return out;
  };

  it('refuses the 11th call inside the window with 429 and Retry-After, then admits calls once the window slides', async () => {
    const s = await start({ opswatRateLimit: 10, opswatRateWindowMs: 1000 });
    const token = await accessToken(s);
    const responses = await burst(s, token, 11);
    expect(responses.map((r) => r.status)).toEqual([...Array(10).fill(200), 429]);
    const refused = responses[10]!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: 'rate_limit_exceeded', error_description: expect.any(String) });
    await sleep(1050);
    expect((await burst(s, token, 1))[0]!.status).toBe(200);
  });

  it('does not count refused calls against the window', async () => {
    const s = await start({ opswatRateLimit: 2, opswatRateWindowMs: 400 });
    const token = await accessToken(s);
    expect((await burst(s, token, 5)).map((r) => r.status)).toEqual([200, 200, 429, 429, 429]);
    await sleep(450);
    expect((await burst(s, token, 3)).map((r) => r.status)).toEqual([200, 200, 429]);
  });

  it('omits Retry-After when opswatRetryAfter is false', async () => {
    const s = await start({ opswatRateLimit: 1, opswatRetryAfter: false });
    const token = await accessToken(s);
    const [, refused] = await burst(s, token, 2);
    expect(refused!.status).toBe(429);
    expect(refused!.headers.get('retry-after')).toBeNull();
  });

  it('applies the limit before checking the token, so a bad token still spends a slot', async () => {
    const s = await start({ opswatRateLimit: 1 });
    const mac = deviceWith(s, 'compliant', byMac).opswat.knownMacs[0]!;
    expect((await policyCheck(s, mac, 'bad')).status).toBe(401);
    expect((await policyCheck(s, mac, await accessToken(s))).status).toBe(429);
  });
});
