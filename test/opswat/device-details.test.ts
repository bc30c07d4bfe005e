import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DeviceDetailsAnswer } from '../../src/opswat/index.js';
import { startSimulator, type SimDevice, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { captureLogs, type CapturedLogger } from '../helpers/logs.js';
import { opswatFor } from '../helpers/opswat.js';

let sim: Simulator;
let logs: CapturedLogger;
const start = async (options: SimulatorOptions = {}): Promise<void> => {
  await sim?.close();
  sim = await startSimulator({ fleetSize: 200, opswatRateLimit: 1000, ...options });
};
beforeEach(async () => {
  await start();
  logs = captureLogs();
});
afterEach(() => sim.close());

const client = (overrides: Parameters<typeof opswatFor>[3] = {}) => opswatFor(sim, logs.logger, logs.redactor, overrides);
/** Devices Device Details knows, optionally narrowed. */
const known = (where: (device: SimDevice) => boolean = () => true): SimDevice[] =>
  sim.fleet.devices.filter((device) => device.opswat.detailsStatus !== null && device.opswat.knownMacs.length > 0 && where(device));
const unknownToDetails = (): SimDevice[] =>
  sim.fleet.devices.filter((device) => device.opswat.detailsStatus === null && device.physicalMacs.length > 0);
const detailsCalls = () => sim.calls({ route: 'device-details' });
const found = (answer: DeviceDetailsAnswer | undefined) => {
  if (answer?.kind !== 'found') throw new Error(`expected a found answer, got ${JSON.stringify(answer)}`);
  return answer;
};

describe('Device Details: what OPSWAT receives', () => {
  it('POSTs /o/api/v3.8/devices/detail with the token in the query and opt 0, the ids and verbose {system_info: 1, categories: 1}', async () => {
    const [a, b] = known();
    await client().deviceDetails([a!.opswat.knownMacs[0]!, b!.hwid]);
    const [call] = detailsCalls();
    expect(detailsCalls()).toHaveLength(1);
    expect(call).toMatchObject({ method: 'POST', path: '/o/api/v3.8/devices/detail', status: 200 });
    expect(new URLSearchParams(call!.rawQuery).get('access_token')).toMatch(/^[0-9a-f-]{36}$/);
    expect(call!.body).toEqual({ opt: 0, ids: [a!.opswat.knownMacs[0], b!.hwid], verbose: { system_info: 1, categories: 1 } });
  });

  it.each(['v3.1', 'v3.4', 'v3.7'] as const)('asks the configured version %s', async (version) => {
    await client({ detailsVersion: version }).deviceDetails([known()[0]!.hwid]);
    expect(detailsCalls().map((call) => call.path)).toEqual([`/o/api/${version}/devices/detail`]);
  });

  it('refuses a version outside v3.1 to v3.8 when the client is built', () => {
    expect(() => client({ detailsVersion: 'v3.9' as never })).toThrow(/detailsVersion must be one of v3\.1, .*v3\.8, got "v3\.9"/);
  });

  it('refuses more than 50 ids with a TypeError naming the limit, and calls nobody', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`);
    await expect(client().deviceDetails(ids)).rejects.toThrow(
      new TypeError("deviceDetails takes at most 50 ids per call (OPSWAT's limit), got 51"),
    );
    expect(sim.calls({ upstream: 'opswat' })).toHaveLength(0);
  });

  it('sends 50 ids in one call', async () => {
    const ids = known()
      .slice(0, 50)
      .map((device) => device.hwid);
    expect(ids).toHaveLength(50);
    const outcome = await client().deviceDetails(ids);
    expect(outcome.answers.every((answer) => answer.kind === 'found')).toBe(true);
    expect(detailsCalls()).toHaveLength(1);
  });

  it('sends an id asked twice once, and answers both asks; no ids make no call', async () => {
    const device = known()[0]!;
    const outcome = await client().deviceDetails([device.hwid, device.hwid]);
    expect(outcome.answers.map((answer) => answer.kind)).toEqual(['found', 'found']);
    expect((detailsCalls()[0]!.body as { ids: string[] }).ids).toEqual([device.hwid]);
    expect(await client().deviceDetails([])).toEqual({ answers: [], rateLimit: null });
    expect(detailsCalls()).toHaveLength(1);
  });
});

describe('Device Details: matching answers to the asked ids', () => {
  it('matches by MAC in any notation and by device id, never by position, answering in the asked order', async () => {
    const [a, b, c] = known();
    const dashed = b!.opswat.knownMacs[0]!.toUpperCase().replace(/:/g, '-');
    const colon = c!.opswat.knownMacs[0]!;
    // Asked in reverse fleet order; the simulator answers in fleet order, its MACs upper-case.
    const outcome = await client().deviceDetails([colon, dashed, a!.hwid.toUpperCase()]);
    expect(outcome.answers.map((answer) => [answer.id, found(answer).deviceId])).toEqual([
      [colon, c!.hwid],
      [dashed, b!.hwid],
      [a!.hwid.toUpperCase(), a!.hwid],
    ]);
    expect(detailsCalls()).toHaveLength(1);
  });

  it("returns every MAC OPSWAT lists for a found device, normalized, so the device's other adapters need no call", async () => {
    const device = known((d) => d.opswat.knownMacs.length > 1)[0]!;
    const outcome = await client().deviceDetails([device.opswat.knownMacs[0]!]);
    expect(found(outcome.answers[0]).macAddresses).toEqual(device.opswat.knownMacs);
    expect(found(outcome.answers[0]).macAddresses).not.toContain('00:00:00:00:00:00');
  });

  it.each(['omit', 'error-entry', '404-when-none'] as const)(
    'answers not_found for ids no device matches when unknown ids are "%s"',
    async (unknownIds) => {
      await start({ opswatUnknownIds: unknownIds });
      const [device] = known();
      const [gone, status2] = [
        unknownToDetails().find((d) => d.opswat.profile === 'not_found_404')!,
        unknownToDetails().find((d) => d.opswat.profile === 'not_found_status2')!,
      ];
      const asked = [gone.physicalMacs[0]!, device!.hwid, status2.hwid, 'NOSUCHDEVICE01'];
      const outcome = await client().deviceDetails(asked);
      expect(outcome.answers.map((answer) => [answer.id, answer.kind])).toEqual([
        [asked[0], 'not_found'],
        [asked[1], 'found'],
        [asked[2], 'not_found'],
        [asked[3], 'not_found'],
      ]);
      expect(detailsCalls().map((call) => call.status)).toEqual([200]);
    },
  );

  it.each([
    ['omit', 200],
    ['error-entry', 200],
    ['404-when-none', 404],
  ] as const)('answers every id not_found when OPSWAT knows none (unknown ids "%s": HTTP %d)', async (unknownIds, status) => {
    await start({ opswatUnknownIds: unknownIds });
    const asked = unknownToDetails()
      .slice(0, 3)
      .map((device) => device.physicalMacs[0]!);
    const outcome = await client().deviceDetails(asked);
    expect(outcome.answers).toEqual(asked.map((id) => ({ id, kind: 'not_found' })));
    expect(outcome.rateLimit).toEqual(expect.objectContaining({ limit: 1000, remaining: 999 }));
    expect(detailsCalls().map((call) => call.status)).toEqual([status]);
  });
});

describe('Device Details: reading the reply', () => {
  /** A non-compliant device with infections: the richest report both endpoints can give. */
  const richest = () =>
    known(
      (d) =>
        d.opswat.detailsStatus === 'non_compliant' &&
        ((d.opswat.report?.infections[0] as { threats?: unknown[] } | undefined)?.threats?.length ?? 0) > 0,
    )[0]!;

  it.each([
    ['array', 'documented'],
    ['devices', 'alternate'],
    ['data', 'documented'],
    ['array', 'alternate'],
  ] as const)('reads a %s top level with %s spellings into the same report Policy Check gives', async (shape, spelling) => {
    await start({ opswatDetailsShape: shape, opswatFieldSpelling: spelling });
    const device = richest();
    const details = found((await client().deviceDetails([device.opswat.knownMacs[0]!])).answers[0]).report;
    const checked = await client().policyCheck(device.opswat.knownMacs[0]!);
    if (checked.kind !== 'found') throw new Error('policy check should know the device');
    const { osType: _a, rawStatus: _b, ...fromDetails } = details;
    const { osType: _c, rawStatus: _d, ...fromCheck } = checked.report;
    expect(fromDetails).toEqual(fromCheck);
    expect(details.status).toBe('NON_COMPLIANT');
    expect(details.rawStatus).toBe(spelling === 'alternate' ? 'non-compliant' : 'non_compliant');
    expect(details.infections[0]?.threats.length).toBeGreaterThan(0);
  });

  it('still lists issue categories from v3.1, where they default to off, because it asks for them', async () => {
    const device = richest();
    const report = found((await client({ detailsVersion: 'v3.1' }).deviceDetails([device.hwid])).answers[0]).report;
    expect(report.issues.length).toBeGreaterThan(0);
    expect(report.totalIssues).toBe(device.opswat.report?.total_issue);
  });

  it.each([
    ['compliant', 'COMPLIANT'],
    ['exempted', 'EXEMPTED'],
    ['pending', 'REPORTING'],
    ['installed', 'REPORTING'],
    ['non_compliant', 'NON_COMPLIANT'],
    ['out_of_license_usage', 'UNKNOWN'],
    ['quarantined', 'UNKNOWN'],
  ] as const)('maps status "%s" to %s and keeps the raw string', async (raw, status) => {
    const device = known((d) => d.opswat.detailsStatus === raw)[0]!;
    const report = found((await client().deviceDetails([device.hwid])).answers[0]).report;
    expect({ status: report.status, rawStatus: report.rawStatus }).toEqual({ status, rawStatus: raw });
  });
});

describe('Device Details: rate-limit headers', () => {
  it.each(['seconds-until', 'epoch-seconds'] as const)(
    'reads X-RateLimit-Reset-Time sent as %s into the epoch ms the window frees a slot',
    async (resetTime) => {
      await start({ opswatResetTime: resetTime, opswatRateLimit: 10, opswatRateWindowMs: 60_000 });
      const before = Date.now();
      const first = await client().deviceDetails([known()[0]!.hwid]);
      const second = await client().deviceDetails([known()[1]!.hwid]);
      const after = Date.now();
      expect(first.rateLimit).toEqual({ limit: 10, remaining: 9, resetAt: expect.any(Number) });
      expect(second.rateLimit).toMatchObject({ limit: 10, remaining: 8 });
      // The first call leaves the window 60 s after it was counted; headers carry whole seconds.
      expect(first.rateLimit!.resetAt).toBeGreaterThanOrEqual(before + 60_000);
      expect(first.rateLimit!.resetAt).toBeLessThanOrEqual(after + 61_000);
    },
  );
});

describe('Device Details: failures', () => {
  it('on a 401, fetches one new token and retries once', async () => {
    const device = known()[0]!;
    const opswat = client();
    await opswat.deviceDetails([device.hwid]);
    sim.revokeTokens();
    const outcome = await opswat.deviceDetails([device.hwid]);
    expect(outcome.answers[0]?.kind).toBe('found');
    const calls = detailsCalls();
    expect(calls.map((call) => call.status)).toEqual([200, 401, 200]);
    expect(new URLSearchParams(calls[1]!.rawQuery).get('access_token')).not.toBe(
      new URLSearchParams(calls[2]!.rawQuery).get('access_token'),
    );
    expect(sim.calls({ route: 'oauth-token' })).toHaveLength(2);
  });

  it('never loops: a second 401 fails with UPSTREAM_UNAUTHORIZED after two calls', async () => {
    sim.inject({ route: 'device-details', status: 401, times: Infinity });
    await expect(client().deviceDetails([known()[0]!.hwid])).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', upstream: 'opswat' });
    expect(detailsCalls()).toHaveLength(2);
  });

  it('reports a 429 as UPSTREAM_RATE_LIMITED with Retry-After and the rate-limit headers, without retrying', async () => {
    await start({ opswatRateLimit: 1, opswatRateWindowMs: 60_000 });
    const opswat = client();
    await opswat.deviceDetails([known()[0]!.hwid]);
    const error = await opswat.deviceDetails([known()[1]!.hwid]).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429, rateLimit: { limit: 1, remaining: 0 } });
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(detailsCalls().map((call) => call.status)).toEqual([200, 429]);
  });

  it('reports a 429 without Retry-After with no retryAfterMs', async () => {
    await start({ opswatRateLimit: 1, opswatRetryAfter: false });
    const opswat = client();
    await opswat.deviceDetails([known()[0]!.hwid]);
    const error = await opswat.deviceDetails([known()[1]!.hwid]).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: undefined });
  });

  it.each([
    ['a truncated JSON body', { malformed: true }],
    ['an object that wraps no device list', { status: 200, body: '{"device":{"device_id":"X"}}' }],
    ['an array of strings', { status: 200, body: '["KZ60M9CW7L1L218D"]' }],
  ])('reports %s as UPSTREAM_BAD_RESPONSE', async (_name, fault) => {
    sim.inject({ route: 'device-details', ...fault });
    await expect(client().deviceDetails([known()[0]!.hwid])).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('reads per-id error entries in any of their shapes as not_found, whatever their place in the reply', async () => {
    const [a, b, c] = known();
    const body = JSON.stringify([
      { id: a!.hwid, status: 404 },
      { device_id: b!.hwid, status: 404, error: { message: 'Device not found' } },
      { id: 'AA-00-00-00-00-01', error: 'Device not found' },
      { device_id: c!.hwid, status: 'compliant', network_info: [] },
    ]);
    sim.inject({ route: 'device-details', status: 200, body });
    const outcome = await client().deviceDetails([a!.hwid, b!.hwid, 'aa:00:00:00:00:01', c!.hwid]);
    expect(outcome.answers.map((answer) => answer.kind)).toEqual(['not_found', 'not_found', 'not_found', 'found']);
  });

  it('tolerates a field of the wrong type without losing the device', async () => {
    const device = known()[0]!;
    const body = JSON.stringify([
      { device_id: device.hwid, status: 'compliant', issue: 'n/a', categories: 7, network_info: [null, { mac: 42 }], infection: 'none' },
    ]);
    sim.inject({ route: 'device-details', status: 200, body });
    const answer = found((await client().deviceDetails([device.hwid])).answers[0]);
    expect(answer).toMatchObject({ deviceId: device.hwid, macAddresses: [], report: { status: 'COMPLIANT', issues: [], infections: [] } });
  });

  it('keeps the token and client secret out of errors and logs', async () => {
    sim.inject({ route: 'device-details', status: 500, body: '{"error":"boom"}' });
    const error = (await client()
      .deviceDetails([known()[0]!.hwid])
      .catch((thrown: unknown) => thrown)) as Error;
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    logs.logger.error({ err: error }, 'device details failed');
    const token = new URLSearchParams(detailsCalls()[0]!.rawQuery).get('access_token')!;
    const exposed = [
      error.message,
      error.stack ?? '',
      String((error.cause as Error | undefined)?.message),
      JSON.stringify(error),
      logs.text(),
    ];
    for (const secret of [token, sim.credentials.opswatClientSecret]) expect(exposed.join('\n')).not.toContain(secret);
    expect(logs.text()).toContain('device details failed');
  });
});
