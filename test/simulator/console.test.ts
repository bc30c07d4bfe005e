import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimulatorOptions, type Simulator } from '../../src/simulator/index.js';
import { sleep } from './helpers.js';

type Server = Record<string, unknown> & { id: number; name: string; detail?: Record<string, unknown>; details?: Record<string, unknown> };

let sim: Simulator;
const start = async (options: SimulatorOptions = {}): Promise<void> => {
  sim = await startSimulator(options);
};
beforeEach(() => start());
afterEach(() => sim.close());

const consoleGet = (path: string): Promise<Response> =>
  fetch(`${sim.automoxConsoleUrl}${path}`, { headers: { authorization: `Bearer ${sim.credentials.automoxApiKey}` } });
const servers = async (query: string): Promise<Server[]> => {
  const res = await consoleGet(`/servers?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Server[];
};
const live = (): Simulator['fleet']['devices'] => sim.fleet.devices.filter((d) => d.deletedAt === null);

describe('GET /orgs', () => {
  it('returns a bare array holding the simulated org, with id and uuid, and one other', async () => {
    const res = await consoleGet('/orgs');
    const orgs = (await res.json()) as Array<Record<string, unknown>>;
    expect(orgs).toHaveLength(2);
    expect(orgs[0]).toMatchObject({
      id: sim.credentials.orgId,
      uuid: sim.credentials.orgUuid,
      device_count: live().length,
      tier: expect.any(String),
      create_time: expect.any(String),
    });
    expect(orgs[1]!.id).not.toBe(sim.credentials.orgId);
  });

  it('is only served under /api', async () => {
    const res = await fetch(`${sim.automoxPolicyReportUrl}/orgs`, {
      headers: { authorization: `Bearer ${sim.credentials.automoxApiKey}` },
    });
    expect(res.status).toBe(404);
  });
});

describe('GET /servers', () => {
  it('returns detail: {} unless include_details=1', async () => {
    const plain = await servers(`o=${sim.credentials.orgId}&limit=500&page=0`);
    for (const s of plain) expect(s.detail ?? s.details).toEqual({});
    const detailed = await servers(`o=${sim.credentials.orgId}&limit=500&page=0&include_details=1`);
    for (const s of detailed) {
      const device = sim.fleet.devices.find((d) => d.id === s.id)!;
      expect(s[device.detailKey]).toMatchObject({ NICS: device.nics });
    }
  });

  it('puts the details of quirky devices under `details`', async () => {
    const detailed = await servers(`o=${sim.credentials.orgId}&limit=500&include_details=1`);
    const quirky = detailed.filter((s) => 'details' in s);
    expect(quirky.length).toBeGreaterThan(0);
    for (const s of quirky) expect(s.detail).toBeUndefined();
  });

  it('pages live devices by id, with a short last page and no deleted devices', async () => {
    const pages = [0, 1, 2].map((page) => servers(`o=${sim.credentials.orgId}&limit=100&page=${page}`));
    const [a, b, c] = await Promise.all(pages);
    expect([a!.length, b!.length, c!.length]).toEqual([100, 100, live().length - 200]);
    const ids = [...a!, ...b!, ...c!].map((s) => s.id);
    expect(ids).toEqual(live().map((d) => d.id));
    const deletedIds = new Set(sim.fleet.devices.filter((d) => d.deletedAt).map((d) => d.id));
    expect(ids.some((id) => deletedIds.has(id))).toBe(false);
  });

  it('reports the hostname as `name` and the wire fields of a Server', async () => {
    const [first] = await servers(`o=${sim.credentials.orgId}&limit=1`);
    const device = live()[0]!;
    expect(first).toMatchObject({
      id: device.id,
      uuid: device.uuid,
      name: device.hostname,
      custom_name: device.customName,
      display_name: device.displayName,
      organization_id: sim.credentials.orgId,
      deleted: false,
      os_family: device.osFamily,
    });
  });

  it.each(['0', '501', 'x'])('refuses limit=%s with 400 {"errors":[…]}', async (limit) => {
    const res = await consoleGet(`/servers?o=${sim.credentials.orgId}&limit=${limit}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [expect.any(String)] });
  });

  it('refuses another org with 403', async () => {
    const res = await consoleGet('/servers?o=9999&limit=10');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errors: [expect.any(String)] });
  });
});

describe('GET /servers rate limit', () => {
  it('answers the 30th call in a minute with 429, no Retry-After, and keeps refusing', async () => {
    for (let i = 0; i < 29; i++) expect((await consoleGet(`/servers?o=${sim.credentials.orgId}&limit=1`)).status).toBe(200);
    const refused = await consoleGet(`/servers?o=${sim.credentials.orgId}&limit=1`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(await refused.json()).toEqual({ errors: ['Too Many Requests'] });
    expect((await consoleGet(`/servers?o=${sim.credentials.orgId}&limit=1`)).status).toBe(429);
  });

  it('keeps the penalty after the window has slid, and lifts it once the penalty is over', async () => {
    await sim.close();
    await start({ serversRateLimit: 2, serversRateWindowMs: 200, serversPenaltyMs: 700 });
    const status = async (): Promise<number> => (await consoleGet(`/servers?o=${sim.credentials.orgId}&limit=1`)).status;
    expect([await status(), await status(), await status()]).toEqual([200, 200, 429]);
    await sleep(350);
    expect(await status()).toBe(429);
    await sleep(450);
    expect(await status()).toBe(200);
  });

  it('does not limit /servers/{id}', async () => {
    await sim.close();
    await start({ serversRateLimit: 1 });
    const id = live()[0]!.id;
    for (let i = 0; i < 3; i++) expect((await consoleGet(`/servers/${id}?o=${sim.credentials.orgId}`)).status).toBe(200);
  });
});

describe('GET /servers/{id}', () => {
  it('returns the device with its full detail', async () => {
    const device = live()[3]!;
    const res = await consoleGet(`/servers/${device.id}?o=${sim.credentials.orgId}`);
    const body = (await res.json()) as Server;
    expect(body).toMatchObject({ id: device.id, name: device.hostname });
    expect(body[device.detailKey]).toMatchObject({ NICS: device.nics });
  });

  it('answers 404 for a deleted or unknown device', async () => {
    const deleted = sim.fleet.devices.find((d) => d.deletedAt !== null)!;
    for (const id of [deleted.id, 1]) {
      const res = await consoleGet(`/servers/${id}?o=${sim.credentials.orgId}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ errors: [expect.any(String)] });
    }
  });
});
