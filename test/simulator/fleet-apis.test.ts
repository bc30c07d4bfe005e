import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ambiguousHostnames,
  hostnameOnlyDevices,
  opswatListing,
  startSimulator,
  type SimDevice,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';
import { accessToken, deviceDetails, getDevices, policyCheck, statusChanged, statusChangedV2 } from './helpers.js';

/** The OPSWAT clock of each simulator: starts at a fixed moment, moves only when a test says so. */
const T0 = Date.parse('2026-11-01T12:00:00Z');
let clock = T0;
let sim: Simulator | undefined;
const start = async (options: SimulatorOptions = {}): Promise<Simulator> => {
  clock = T0;
  sim = await startSimulator({ fleetSize: 120, opswatRateLimit: 1000, opswatNow: () => clock, ...options });
  return sim;
};
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

type Json = Record<string, any>;
const body = async (res: Response): Promise<Json> => (await res.json()) as Json;
const listed = (s: Simulator, where: (d: SimDevice) => boolean = () => true) => opswatListing(s.fleet).filter(where);
const withStatus = (s: Simulator, status: string) => listed(s, (d) => d.opswat.detailsStatus === status && d.osFamily !== 'Linux');

/** Follows Get Devices to its end, returning every page's body. */
async function walk(s: Simulator, token: string, limit: number): Promise<Json[]> {
  const pages: Json[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const res = await getDevices(s, token, cursor ? { limit, token: cursor } : { limit });
    if (res.status === 413) return pages;
    const page = await body(res);
    pages.push(page);
    if (page.devices.length === 0 || !page.next_token) return pages;
    cursor = page.next_token;
  }
  throw new Error('the listing never ended');
}

describe('Get Devices v3.7: the listing', () => {
  it('lists every device OPSWAT knows once, in ascending enrolment order, through opaque cursors', async () => {
    const s = await start();
    const pages = await walk(s, await accessToken(s), 50);
    const ids = pages.flatMap((page) => page.devices.map((d: Json) => d.device_id));
    expect(ids).toEqual(listed(s).map((d) => d.hwid));
    expect(ids.length).toBeGreaterThan(100);
    const enrolled = pages.flatMap((page) => page.devices.map((d: Json) => d.enrolled_at));
    expect([...enrolled].sort()).toEqual(enrolled);
    const calls = s.calls({ route: 'get-devices' });
    expect(calls.map((call) => [call.method, call.path])).toEqual(Array(calls.length).fill(['POST', '/o/api/v3.7/devices']));
    expect(calls[0]!.body).toEqual({ limit: 50 });
    expect(calls[1]!.body).toEqual({ limit: 50, token: pages[0]!.next_token });
    expect(pages[0]!.next_token).not.toMatch(/^\d+$/);
  });

  it('describes each device with host_name (v3.6+), public_ip (v3.7) and the listing fields', async () => {
    const s = await start();
    const token = await accessToken(s);
    const first = listed(s)[0]!;
    const [v37] = (await body(await getDevices(s, token, { limit: 1 }))).devices as Json[];
    expect(v37).toEqual({
      device_id: first.hwid,
      status: first.opswat.detailsStatus,
      severity: expect.stringMatching(/^(critical|warning|no_issues)$/),
      issue: expect.any(Object),
      device_name: first.hostname.split('.')[0],
      host_name: first.hostname,
      nickname: first.customName,
      device_type: expect.any(String),
      last_seen: expect.any(String),
      last_reboot: expect.any(String),
      enrolled_at: first.opswat.enrolledAt,
      public_ip: expect.stringMatching(/^203\.0\.113\./),
    });
    const [v35] = (await body(await getDevices(s, token, { limit: 1 }, 'v3.5'))).devices as Json[];
    expect(v35).not.toHaveProperty('host_name');
    expect(v35).not.toHaveProperty('public_ip');
  });

  it.each([
    ['empty-page', (pages: Json[]) => pages.at(-1)!, { devices: [], next_token: '' }],
    ['empty-token', (pages: Json[]) => ({ next_token: pages.at(-1)!.next_token }), { next_token: '' }],
    ['missing-token', (pages: Json[]) => ({ has: 'next_token' in pages.at(-1)! }), { has: false }],
  ] as const)('ends the stream as "%s"', async (opswatListEnd, last, expected) => {
    const s = await start({ opswatListEnd });
    const pages = await walk(s, await accessToken(s), 50);
    expect(last(pages)).toEqual(expected);
    expect(pages.flatMap((page) => page.devices)).toHaveLength(listed(s).length);
  });

  it('ends the stream with HTTP 413 when asked, after a last page that still carries a token', async () => {
    const s = await start({ opswatListEnd: '413' });
    const token = await accessToken(s);
    const pages = await walk(s, token, 50);
    expect(pages.at(-1)!.next_token).toEqual(expect.any(String));
    expect(s.calls({ route: 'get-devices' }).map((call) => call.status)).toEqual([200, 200, 200, 413]);
  });

  it.each([
    ['a forged token', 400, { limit: 5, token: 'eyJvIjo1MH0.bm90LWEtc2lnbmF0dXJl' }],
    ['a token of another simulator', 400, { limit: 5, token: 'WyIyMDI1IiwiYSJd.AAAAAAAAAAAAAAAAAAAAAA' }],
    ['a limit above 50', 406, { limit: 51 }],
    ['a limit of 0', 400, { limit: 0 }],
    ['a limit that is not an integer', 400, { limit: '5' }],
    ['malformed JSON', 400, '{"limit": '],
  ] as const)('refuses %s with HTTP %d', async (_name, status, request) => {
    const s = await start();
    expect((await getDevices(s, await accessToken(s), request)).status).toBe(status);
  });

  it('refuses an edited token: the cursor is signed', async () => {
    const s = await start();
    const token = await accessToken(s);
    const next = (await body(await getDevices(s, token, { limit: 2 }))).next_token as string;
    const [payload, mac] = next.split('.');
    const edited = `${Buffer.from(JSON.stringify(['2020-01-01T00:00:00Z', 'x'])).toString('base64url')}.${mac}`;
    expect((await getDevices(s, token, { limit: 2, token: edited })).status).toBe(400);
    expect((await getDevices(s, token, { limit: 2, token: `${payload}.${mac}` })).status).toBe(200);
  });

  it('answers 401 to a bad token and 405 to a GET', async () => {
    const s = await start();
    expect((await getDevices(s, 'not-a-token', { limit: 1 })).status).toBe(401);
    const token = await accessToken(s);
    expect((await fetch(`${s.opswatUrl}/o/api/v3.7/devices?access_token=${token}`)).status).toBe(405);
  });

  it('never skips a device when one listed before the cursor is deleted between pages', async () => {
    const s = await start();
    const token = await accessToken(s);
    const first = await body(await getDevices(s, token, { limit: 10 }));
    s.opswat.change(first.devices[3].device_id, { deleted: true });
    const second = await body(await getDevices(s, token, { limit: 10, token: first.next_token }));
    expect(second.devices.map((d: Json) => d.device_id)).toEqual(
      listed(s)
        .slice(9, 19)
        .map((d) => d.hwid),
    );
  });
});

describe('the fleet OPSWAT knows by hostname only', () => {
  it('has live inventory devices with no usable MAC (no adapters, or only zero-MAC ones) that Get Devices lists by host_name', async () => {
    const s = await start({ fleetSize: 250 });
    const only = hostnameOnlyDevices(s.fleet);
    expect(only.length).toBeGreaterThanOrEqual(5);
    expect(only.some((d) => d.nics.length === 0)).toBe(true);
    expect(only.some((d) => d.nics.length > 0 && d.nics.every((nic) => nic.MAC === '00:00:00:00:00:00'))).toBe(true);
    const token = await accessToken(s);
    const pages = await walk(s, token, 50);
    const byHost = new Map(pages.flatMap((page) => page.devices.map((d: Json) => [d.host_name, d.device_id])));
    for (const device of only) expect(byHost.get(device.hostname)).toBeDefined();
    const res = await deviceDetails(s, token, { ids: only.map((d) => d.hwid), verbose: { system_info: 1 } });
    expect(((await res.json()) as Json[]).map((d) => d.device_id).sort()).toEqual(only.map((d) => d.hwid).sort());
  });

  it('has exactly one inventory hostname that two OPSWAT devices carry, both known to Device Details by id', async () => {
    const s = await start({ fleetSize: 250 });
    const ambiguous = ambiguousHostnames(s.fleet);
    expect(ambiguous).toHaveLength(1);
    const [{ device, opswatDeviceIds }] = ambiguous as [(typeof ambiguous)[number]];
    expect(hostnameOnlyDevices(s.fleet)).toContain(device);
    expect(opswatDeviceIds).toHaveLength(2);
    expect(opswatDeviceIds).toContain(device.hwid);
    expect(s.fleet.opswatOnly.map((d) => d.hwid)).toEqual(opswatDeviceIds.filter((id) => id !== device.hwid));
    const token = await accessToken(s);
    const listedWithName = (await walk(s, token, 50)).flatMap((page) => page.devices.filter((d: Json) => d.host_name === device.hostname));
    expect(listedWithName.map((d: Json) => d.device_id).sort()).toEqual([...opswatDeviceIds].sort());
    const res = await deviceDetails(s, token, { ids: opswatDeviceIds });
    expect(((await res.json()) as Json[]).map((d) => d.host_name)).toEqual([device.hostname, device.hostname]);
  });

  it('keeps the existing fleet as it was: 250 devices, same profiles', async () => {
    const s = await start({ fleetSize: 250, seed: 42 });
    expect(s.fleet.devices).toHaveLength(250);
    expect(s.fleet.devices.filter((d) => d.opswat.profile === 'non_compliant')).toHaveLength(63);
  });
});

describe('Status Change v3', () => {
  it('lists a device changed within age as its current state, in the documented default wrapper, and forgets it once age has passed', async () => {
    const s = await start();
    const token = await accessToken(s);
    const device = withStatus(s, 'compliant')[0]!;
    expect(await body(await statusChanged(s, token, { age: 300, verbose: 0, page: 1, limit: 50 }))).toEqual({
      monitored_devices: [],
      deleted_devices: [],
    });
    s.opswat.change(device.hwid, { status: 'non_compliant', totalIssues: 3, totalCriticalIssues: 1 });
    clock += 299_000;
    const changed = await body(await statusChanged(s, token, { age: 300, verbose: 0, page: 1, limit: 50 }));
    expect(changed).toEqual({
      monitored_devices: [
        {
          device_id: device.hwid,
          status: 'non-compliant',
          status_detail: { exempted: 0, pending: 0 },
          severity: 'critical',
          issue: { total_issues: 3, total_critical_issues: 1, total_warning_issues: 2 },
          group_name: 'Default',
          device_name: device.hostname.split('.')[0],
        },
      ],
      deleted_devices: [],
    });
    clock += 2_000;
    expect((await body(await statusChanged(s, token, { age: 300, page: 1, limit: 50 }))).monitored_devices).toEqual([]);
    expect(s.calls({ route: 'status-changed' }).map((call) => [call.method, call.path, call.body])).toEqual([
      ['POST', '/o/api/v3/devices/status_changed', { age: 300, verbose: 0, page: 1, limit: 50 }],
      ['POST', '/o/api/v3/devices/status_changed', { age: 300, verbose: 0, page: 1, limit: 50 }],
      ['POST', '/o/api/v3/devices/status_changed', { age: 300, page: 1, limit: 50 }],
    ]);
  });

  it('lists a deleted device under deleted_devices with the status it last had', async () => {
    const s = await start();
    const device = withStatus(s, 'compliant')[0]!;
    s.opswat.change(device.hwid, { deleted: true });
    const answer = await body(await statusChanged(s, await accessToken(s), { age: 60, page: 1, limit: 50 }));
    expect(answer.monitored_devices).toEqual([]);
    expect(answer.deleted_devices).toEqual([expect.objectContaining({ device_id: device.hwid, status: 'compliant' })]);
  });

  it.each([
    ['devices', (answer: Json) => answer.devices],
    ['array', (answer: Json) => answer],
  ] as const)('wraps changes as %s when asked, a deleted device carrying status "deleted"', async (opswatStatusChangeShape, unwrap) => {
    const s = await start({ opswatStatusChangeShape, opswatStatusChangeSpelling: 'underscore', opswatFieldSpelling: 'alternate' });
    const [a, b] = withStatus(s, 'compliant');
    s.opswat.change(a!.hwid, { status: 'non_compliant', totalIssues: 2, totalCriticalIssues: 0 });
    clock += 1000;
    s.opswat.change(b!.hwid, { deleted: true });
    const entries = unwrap(await body(await statusChanged(s, await accessToken(s), { age: 60, page: 1, limit: 50 }))) as Json[];
    expect(entries.map((e) => [e.device_id, e.status])).toEqual([
      [a!.hwid, 'non_compliant'],
      [b!.hwid, 'deleted'],
    ]);
    expect(entries[0]!.issue).toEqual({ total_issue: 2, total_critical_issue: 0, total_warning_issue: 2 });
  });

  it('pages by page and limit, oldest change first, and answers 413 past the last page', async () => {
    const s = await start();
    const token = await accessToken(s);
    const devices = withStatus(s, 'compliant').slice(0, 3);
    for (const device of devices) {
      s.opswat.change(device.hwid, { status: 'non_compliant' });
      clock += 1000;
    }
    const page = async (n: number) => statusChanged(s, token, { age: 600, page: n, limit: 2 });
    expect((await body(await page(1))).monitored_devices.map((d: Json) => d.device_id)).toEqual([devices[0]!.hwid, devices[1]!.hwid]);
    expect((await body(await page(2))).monitored_devices.map((d: Json) => d.device_id)).toEqual([devices[2]!.hwid]);
    expect((await page(3)).status).toBe(413);
  });

  it.each([
    ['a limit above 50', 406, { limit: 51 }],
    ['an age above 86400', 400, { age: 86_401 }],
    ['page 0', 400, { page: 0 }],
    ['verbose 2', 400, { verbose: 2 }],
    ['malformed JSON', 400, '{"age":'],
  ] as const)('refuses %s with HTTP %d', async (_name, status, request) => {
    const s = await start();
    expect((await statusChanged(s, await accessToken(s), request)).status).toBe(status);
  });
});

describe('one truth: a change shows in every endpoint', () => {
  it('shows a new status and issue counts in Device Details and Policy Check, and a deletion everywhere', async () => {
    const s = await start();
    const token = await accessToken(s);
    const device = withStatus(s, 'compliant')[0]!;
    s.opswat.change(device.hwid, { status: 'non_compliant', totalIssues: 3, totalCriticalIssues: 2 });
    const [details] = (await (await deviceDetails(s, token, { ids: [device.hwid], verbose: { categories: 1 } })).json()) as Json[];
    expect(details).toMatchObject({ status: 'non_compliant', severity: 'critical', issue: { total_issues: 3, total_critical_issues: 2 } });
    const categories = (details!.categories as Json[]).filter((c) => Object.keys(c.issue).length > 0);
    expect(categories.flatMap((c) => c.issue.description)).toHaveLength(3);
    expect(await body(await policyCheck(s, device.hwid, token, { opt: '1' }))).toMatchObject({
      status: 1,
      total_issue: 3,
      total_critical_issue: 2,
    });
    expect(device.opswat).toMatchObject({ profile: 'non_compliant', detailsStatus: 'non_compliant' });

    s.opswat.change(device.hwid, { deleted: true });
    expect(await (await deviceDetails(s, token, { ids: [device.hwid] })).json()).toEqual([]);
    expect(await body(await policyCheck(s, device.hwid, token, { opt: '1' }))).toMatchObject({ status: 2 });
    const all = (await walk(s, token, 50)).flatMap((page) => page.devices.map((d: Json) => d.device_id));
    expect(all).not.toContain(device.hwid);
  });

  it('refuses a change to an unknown device or status, naming the problem', async () => {
    const s = await start();
    expect(() => s.opswat.change('NOSUCHDEVICE', { status: 'compliant' })).toThrow(/no OPSWAT device has the id "NOSUCHDEVICE"/);
    expect(() => s.opswat.change(listed(s)[0]!.hwid, { status: 'happy' })).toThrow(/change.status must be one of compliant, .*got "happy"/);
    expect(() => s.opswat.change(listed(s)[0]!.hwid, { totalIssues: 1, totalCriticalIssues: 2 })).toThrow(/must not exceed/);
  });

  it('takes a change over HTTP at POST /__sim/opswat/change', async () => {
    const s = await start();
    const device = withStatus(s, 'compliant')[0]!;
    const res = await fetch(`${s.opswatUrl}/__sim/opswat/change`, {
      method: 'POST',
      body: JSON.stringify({ device_id: device.hwid.toUpperCase(), status: 'non-compliant', total_issues: 1 }),
    });
    expect(await body(res)).toEqual({ device_id: device.hwid, status: 'non_compliant', timestamp: T0 });
    const bad = await fetch(`${s.opswatUrl}/__sim/opswat/change`, { method: 'POST', body: '{"device_id":"nope"}' });
    expect(bad.status).toBe(400);
    expect(s.calls({ upstream: 'opswat' })).toEqual([]);
  });
});

describe('Status Change v2.1', () => {
  it('answers GET with integer statuses and the MACs under mac_address, leaving Linux out by default', async () => {
    const s = await start();
    const token = await accessToken(s);
    const win = withStatus(s, 'compliant').find((d) => d.opswat.knownMacs.length > 0)!;
    const gone = withStatus(s, 'compliant').filter((d) => d.opswat.knownMacs.length > 0)[1]!;
    const linux = listed(s, (d) => d.osFamily === 'Linux' && d.opswat.detailsStatus === 'compliant')[0]!;
    s.opswat.change(win.hwid, { status: 'non_compliant' });
    s.opswat.change(gone.hwid, { deleted: true });
    s.opswat.change(linux.hwid, { status: 'pending' });
    const answer = await body(await statusChangedV2(s, token, { age: '300', verbose: '0' }));
    expect(answer).toEqual({
      devices: [
        { hwid: gone.hwid, status: 2, mac_address: gone.opswat.knownMacs },
        { hwid: win.hwid, status: 1, mac_address: win.opswat.knownMacs },
      ].sort((a, b) => a.hwid.localeCompare(b.hwid)),
    });
    const other = await body(await statusChangedV2(s, token, { age: '300', os_type: 'linux_or_mobile' }));
    expect(other.devices).toEqual([{ hwid: linux.hwid, status: 3, mac_address: linux.opswat.knownMacs }]);
    const [call] = s.calls({ route: 'status-changed-v2' });
    expect(call).toMatchObject({ method: 'GET', path: '/o/api/v2.1/devices/status_changed', status: 200 });
    expect(new URLSearchParams(call!.rawQuery).get('age')).toBe('300');
  });

  it('spells the MAC list mac_addresses when asked, and refuses an unknown os_type', async () => {
    const s = await start({ opswatMacField: 'mac_addresses' });
    const token = await accessToken(s);
    const device = withStatus(s, 'compliant')[0]!;
    s.opswat.change(device.hwid, { status: 'non_compliant' });
    expect((await body(await statusChangedV2(s, token))).devices[0]).toHaveProperty('mac_addresses');
    expect((await statusChangedV2(s, token, { os_type: 'all' })).status).toBe(400);
    expect((await fetch(`${s.opswatUrl}/o/api/v2.1/devices/status_changed?access_token=${token}`, { method: 'POST' })).status).toBe(405);
  });
});

describe('scheduled changes', () => {
  it('changes one listed device every period of the OPSWAT clock, at its scheduled time, the same sequence for the same seed', async () => {
    const run = async () => {
      let now = T0;
      const s = await startSimulator({ fleetSize: 120, opswatNow: () => now, opswatChangeEveryMs: 60_000 });
      try {
        const before = s.opswat.tick();
        now += 3 * 60_000 + 500;
        return { before, due: s.opswat.tick(), after: s.opswat.tick() };
      } finally {
        await s.close();
      }
    };
    const first = await run();
    expect(first.before).toEqual([]);
    expect(first.due.map((event) => event.timestamp)).toEqual([T0 + 60_000, T0 + 120_000, T0 + 180_000]);
    expect(first.after).toEqual([]);
    expect(await run()).toEqual(first);
  });

  it('applies due changes before answering an API call, so Status Change lists them', async () => {
    const s = await start({ opswatChangeEveryMs: 10_000 });
    clock += 25_000;
    const answer = await body(await statusChanged(s, await accessToken(s), { age: 60, page: 1, limit: 50 }));
    expect([...answer.monitored_devices, ...answer.deleted_devices]).toHaveLength(2);
  });
});

describe('one account budget for every endpoint', () => {
  it('answers the 11th call in a window 429, whichever endpoints spent the first ten', async () => {
    const s = await start({ opswatRateLimit: 10 });
    const token = await accessToken(s);
    for (let i = 0; i < 10; i++) expect((await getDevices(s, token, { limit: 5 })).status).toBe(200);
    for (const call of [
      () => statusChanged(s, token, { age: 60, page: 1, limit: 5 }),
      () => statusChangedV2(s, token),
      () => deviceDetails(s, token, { ids: ['A'] }),
      () => getDevices(s, token, { limit: 5 }),
    ]) {
      const res = await call();
      expect(res.status).toBe(429);
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    }
    expect(s.calls({ upstream: 'opswat' }).filter((call) => call.route !== 'oauth-token')).toHaveLength(14);
  });

  it.each(['get-devices', 'status-changed', 'status-changed-v2'] as const)('applies injected faults to %s', async (route) => {
    const s = await start();
    const token = await accessToken(s);
    const call = {
      'get-devices': () => getDevices(s, token, { limit: 5 }),
      'status-changed': () => statusChanged(s, token, {}),
      'status-changed-v2': () => statusChangedV2(s, token),
    }[route];
    s.inject({ route, status: 503 });
    s.inject({ route, malformed: true });
    expect((await call()).status).toBe(503);
    const malformed = await call();
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    expect((await call()).status).toBe(200);
  });
});
