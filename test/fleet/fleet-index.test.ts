/** The fleet index on its own: what it learns from answers, how inventory changes reach it, what it tells listeners. */
import { describe, expect, it } from '@jest/globals';
import type { ComplianceOutcome } from '../../src/compliance/index.js';
import { type FleetChange, FleetIndex } from '../../src/fleet/index.js';
import { report } from '../compliance/fakes.js';
import { inventoryDevice } from '../device/fixtures.js';

const mac = (identifier: string) => ({ identifier, kind: 'MAC_ADDRESS' as const });
const found = (identifier: string, fetchedAt: number, deviceId: string | null = 'HW-1'): ComplianceOutcome => ({
  state: 'FRESH',
  target: mac(identifier),
  answer: { kind: 'found', report: report('NON_COMPLIANT'), fetchedAt, deviceId },
  expiresAt: fetchedAt + 3_600_000,
});

describe('FleetIndex', () => {
  it("learns a device's report from an answer to any of its MACs, and ties it to OPSWAT's id (any case)", () => {
    const index = new FleetIndex();
    index.sync([inventoryDevice(1, 'a', ['00:1b:21:00:aa:01', '00:1b:21:00:aa:02']), inventoryDevice(2, 'b')]);
    index.learn(mac('00:1b:21:00:aa:02'), found('00:1b:21:00:aa:02', 1_000, 'HW-ABC'));
    expect(index.get(1)).toEqual(expect.objectContaining({ fetchedAt: 1_000, opswatDeviceId: 'hw-abc' }));
    expect(index.byOpswatDevice('HW-ABC')?.device.id).toBe(1);
    expect(index.byOpswatDevice('hw-abc')?.device.id).toBe(1);
    expect(index.get(2)?.outcome).toBeUndefined();
  });

  it('keeps a newer report over an older answer, and learns nothing from a MAC OPSWAT does not know', () => {
    const index = new FleetIndex();
    index.sync([inventoryDevice(1, 'a', ['00:1b:21:00:00:01'])]);
    index.learn(mac('00:1b:21:00:00:01'), found('00:1b:21:00:00:01', 2_000));
    index.learn(mac('00:1b:21:00:00:01'), found('00:1b:21:00:00:01', 1_000));
    index.learn(mac('00:1b:21:00:00:01'), { state: 'NOT_FOUND', target: mac('00:1b:21:00:00:01') });
    expect(index.get(1)?.fetchedAt).toBe(2_000);
    expect(index.get(1)?.outcome?.state).toBe('FRESH');
  });

  it("forgets a device's report when its MACs change (it may be another machine's), and deletes what the inventory no longer lists", () => {
    const index = new FleetIndex();
    const changes: FleetChange['kind'][] = [];
    index.subscribe((change) => changes.push(change.kind));
    index.sync([inventoryDevice(1, 'a', ['00:1b:21:00:00:01']), inventoryDevice(2, 'b')]);
    index.learn(mac('00:1b:21:00:00:01'), found('00:1b:21:00:00:01', 1_000));
    index.sync([inventoryDevice(1, 'a', ['00:1b:21:00:00:09'])]);
    expect(index.get(1)).toEqual(expect.objectContaining({ outcome: undefined, fetchedAt: undefined }));
    expect(index.get(2)).toBeUndefined();
    index.learn(mac('00:1b:21:00:00:01'), found('00:1b:21:00:00:01', 3_000));
    expect(index.get(1)?.outcome).toBeUndefined();
    expect(changes).toEqual(['added', 'added', 'updated', 'updated', 'deleted']);
  });

  it('lists what the sweep should ask: unknown devices first, then the oldest, skipping fresh, deferred and ineligible ones', () => {
    const index = new FleetIndex();
    index.sync([
      inventoryDevice(1, 'old', ['00:1b:21:00:00:01']),
      inventoryDevice(2, 'new', ['00:1b:21:00:00:02']),
      inventoryDevice(3, 'unknown', ['00:1b:21:00:00:03']),
      inventoryDevice(4, 'no-macs', []),
      inventoryDevice(5, 'deferred', ['00:1b:21:00:00:05']),
      inventoryDevice(6, 'older', ['00:1b:21:00:00:06']),
    ]);
    index.learn(mac('00:1b:21:00:00:01'), found('00:1b:21:00:00:01', 2_000, 'A'));
    index.learn(mac('00:1b:21:00:00:02'), found('00:1b:21:00:00:02', 9_000, 'B'));
    index.learn(mac('00:1b:21:00:00:06'), found('00:1b:21:00:00:06', 1_000, 'C'));
    index.record(
      5,
      {
        state: 'FAILED',
        target: mac('00:1b:21:00:00:05'),
        failure: { code: 'UPSTREAM_UNAVAILABLE', message: 'x', retryAt: 20_000 },
        retryAfterMs: 10_000,
      },
      20_000,
    );
    expect(index.due(10_000, 10, (entry) => entry.fetchedAt + 5_000).map((entry) => entry.device.id)).toEqual([3, 6, 1]);
    expect(index.due(10_000, 2, (entry) => entry.fetchedAt + 5_000).map((entry) => entry.device.id)).toEqual([3, 6]);
  });
});
