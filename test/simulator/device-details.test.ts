import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimDevice, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { accessToken, deviceDetails, policyCheck } from './helpers.js';

let sim: Simulator | undefined;
const start = async (options: SimulatorOptions = {}): Promise<Simulator> => {
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 1000, ...options });
  return sim;
};
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const known = (s: Simulator, where: (d: SimDevice) => boolean = () => true): SimDevice[] =>
  s.fleet.devices.filter((d) => d.opswat.detailsStatus !== null && d.opswat.knownMacs.length > 0 && where(d));
const ask = (ids: string[], verbose: Record<string, number> = { system_info: 1, categories: 1 }) => ({ opt: 0, ids, verbose });
type Device = Record<string, any>;

describe('Device Details: answers from the fleet', () => {
  it('answers known devices by any known MAC or by device id, in fleet order, and records the ids asked', async () => {
    const s = await start();
    const token = await accessToken(s);
    const [a, b] = known(s);
    const ids = [b!.opswat.knownMacs.at(-1)!.toUpperCase(), a!.hwid];
    const res = await deviceDetails(s, token, ask(ids));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Device[];
    expect(body.map((device) => device.device_id)).toEqual([a!.hwid, b!.hwid]);
    expect(s.calls({ route: 'device-details' })[0]!.body).toEqual(ask(ids));
  });

  it('knows no device that Policy Check answers 404 or status 2 for', async () => {
    const s = await start();
    const token = await accessToken(s);
    const unknown = s.fleet.devices.filter((d) => d.opswat.profile === 'not_found_404' || d.opswat.profile === 'not_found_status2');
    expect(unknown.every((d) => d.opswat.detailsStatus === null)).toBe(true);
    const res = await deviceDetails(s, token, ask(unknown.slice(0, 10).map((d) => d.hwid)));
    expect(await res.json()).toEqual([]);
  });

  it('lists the known adapters upper-case, plus a loopback with no hardware address', async () => {
    const s = await start();
    const device = known(s, (d) => d.opswat.knownMacs.length > 1)[0]!;
    const [body] = (await (await deviceDetails(s, await accessToken(s), ask([device.hwid]))).json()) as Device[];
    expect(body!.network_info.map((adapter: Device) => adapter.mac)).toEqual([
      ...device.opswat.knownMacs.map((mac) => mac.toUpperCase()),
      '00:00:00:00:00:00',
    ]);
  });

  it('honours each version: categories only when asked (v3.1+), enrolled_at from v3.3, host_name from v3.8, system info unless turned off', async () => {
    const s = await start();
    const token = await accessToken(s);
    const device = known(s)[0]!;
    const [v31] = (await (await deviceDetails(s, token, { ids: [device.hwid] }, 'v3.1')).json()) as Device[];
    expect(v31).not.toHaveProperty('categories');
    expect(v31).not.toHaveProperty('enrolled_at');
    expect(v31).not.toHaveProperty('host_name');
    expect(v31).toHaveProperty('network_info');
    const [v38] = (await (await deviceDetails(s, token, ask([device.hwid], { categories: 1, system_info: 0 }))).json()) as Device[];
    expect(v38).toHaveProperty('categories');
    expect(v38).toHaveProperty('enrolled_at');
    expect(v38!.host_name).toBe(device.hostname);
    expect(v38).not.toHaveProperty('network_info');
  });
});

describe('Device Details: what the docs leave open, chosen by option', () => {
  it.each([
    ['omit', 200, []],
    ['error-entry', 200, [{ id: 'NOSUCHDEVICE01', status: 404, error: 'Device not found' }]],
    ['404-when-none', 404, { error: 'Device not found' }],
  ] as const)('answers ids it does not know as "%s"', async (opswatUnknownIds, status, body) => {
    const s = await start({ opswatUnknownIds });
    const res = await deviceDetails(s, await accessToken(s), ask(['NOSUCHDEVICE01']));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
  });

  it('still answers 200 with the known devices under "404-when-none" when some are known', async () => {
    const s = await start({ opswatUnknownIds: '404-when-none' });
    const device = known(s)[0]!;
    const res = await deviceDetails(s, await accessToken(s), ask(['NOSUCHDEVICE01', device.hwid]));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Device[]).map((d) => d.device_id)).toEqual([device.hwid]);
  });

  it.each([
    ['devices', (body: Device) => body.devices],
    ['data', (body: Device) => body.data],
  ] as const)('wraps the device list as {%s: […]}', async (opswatDetailsShape, unwrap) => {
    const s = await start({ opswatDetailsShape });
    const device = known(s)[0]!;
    const body = (await (await deviceDetails(s, await accessToken(s), ask([device.hwid]))).json()) as Device;
    expect(unwrap(body).map((d: Device) => d.device_id)).toEqual([device.hwid]);
  });

  it('spells the ambiguous fields the alternate way when asked', async () => {
    const s = await start({ opswatFieldSpelling: 'alternate' });
    const device = known(s, (d) => d.opswat.detailsStatus === 'non_compliant')[0]!;
    const [body] = (await (await deviceDetails(s, await accessToken(s), ask([device.hwid]))).json()) as Device[];
    expect(body).toMatchObject({ status: 'non-compliant', issue: { total_issue: expect.any(Number) }, nick_name: device.customName });
    expect(body!.network_info[0]).toHaveProperty('mac_addr');
    expect(body!.categories[0]).toHaveProperty('id');
    expect(Array.isArray(body!.infection)).toBe(true);
  });
});

describe('Device Details: validation', () => {
  it.each([
    ['more than 50 ids', ask(Array.from({ length: 51 }, (_, i) => `ID${i}`)), 406],
    ['malformed JSON', '{"ids": [', 400],
    ['no ids', { opt: 0 }, 400],
    ['an empty id list', ask([]), 400],
    ['ids that are not strings', ask([1, 2] as unknown as string[]), 400],
    ['an unknown opt', { opt: 5, ids: ['A'] }, 400],
    ['a verbose flag that is not 0/1', { ids: ['A'], verbose: { categories: 'yes' } }, 400],
  ] as const)('refuses %s with HTTP %d', async (_name, body, status) => {
    const s = await start();
    const res = await deviceDetails(s, await accessToken(s), body);
    expect(res.status).toBe(status);
  });

  it('records a malformed body as the raw text it received', async () => {
    const s = await start();
    await deviceDetails(s, await accessToken(s), '{"ids": [');
    expect(s.calls({ route: 'device-details' })[0]!.body).toBe('{"ids": [');
  });

  it('answers 401 to a bad token, 405 to a GET and 404 to an unknown version', async () => {
    const s = await start();
    expect((await deviceDetails(s, 'not-a-token', ask(['A']))).status).toBe(401);
    const token = await accessToken(s);
    expect((await fetch(`${s.opswatUrl}/o/api/v3.8/devices/detail?access_token=${token}`)).status).toBe(405);
    expect((await deviceDetails(s, token, ask(['A']), 'v3.9')).status).toBe(404);
    expect(s.calls({ route: 'unknown' }).map((call) => call.path)).toEqual(['/o/api/v3.9/devices/detail']);
  });

  it('applies injected faults to the device-details route', async () => {
    const s = await start();
    const token = await accessToken(s);
    s.inject({ route: 'device-details', status: 503 });
    expect((await deviceDetails(s, token, ask([known(s)[0]!.hwid]))).status).toBe(503);
    expect((await deviceDetails(s, token, ask([known(s)[0]!.hwid]))).status).toBe(200);
  });
});

describe('OPSWAT: one account budget for Policy Check and Device Details', () => {
  it.each(['policy-check', 'device-details'] as const)('answers the 11th call in a window 429 when it is a %s', async (eleventh) => {
    const s = await start({ opswatRateLimit: 10, opswatRateWindowMs: 60_000 });
    const token = await accessToken(s);
    const mac = known(s)[0]!.opswat.knownMacs[0]!;
    const check = () => policyCheck(s, mac, token);
    const details = () => deviceDetails(s, token, ask([mac]));
    for (let i = 0; i < 5; i++) {
      expect((await check()).status).toBe(200);
      expect((await details()).status).toBe(200);
    }
    const res = await (eleventh === 'policy-check' ? check() : details());
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('sends X-RateLimit-Limit/-Remaining/-Reset-Time on every API response, whatever its status', async () => {
    const s = await start({ opswatRateLimit: 5, opswatRateWindowMs: 60_000 });
    const token = await accessToken(s);
    s.inject({ route: 'device-details', status: 500 });
    const responses = [
      await deviceDetails(s, token, ask(['A'])), // injected 500: not counted
      await deviceDetails(s, token, ask([known(s)[0]!.hwid])), // 200
      await policyCheck(s, '02:00:00:00:00:01', token), // 404
      await deviceDetails(s, 'bad-token', ask(['A'])), // 401
      await deviceDetails(s, token, '{'), // 400
      await deviceDetails(s, token, ask(['A'])), // 200 []
      await deviceDetails(s, token, ask(['A'])), // 429
    ];
    expect(responses.map((res) => res.status)).toEqual([500, 200, 404, 401, 400, 200, 429]);
    expect(responses.map((res) => res.headers.get('x-ratelimit-remaining'))).toEqual(['5', '4', '3', '2', '1', '0', '0']);
    for (const res of responses) {
      expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      expect(Number(res.headers.get('x-ratelimit-reset-time'))).toBeGreaterThanOrEqual(0);
      expect(Number(res.headers.get('x-ratelimit-reset-time'))).toBeLessThanOrEqual(60);
    }
    const token2 = await (await fetch(`${s.opswatUrl}/o/oauth/token`, { method: 'POST' })).headers.get('x-ratelimit-limit');
    expect(token2).toBeNull();
  });

  it('sends Reset-Time as epoch seconds when asked', async () => {
    const s = await start({ opswatResetTime: 'epoch-seconds', opswatRateWindowMs: 60_000 });
    const before = Date.now();
    const res = await deviceDetails(s, await accessToken(s), ask(['A']));
    const after = Date.now();
    const reset = Number(res.headers.get('x-ratelimit-reset-time')) * 1000;
    expect(reset).toBeGreaterThanOrEqual(before + 60_000);
    expect(reset).toBeLessThanOrEqual(after + 61_000);
  });
});

describe('OPSWAT: network transit before a call is counted', () => {
  it('counts a call only when it arrives: a later call that overtakes a slow one takes the last slot', async () => {
    let slowArrived!: () => void;
    const inTransit = new Promise<void>((resolve) => {
      slowArrived = resolve;
    });
    const delays = [1500];
    const s = await start({
      opswatRateLimit: 1,
      opswatRateWindowMs: 60_000,
      opswatTransitMs: () => {
        const delay = delays.shift() ?? 0;
        if (delay > 0) slowArrived();
        return delay;
      },
    });
    const token = await accessToken(s);
    const sentAt = Date.now();
    const slow = deviceDetails(s, token, ask(['SLOW']));
    await inTransit;
    // Sent second, but no transit: the server sees it first.
    const fast = await deviceDetails(s, token, ask(['FAST']));
    expect(fast.status).toBe(200);
    expect((await slow).status).toBe(429);
    const calls = s.calls({ route: 'device-details' });
    expect(calls.map((call) => (call.body as { ids: string[] }).ids[0])).toEqual(['FAST', 'SLOW']);
    expect(calls[1]!.at - sentAt).toBeGreaterThanOrEqual(1500);
  });

  it('delays OPSWAT API calls only, never the token endpoint', async () => {
    const s = await start({ opswatTransitMs: () => 60_000 });
    const before = Date.now();
    await accessToken(s);
    expect(s.calls({ route: 'oauth-token' })[0]!.at - before).toBeLessThan(60_000);
  });

  it('refuses a transit that is neither a number ≥ 0 nor a function', async () => {
    await expect(startSimulator({ opswatTransitMs: -1 })).rejects.toThrow(/opswatTransitMs must be a number ≥ 0 or a function/);
    await expect(startSimulator({ opswatUnknownIds: 'drop' as never })).rejects.toThrow(
      /opswatUnknownIds must be one of omit, error-entry, 404-when-none/,
    );
  });
});
