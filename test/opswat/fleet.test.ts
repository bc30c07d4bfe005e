import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { OpswatClient, OpswatListedDevice } from '../../src/opswat/index.js';
import {
  ambiguousHostnames,
  hostnameOnlyDevices,
  opswatListing,
  startSimulator,
  type SimDevice,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';
import { captureLogs, type CapturedLogger } from '../helpers/logs.js';
import { opswatFor } from '../helpers/opswat.js';

const T0 = Date.parse('2026-11-01T12:00:00Z');
let clock = T0;
let sim: Simulator;
let logs: CapturedLogger;
const start = async (options: SimulatorOptions = {}): Promise<void> => {
  await sim?.close();
  clock = T0;
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 1000, opswatNow: () => clock, ...options });
};
beforeEach(async () => {
  await start();
  logs = captureLogs();
});
afterEach(() => sim.close());

const client = (overrides: Parameters<typeof opswatFor>[3] = {}) => opswatFor(sim, logs.logger, logs.redactor, overrides);
const compliant = () => opswatListing(sim.fleet).filter((d) => d.opswat.detailsStatus === 'compliant' && d.osFamily !== 'Linux');
const tokenOf = (rawQuery: string) => new URLSearchParams(rawQuery).get('access_token');

/** Lists the whole fleet the way a sweeper would: page after page until nextToken is null. */
async function listAll(opswat: OpswatClient, limit = 50): Promise<OpswatListedDevice[]> {
  const devices: OpswatListedDevice[] = [];
  let token: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await opswat.listDevices({ token, limit });
    devices.push(...page.devices);
    token = page.nextToken;
    if (token === null) return devices;
  }
  throw new Error('the listing never ended');
}

describe('listDevices: Get Devices v3.7', () => {
  it('POSTs /o/api/v3.7/devices with the token in the query, {limit} first and {limit, token} after', async () => {
    const opswat = client();
    const first = await opswat.listDevices({ limit: 5 });
    await opswat.listDevices({ token: first.nextToken, limit: 5 });
    const calls = sim.calls({ route: 'get-devices' });
    expect(calls.map((call) => [call.method, call.path, call.body])).toEqual([
      ['POST', '/o/api/v3.7/devices', { limit: 5 }],
      ['POST', '/o/api/v3.7/devices', { limit: 5, token: first.nextToken }],
    ]);
    expect(tokenOf(calls[0]!.rawQuery)).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.rateLimit).toMatchObject({ limit: 1000, remaining: 999 });
  });

  it.each([
    ['empty-page', 1],
    ['empty-token', 0],
    ['missing-token', 0],
    ['413', 1],
  ] as const)(
    'walks the whole fleet once, in enrolment order, when the stream ends as "%s" (%d call past the last page)',
    async (listEnd, extra) => {
      await start({ opswatListEnd: listEnd });
      const devices = await listAll(client());
      const expected = opswatListing(sim.fleet);
      expect(devices.map((d) => d.deviceId)).toEqual(expected.map((d) => d.hwid));
      expect(sim.calls({ route: 'get-devices' })).toHaveLength(Math.ceil(expected.length / 50) + extra);
    },
  );

  it('reads an empty page as the end even when it carries a token', async () => {
    sim.inject({ route: 'get-devices', status: 200, body: '{"devices":[],"next_token":"more?"}' });
    expect(await client().listDevices({ limit: 50 })).toMatchObject({ devices: [], nextToken: null });
  });

  it('maps each listed device: host_name, device_name, nickname, dates, and the status with its raw spelling', async () => {
    await start({ opswatFieldSpelling: 'alternate' });
    const devices = await listAll(client());
    const byId = new Map(devices.map((d) => [d.deviceId, d]));
    const truth = hostnameOnlyDevices(sim.fleet)[0]!;
    expect(byId.get(truth.hwid)).toEqual({
      deviceId: truth.hwid,
      status: expect.any(String),
      rawStatus: truth.opswat.detailsStatus === 'non_compliant' ? 'non-compliant' : truth.opswat.detailsStatus,
      severity: expect.stringMatching(/^(critical|warning|no_issues)$/),
      hostName: truth.hostname,
      deviceName: truth.hostname.split('.')[0],
      nickname: truth.customName || null,
      deviceType: expect.any(String),
      lastSeen: expect.stringMatching(/Z$/),
      enrolledAt: new Date(truth.opswat.enrolledAt!).toISOString(),
    });
    const nonCompliant = devices.find((d) => d.rawStatus === 'non-compliant')!;
    expect(nonCompliant.status).toBe('NON_COMPLIANT');
  });

  it('finds both OPSWAT devices of the ambiguous hostname by host_name', async () => {
    await start({ fleetSize: 250 });
    const [{ device, opswatDeviceIds }] = ambiguousHostnames(sim.fleet) as [ReturnType<typeof ambiguousHostnames>[number]];
    const named = (await listAll(client())).filter((d) => d.hostName?.toLowerCase() === device.hostname.toLowerCase());
    expect(named.map((d) => d.deviceId).sort()).toEqual([...opswatDeviceIds].sort());
  });

  it.each([0, 51, 2.5])('refuses limit %p with a TypeError naming the range, and calls nobody', async (limit) => {
    await expect(client().listDevices({ limit })).rejects.toThrow(
      new TypeError(`listDevices limit must be an integer from 1 to 50, got ${limit}`),
    );
    expect(sim.calls({ upstream: 'opswat' })).toHaveLength(0);
  });
});

describe('statusChanged: Status Change v3', () => {
  /** Three changes: a compliant device turned non-compliant, one exempted, one deleted. */
  const arrange = (): [SimDevice, SimDevice, SimDevice] => {
    const [a, b, c] = compliant();
    sim.opswat.change(a!.hwid, { status: 'non_compliant', totalIssues: 3, totalCriticalIssues: 1 });
    clock += 1000;
    sim.opswat.change(b!.hwid, { status: 'exempted' });
    clock += 1000;
    sim.opswat.change(c!.hwid, { deleted: true });
    return [a!, b!, c!];
  };

  it('POSTs {age, verbose: 0, page, limit} to /o/api/v3/devices/status_changed', async () => {
    await client().statusChanged({ ageSeconds: 300, page: 2, limit: 25 });
    const [call] = sim.calls({ route: 'status-changed' });
    expect(call).toMatchObject({
      method: 'POST',
      path: '/o/api/v3/devices/status_changed',
      body: { age: 300, verbose: 0, page: 2, limit: 25 },
    });
  });

  it.each([
    ['monitored-deleted', 'hyphen', 'documented'],
    ['devices', 'underscore', 'alternate'],
    ['array', 'hyphen', 'alternate'],
    ['monitored-deleted', 'underscore', 'alternate'],
  ] as const)('reads the %s wrapper with %s statuses and %s issue keys into the same changes', async (shape, statusSpelling, spelling) => {
    await start({ opswatStatusChangeShape: shape, opswatStatusChangeSpelling: statusSpelling, opswatFieldSpelling: spelling });
    const [a, b, c] = arrange();
    const page = await client().statusChanged({ ageSeconds: 60, page: 1, limit: 50 });
    expect(page.hasMore).toBe(false);
    expect(page.changes).toEqual([
      {
        kind: 'status',
        deviceId: a.hwid,
        status: 'NON_COMPLIANT',
        rawStatus: statusSpelling === 'hyphen' ? 'non-compliant' : 'non_compliant',
        severity: 'critical',
        totalIssues: 3,
        totalCriticalIssues: 1,
        totalWarningIssues: 2,
        deviceName: a.hostname.split('.')[0],
      },
      expect.objectContaining({ kind: 'status', deviceId: b.hwid, status: 'EXEMPTED', rawStatus: 'exempted' }),
      expect.objectContaining({ kind: 'deleted', deviceId: c.hwid, status: null }),
    ]);
  });

  it('says hasMore when a page is full, and reads the 413 past the last page as an empty page', async () => {
    arrange();
    const opswat = client();
    expect(await opswat.statusChanged({ ageSeconds: 60, page: 1, limit: 2 })).toMatchObject({ hasMore: true });
    expect(await opswat.statusChanged({ ageSeconds: 60, page: 2, limit: 2 })).toMatchObject({ hasMore: false });
    expect(await opswat.statusChanged({ ageSeconds: 60, page: 3, limit: 2 })).toMatchObject({ changes: [], hasMore: false });
    expect(sim.calls({ route: 'status-changed' }).map((call) => call.status)).toEqual([200, 200, 413]);
  });

  it('forgets a change once it is older than age', async () => {
    arrange();
    clock += 61_000;
    expect((await client().statusChanged({ ageSeconds: 60, page: 1, limit: 50 })).changes).toEqual([]);
  });

  it.each([
    [{ ageSeconds: 86_401, page: 1, limit: 5 }, 'statusChanged ageSeconds must be an integer from 0 to 86400, got 86401'],
    [{ ageSeconds: 60, page: 0, limit: 5 }, 'statusChanged page must be an integer ≥ 1, got 0'],
    [{ ageSeconds: 60, page: 1, limit: 51 }, 'statusChanged limit must be an integer from 1 to 50, got 51'],
  ])('refuses %p before any call', async (request, message) => {
    await expect(client().statusChanged(request)).rejects.toThrow(new TypeError(message));
    expect(sim.calls({ upstream: 'opswat' })).toHaveLength(0);
  });
});

describe('statusChangedV2: Status Change v2.1', () => {
  it.each(['mac_address', 'mac_addresses'] as const)(
    'GETs with age, verbose=0 and os_type, and reads statuses and MACs sent under %s',
    async (macField) => {
      await start({ opswatMacField: macField });
      const [a, b] = compliant().filter((d) => d.opswat.knownMacs.length > 0);
      sim.opswat.change(a!.hwid, { status: 'non_compliant' });
      sim.opswat.change(b!.hwid, { deleted: true });
      const outcome = await client().statusChangedV2({ ageSeconds: 300 });
      const byId = new Map(outcome.changes.map((change) => [change.deviceId, change]));
      expect(byId.get(a!.hwid)).toEqual({
        kind: 'status',
        deviceId: a!.hwid,
        status: 'NON_COMPLIANT',
        rawStatus: '1',
        macAddresses: a!.opswat.knownMacs,
      });
      expect(byId.get(b!.hwid)).toEqual({
        kind: 'deleted',
        deviceId: b!.hwid,
        status: null,
        rawStatus: '2',
        macAddresses: b!.opswat.knownMacs,
      });
      const [call] = sim.calls({ route: 'status-changed-v2' });
      expect(call).toMatchObject({ method: 'GET', path: '/o/api/v2.1/devices/status_changed' });
      const query = new URLSearchParams(call!.rawQuery);
      expect([query.get('age'), query.get('verbose'), query.get('os_type')]).toEqual(['300', '0', 'win_or_mac']);
    },
  );

  it('asks linux_or_mobile when told, and sees the Linux devices the default leaves out', async () => {
    const linux = opswatListing(sim.fleet).find((d) => d.osFamily === 'Linux' && d.opswat.detailsStatus === 'compliant')!;
    sim.opswat.change(linux.hwid, { status: 'installed' });
    const opswat = client();
    expect((await opswat.statusChangedV2({ ageSeconds: 300 })).changes).toEqual([]);
    const outcome = await opswat.statusChangedV2({ ageSeconds: 300, osType: 'linux_or_mobile' });
    expect(outcome.changes).toEqual([expect.objectContaining({ deviceId: linux.hwid, status: 'REPORTING', rawStatus: '3' })]);
  });

  it('drops unusable MACs and reads a lone MAC string as a list', async () => {
    sim.inject({
      route: 'status-changed-v2',
      status: 200,
      body: '{"devices":[{"hwid":"H1","status":"0","mac_address":"3C-22-FB-61-53-04","mac_addresses":["00:00:00:00:00:00",7]},{"status":1}]}',
    });
    expect((await client().statusChangedV2({ ageSeconds: 60 })).changes).toEqual([
      { kind: 'status', deviceId: 'H1', status: 'COMPLIANT', rawStatus: '0', macAddresses: ['3c:22:fb:61:53:04'] },
    ]);
  });
});

/** Each fleet method, called the way a sweeper would, with the route it reaches. */
const METHODS = [
  ['listDevices', 'get-devices', (opswat: OpswatClient) => opswat.listDevices({ limit: 10 })],
  ['statusChanged', 'status-changed', (opswat: OpswatClient) => opswat.statusChanged({ ageSeconds: 300, page: 1, limit: 10 })],
  ['statusChangedV2', 'status-changed-v2', (opswat: OpswatClient) => opswat.statusChangedV2({ ageSeconds: 300 })],
] as const;

describe.each(METHODS)('%s: failures', (_name, route, call) => {
  it('on a 401, fetches one new token and retries once', async () => {
    const opswat = client();
    await call(opswat);
    sim.revokeTokens();
    await call(opswat);
    const calls = sim.calls({ route });
    expect(calls.map((c) => c.status)).toEqual([200, 401, 200]);
    expect(tokenOf(calls[1]!.rawQuery)).not.toBe(tokenOf(calls[2]!.rawQuery));
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(2);
  });

  it('never loops: a second 401 fails UPSTREAM_UNAUTHORIZED after two calls', async () => {
    sim.inject({ route, status: 401, times: Infinity });
    await expect(call(client())).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', upstream: 'opswat' });
    expect(sim.calls({ route })).toHaveLength(2);
  });

  it.each([
    ['a 429', { status: 429, retryAfter: '7' }, 'UPSTREAM_RATE_LIMITED'],
    ['a 500', { status: 500, body: '{"error":"boom"}' }, 'UPSTREAM_UNAVAILABLE'],
    ['a truncated body', { malformed: true }, 'UPSTREAM_BAD_RESPONSE'],
    ['a body of another shape', { status: 200, body: '{"device":{"device_id":"X"}}' }, 'UPSTREAM_BAD_RESPONSE'],
    ['a timeout', { hang: true }, 'UPSTREAM_UNAVAILABLE'],
  ] as const)('reports %s as %s after one call, with no token or secret in the error or the logs', async (_what, fault, code) => {
    sim.inject({ route, ...fault });
    const error = (await call(client({ timeoutMs: 300 })).catch((thrown: unknown) => thrown)) as Error;
    expect(error).toMatchObject({ code, upstream: 'opswat' });
    expect(sim.calls({ route })).toHaveLength(1);
    logs.logger.error({ err: error }, 'fleet call failed');
    const token = tokenOf(sim.calls({ route })[0]!.rawQuery)!;
    const exposed = [
      error.message,
      error.stack ?? '',
      String((error.cause as Error | undefined)?.message),
      JSON.stringify(error),
      logs.text(),
    ];
    for (const secret of [token, sim.credentials.opswatClientSecret]) expect(exposed.join('\n')).not.toContain(secret);
    expect(logs.text()).toContain('fleet call failed');
  });
});

describe('one account budget', () => {
  it('answers the 11th call UPSTREAM_RATE_LIMITED when ten listing calls spent the window, whichever method makes it', async () => {
    await start({ opswatRateLimit: 10 });
    const opswat = client();
    let token: string | null = null;
    for (let i = 0; i < 10; i++) token = (await opswat.listDevices({ token, limit: 5 })).nextToken;
    for (const [, , call] of METHODS) await expect(call(opswat)).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429 });
    await expect(opswat.deviceDetails(['KZ60M9CW7L1L218D'])).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(sim.calls({ upstream: 'opswat' }).filter((c) => c.route !== 'oauth-token')).toHaveLength(14);
  });
});
