import { afterEach, describe, expect, it } from '@jest/globals';
import { parseWebhookPush, WEBHOOK_MAX_EVENTS } from '../../src/opswat/index.js';
import { opswatListing, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startReceiver } from '../simulator/helpers.js';

const MS = 1_710_000_000_000;

describe('parseWebhookPush: the documented body', () => {
  it('reads each {device_id, status, timestamp in ms} into an event', () => {
    expect(
      parseWebhookPush([
        { device_id: '6WXJURV8QAM0I7KC', status: 'non_compliant', timestamp: MS },
        { device_id: 'KZ60M9CW7L1L218D', status: 'installed', timestamp: MS + 1 },
      ]),
    ).toEqual({
      events: [
        { deviceId: '6WXJURV8QAM0I7KC', status: 'non_compliant', rawStatus: 'non_compliant', timestamp: new Date(MS) },
        { deviceId: 'KZ60M9CW7L1L218D', status: 'installed', rawStatus: 'installed', timestamp: new Date(MS + 1) },
      ],
      rejected: [],
      ignored: 0,
    });
  });

  it.each([
    ['compliant', 'compliant'],
    ['deleted', 'deleted'],
    ['non-compliant', 'non_compliant'],
    ['NON_COMPLIANT', 'non_compliant'],
    ['exempted', 'unknown'],
  ] as const)('maps status "%s" to %s, keeping the raw value', (raw, status) => {
    const [event] = parseWebhookPush([{ device_id: 'D1', status: raw, timestamp: MS }]).events;
    expect(event).toMatchObject({ status, rawStatus: raw });
  });

  it('reads a timestamp sent as a numeric string, or in seconds', () => {
    const { events } = parseWebhookPush([
      { device_id: 'D1', status: 'compliant', timestamp: String(MS) },
      { device_id: 'D2', status: 'compliant', timestamp: MS / 1000 },
    ]);
    expect(events.map((event) => event.timestamp.getTime())).toEqual([MS, MS]);
  });
});

describe('parseWebhookPush: what it refuses', () => {
  it('reports each bad entry as rejected, with its index and why, and keeps the good ones', () => {
    const push = parseWebhookPush([
      'D1',
      null,
      { status: 'compliant', timestamp: MS },
      { device_id: 'D4', timestamp: MS },
      { device_id: 'D5', status: 'compliant', timestamp: 'yesterday' },
      { device_id: 'D6', status: 'compliant', timestamp: MS },
    ]);
    expect(push.events.map((event) => event.deviceId)).toEqual(['D6']);
    expect(push.rejected).toEqual([
      { index: 0, reason: 'entry is not an object' },
      { index: 1, reason: 'entry is not an object' },
      { index: 2, reason: 'device_id is missing or not a string' },
      { index: 3, reason: 'status is missing or not a string' },
      { index: 4, reason: 'timestamp is missing or not an epoch time' },
    ]);
  });

  it.each([{ device_id: 'D1' }, 'not json', null, 42])('throws UPSTREAM_BAD_RESPONSE for a body that is not an array: %p', (body) => {
    expect(() => parseWebhookPush(body)).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE', upstream: 'opswat' }));
  });

  it(`reads at most ${WEBHOOK_MAX_EVENTS} entries and counts the rest as ignored`, () => {
    const body = Array.from({ length: WEBHOOK_MAX_EVENTS + 5 }, (_, i) => ({ device_id: `D${i}`, status: 'compliant', timestamp: MS }));
    const push = parseWebhookPush(body);
    expect(push.events).toHaveLength(WEBHOOK_MAX_EVENTS);
    expect(push.ignored).toBe(5);
  });
});

describe('parseWebhookPush: against the simulator', () => {
  let sim: Simulator | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  afterEach(async () => {
    await Promise.all([sim?.close(), receiver?.close()]);
  });

  it('reads what the simulated account pushes when a device changes', async () => {
    const now = Date.parse('2026-11-01T12:00:00Z');
    sim = await startSimulator({ fleetSize: 40, opswatNow: () => now });
    receiver = await startReceiver();
    sim.opswat.configureWebhook({ url: receiver.url, key: 'the-configured-key' });
    const device = opswatListing(sim.fleet).find((d) => d.opswat.detailsStatus === 'compliant')!;
    sim.opswat.change(device.hwid, { status: 'non_compliant' });
    await sim.opswat.settled();
    const push = parseWebhookPush(JSON.parse(receiver.requests[0]!.body));
    expect(push).toEqual({
      events: [{ deviceId: device.hwid, status: 'non_compliant', rawStatus: 'non_compliant', timestamp: new Date(now) }],
      rejected: [],
      ignored: 0,
    });
  });
});
