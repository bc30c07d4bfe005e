import { afterEach, describe, expect, it } from '@jest/globals';
import { opswatListing, startSimulator, WEBHOOK_DISABLE_AFTER, type Simulator } from '../../src/simulator/index.js';
import { startReceiver } from './helpers.js';

const T0 = Date.parse('2026-11-01T12:00:00Z');
const KEY = 'hook-key-0123456789';
let sim: Simulator | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
/** Every wait a push asked for; none really waits. */
let waits: number[] = [];

const start = async (statuses: number[] = []): Promise<{ s: Simulator; r: NonNullable<typeof receiver> }> => {
  waits = [];
  sim = await startSimulator({
    fleetSize: 60,
    opswatNow: () => T0,
    opswatSleep: async (ms) => {
      waits.push(ms);
    },
  });
  receiver = await startReceiver(statuses);
  return { s: sim, r: receiver };
};
afterEach(async () => {
  await Promise.all([sim?.close(), receiver?.close()]);
  sim = undefined;
  receiver = undefined;
});

const compliant = (s: Simulator) => opswatListing(s.fleet).filter((d) => d.opswat.detailsStatus === 'compliant');

describe('the webhook: what OPSWAT pushes', () => {
  it('POSTs a JSON array of {device_id, status, timestamp in ms} with the key as-is in Authorization', async () => {
    const { s, r } = await start();
    s.opswat.configureWebhook({ url: r.url, key: KEY });
    const device = compliant(s)[0]!;
    s.opswat.change(device.hwid, { status: 'non_compliant' });
    await s.opswat.settled();
    expect(r.requests).toHaveLength(1);
    const [push] = r.requests;
    expect(push!.method).toBe('POST');
    expect(push!.headers.authorization).toBe(KEY);
    expect(push!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(push!.body)).toEqual([{ device_id: device.hwid, status: 'non_compliant', timestamp: T0 }]);
    expect(s.opswat.webhook()).toEqual({
      url: r.url,
      enabled: true,
      disabledBy: null,
      consecutiveFailures: 0,
      delivered: 1,
      failed: 0,
      attempts: 1,
    });
  });

  it('pushes a deletion as status "deleted"', async () => {
    const { s, r } = await start();
    s.opswat.configureWebhook({ url: r.url, key: KEY });
    const device = compliant(s)[0]!;
    s.opswat.change(device.hwid, { deleted: true });
    await s.opswat.settled();
    expect(JSON.parse(r.requests[0]!.body)).toEqual([{ device_id: device.hwid, status: 'deleted', timestamp: T0 }]);
  });

  it('pushes nothing while unconfigured or turned off by an admin', async () => {
    const { s, r } = await start();
    s.opswat.change(compliant(s)[0]!.hwid, { status: 'non_compliant' });
    s.opswat.configureWebhook({ url: r.url, key: KEY });
    s.opswat.setWebhookEnabled(false);
    s.opswat.change(compliant(s)[0]!.hwid, { status: 'non_compliant' });
    await s.opswat.settled();
    expect(r.requests).toHaveLength(0);
    expect(s.opswat.webhook()).toMatchObject({ enabled: false, disabledBy: 'admin', attempts: 0 });
  });
});

describe('the webhook: retries and auto-disable', () => {
  it('retries a failed push twice, after 4 s and after 1 min, and counts it delivered when a retry succeeds', async () => {
    const { s, r } = await start([500, 503, 200]);
    s.opswat.configureWebhook({ url: r.url, key: KEY });
    s.opswat.change(compliant(s)[0]!.hwid, { status: 'non_compliant' });
    await s.opswat.settled();
    expect(waits).toEqual([4_000, 60_000]);
    expect(r.requests.map((request) => request.body)).toEqual(Array(3).fill(r.requests[0]!.body));
    expect(s.opswat.webhook()).toMatchObject({ delivered: 1, failed: 0, attempts: 3, consecutiveFailures: 0 });
  });

  it('counts a push failed when both retries fail, and turns itself off after 100 consecutive failed pushes', async () => {
    const { s, r } = await start(Array(3 * WEBHOOK_DISABLE_AFTER).fill(500));
    s.opswat.configureWebhook({ url: r.url, key: KEY });
    const device = compliant(s)[0]!;
    for (let i = 0; i < WEBHOOK_DISABLE_AFTER; i++) {
      s.opswat.change(device.hwid, { status: i % 2 === 0 ? 'non_compliant' : 'compliant' });
      await s.opswat.settled();
      expect(s.opswat.webhook().enabled).toBe(i < WEBHOOK_DISABLE_AFTER - 1);
    }
    expect(s.opswat.webhook()).toMatchObject({
      enabled: false,
      disabledBy: 'failures',
      failed: 100,
      consecutiveFailures: 100,
      attempts: 300,
    });
    s.opswat.change(device.hwid, { status: 'non_compliant' });
    await s.opswat.settled();
    expect(r.requests).toHaveLength(300);
    // An admin turns it on again: the failures that turned it off are forgotten.
    s.opswat.setWebhookEnabled(true);
    expect(s.opswat.webhook()).toMatchObject({ enabled: true, disabledBy: null, consecutiveFailures: 0 });
  });

  it('counts an unreachable URL as a failure', async () => {
    const { s, r } = await start();
    await r.close();
    s.opswat.configureWebhook({ url: r.url, key: KEY });
    s.opswat.change(compliant(s)[0]!.hwid, { status: 'non_compliant' });
    await s.opswat.settled();
    expect(s.opswat.webhook()).toMatchObject({ failed: 1, attempts: 3, consecutiveFailures: 1 });
  });
});

describe('the webhook controls over HTTP', () => {
  it('configures at POST /__sim/opswat/webhook, shows its state (never the key) at GET, and turns off with {enabled: false}', async () => {
    const { s, r } = await start();
    const control = (init?: RequestInit) => fetch(`${s.opswatUrl}/__sim/opswat/webhook`, init);
    expect(await (await control()).json()).toMatchObject({ url: null, enabled: false, disabledBy: 'unconfigured' });
    const configured = await control({ method: 'POST', body: JSON.stringify({ url: r.url, key: KEY }) });
    expect(configured.status).toBe(200);
    const shown = await (await control()).text();
    expect(JSON.parse(shown)).toMatchObject({ url: r.url, enabled: true });
    expect(shown).not.toContain(KEY);
    await control({ method: 'POST', body: '{"enabled":false}' });
    expect(await (await control()).json()).toMatchObject({ enabled: false, disabledBy: 'admin' });
    expect((await control({ method: 'POST', body: '{"url":"ftp://x"}' })).status).toBe(400);
    expect(s.calls({ upstream: 'opswat' })).toEqual([]);
  });
});
