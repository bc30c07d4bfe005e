import { describe, expect, it } from '@jest/globals';

import { DeviceIndex, type IndexableDevice } from '../../src/inventory/device-index.js';

/** The index is generic: callers keep their own fields, and lookups hand back the same objects. */
interface Device extends IndexableDevice {
  name: string;
}

/** A live device seen at a fixed time, so each test changes only the field its rule is about. */
function device(id: number, hostname: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    name: `device-${id}`,
    hostname,
    macAddresses: [],
    deletedAt: null,
    lastSeenAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('DeviceIndex', () => {
  describe('byId', () => {
    it('returns the very object it was given', () => {
      const d = device(7, 'ws-0007');
      expect(new DeviceIndex([d]).byId(7)).toBe(d);
    });

    it('returns undefined for an unknown id', () => {
      expect(new DeviceIndex([device(7, 'ws-0007')]).byId(8)).toBeUndefined();
    });

    it('resolves an id listed twice by the tie-break rules and counts it once', () => {
      const stale = device(7, 'ws-0007', { lastSeenAt: '2025-01-01T00:00:00Z' });
      const fresh = device(7, 'ws-0007', { lastSeenAt: '2025-02-01T00:00:00Z' });
      const index = new DeviceIndex([stale, fresh]);
      expect(index.byId(7)).toBe(fresh);
      expect(index.size).toBe(1);
    });
  });

  describe('size', () => {
    it('counts the devices indexed', () => {
      expect(new DeviceIndex([device(1, 'a'), device(2, 'b'), device(3, 'c')]).size).toBe(3);
    });

    it('is zero for an empty inventory, whose lookups all miss', () => {
      const index = new DeviceIndex<Device>([]);
      expect(index.size).toBe(0);
      expect(index.byHostname('ws-0001')).toBeUndefined();
      expect(index.byMac('3c:52:82:1a:2b:3c')).toBeUndefined();
    });
  });

  describe('byHostname: matching', () => {
    const fqdn = device(1, 'WS-0117.corp.example.com.');
    const short = device(2, 'LAPTOP-42');
    const index = new DeviceIndex([fqdn, short]);

    it.each([
      ['the exact FQDN', 'WS-0117.corp.example.com.', fqdn],
      ['the FQDN in another case, without the trailing dot', 'ws-0117.CORP.example.com', fqdn],
      ['the FQDN surrounded by whitespace', '  ws-0117.corp.example.com  ', fqdn],
      ['the short name of an FQDN device', 'ws-0117', fqdn],
      ['the exact short name', 'laptop-42', short],
      ['an FQDN whose first label is a short-named device', 'laptop-42.corp.example.com', short],
    ])('finds a device by %s', (_rule, query, expected) => {
      expect(index.byHostname(query)).toBe(expected);
    });

    it.each([
      ['an FQDN in another domain than the device FQDN', 'ws-0117.lab.example.com'],
      ['a later label of the FQDN', 'corp'],
      ['a prefix of the short name', 'ws-01'],
      ['an empty query', ''],
      ['a blank query', '   '],
    ])('finds nothing by %s', (_rule, query) => {
      expect(index.byHostname(query)).toBeUndefined();
    });
  });

  describe('byHostname: an exact match wins over a short-name match', () => {
    it('prefers the device named exactly the short query over an FQDN device with that first label', () => {
      const fqdn = device(1, 'ws-0117.corp.example.com', { lastSeenAt: '2025-06-01T00:00:00Z' });
      const short = device(2, 'ws-0117', { lastSeenAt: '2024-01-01T00:00:00Z' });
      expect(new DeviceIndex([fqdn, short]).byHostname('WS-0117')).toBe(short);
    });

    it('prefers the device with the exact FQDN over a short-named device equal to its first label', () => {
      const short = device(1, 'ws-0117', { lastSeenAt: '2025-06-01T00:00:00Z' });
      const fqdn = device(2, 'ws-0117.corp.example.com', { lastSeenAt: '2024-01-01T00:00:00Z' });
      expect(new DeviceIndex([short, fqdn]).byHostname('ws-0117.corp.example.com.')).toBe(fqdn);
    });

    it('wins even when the exact match is deleted and the short-name match is live', () => {
      const fqdn = device(1, 'ws-0117.corp.example.com');
      const short = device(2, 'ws-0117', { deletedAt: '2025-03-01T00:00:00Z' });
      expect(new DeviceIndex([fqdn, short]).byHostname('ws-0117')).toBe(short);
    });

    it('falls back for an FQDN query only to short-named devices, never to another domain', () => {
      const other = device(1, 'ws-0117.lab.example.com');
      expect(new DeviceIndex([other]).byHostname('ws-0117.corp.example.com')).toBeUndefined();
    });
  });

  describe('ties: several devices qualify at the same level', () => {
    it.each([
      ['exact hostname', 'ws-0117', 'ws-0117'],
      ['short name of FQDNs', 'ws-0117.corp.example.com', 'ws-0117'],
      ['FQDN fallback to short names', 'ws-0117', 'ws-0117.corp.example.com'],
    ])('prefers a live device over a deleted one seen later (%s)', (_level, hostname, query) => {
      const deleted = device(1, hostname, { deletedAt: '2025-05-01T00:00:00Z', lastSeenAt: '2025-05-01T00:00:00Z' });
      const live = device(2, hostname, { lastSeenAt: '2025-01-01T00:00:00Z' });
      expect(new DeviceIndex([deleted, live]).byHostname(query)).toBe(live);
      expect(new DeviceIndex([live, deleted]).byHostname(query)).toBe(live);
    });

    it('prefers the most recent lastSeenAt among live devices', () => {
      const older = device(1, 'ws-0117', { lastSeenAt: '2025-01-01T00:00:00Z' });
      const newer = device(2, 'ws-0117', { lastSeenAt: '2025-01-01T00:00:01Z' });
      expect(new DeviceIndex([older, newer]).byHostname('ws-0117')).toBe(newer);
      expect(new DeviceIndex([newer, older]).byHostname('ws-0117')).toBe(newer);
    });

    it('compares lastSeenAt as instants, not as text', () => {
      const utc = device(1, 'ws-0117', { lastSeenAt: '2025-01-01T10:00:00Z' });
      const offset = device(2, 'ws-0117', { lastSeenAt: '2025-01-01T09:30:00-01:00' }); // 10:30 UTC
      expect(new DeviceIndex([utc, offset]).byHostname('ws-0117')).toBe(offset);
    });

    it.each([[null], [undefined], ['not a date']])('ranks a lastSeenAt of %p below any real date', (lastSeenAt) => {
      const unknown = device(1, 'ws-0117', { lastSeenAt });
      const seen = device(2, 'ws-0117', { lastSeenAt: '2020-01-01T00:00:00Z' });
      expect(new DeviceIndex([unknown, seen]).byHostname('ws-0117')).toBe(seen);
    });

    it('prefers the most recent lastSeenAt among deleted devices too', () => {
      const older = device(1, 'ws-0117', { deletedAt: '2025-02-01T00:00:00Z', lastSeenAt: '2025-01-01T00:00:00Z' });
      const newer = device(2, 'ws-0117', { deletedAt: '2025-02-01T00:00:00Z', lastSeenAt: '2025-01-15T00:00:00Z' });
      expect(new DeviceIndex([newer, older]).byHostname('ws-0117')).toBe(newer);
    });

    it('treats an empty deletedAt as not deleted', () => {
      const deleted = device(1, 'ws-0117', { deletedAt: '2025-02-01T00:00:00Z', lastSeenAt: '2025-06-01T00:00:00Z' });
      const live = device(2, 'ws-0117', { deletedAt: '' });
      expect(new DeviceIndex([deleted, live]).byHostname('ws-0117')).toBe(live);
    });

    it('falls back to the lowest id when liveness and lastSeenAt are equal', () => {
      const high = device(9, 'ws-0117');
      const low = device(3, 'ws-0117');
      expect(new DeviceIndex([high, low]).byHostname('ws-0117')).toBe(low);
      expect(new DeviceIndex([low, high]).byHostname('ws-0117')).toBe(low);
    });
  });

  describe('byMac', () => {
    const laptop = device(1, 'laptop-1', { macAddresses: ['3c:52:82:1a:2b:3c', 'dc:21:48:40:50:60'] });
    const index = new DeviceIndex([laptop, device(2, 'laptop-2', { macAddresses: ['a4:bb:6d:01:02:03'] })]);

    it.each([
      ['normalized', '3c:52:82:1a:2b:3c'],
      ['upper-case colons', '3C:52:82:1A:2B:3C'],
      ['hyphens', '3c-52-82-1a-2b-3c'],
      ['Cisco dotted', '3c52.821a.2b3c'],
      ['bare hex', '3C52821A2B3C'],
      ['padded with whitespace', ' 3c:52:82:1a:2b:3c '],
    ])('finds a device by a MAC written %s', (_notation, mac) => {
      expect(index.byMac(mac)).toBe(laptop);
    });

    it('finds a device by any of its MACs, not only the first', () => {
      expect(index.byMac('dc:21:48:40:50:60')).toBe(laptop);
    });

    it.each([
      ['an unknown MAC', 'f0:2f:74:aa:bb:cc'],
      ['text that is not a MAC', 'laptop-1'],
      ['an empty string', ''],
    ])('returns undefined for %s', (_kind, mac) => {
      expect(index.byMac(mac)).toBeUndefined();
    });

    it('indexes device MACs given in another notation', () => {
      const d = device(1, 'x', { macAddresses: ['3C-52-82-1A-2B-3C'] });
      expect(new DeviceIndex([d]).byMac('3c:52:82:1a:2b:3c')).toBe(d);
    });

    it('ignores unparseable device MACs instead of failing', () => {
      const d = device(1, 'x', { macAddresses: ['garbage', '3c:52:82:1a:2b:3c'] });
      expect(new DeviceIndex([d]).byMac('3c:52:82:1a:2b:3c')).toBe(d);
    });

    it('resolves a MAC shared by several devices with the same tie-break (re-enrolled machine)', () => {
      const shared = '3c:52:82:1a:2b:3c';
      const oldRecord = device(5, 'ws-0117', {
        macAddresses: [shared],
        deletedAt: '2025-03-01T00:00:00Z',
        lastSeenAt: '2025-03-01T00:00:00Z',
      });
      const stale = device(3, 'ws-0117-old', { macAddresses: [shared], lastSeenAt: '2025-01-01T00:00:00Z' });
      const current = device(8, 'ws-0117', { macAddresses: [shared], lastSeenAt: '2025-02-01T00:00:00Z' });
      expect(new DeviceIndex([oldRecord, stale, current]).byMac(shared)).toBe(current);
      expect(new DeviceIndex([current, oldRecord, stale]).byMac(shared)).toBe(current);
    });

    it('resolves a shared MAC to the lowest id when everything else is equal', () => {
      const shared = '02:42:ac:11:00:02';
      const a = device(12, 'a', { macAddresses: [shared] });
      const b = device(4, 'b', { macAddresses: [shared] });
      expect(new DeviceIndex([a, b]).byMac(shared)).toBe(b);
    });
  });

  describe('scale', () => {
    it('builds an index of 2,000 devices and answers every kind of lookup', () => {
      const devices = Array.from({ length: 2000 }, (_, i) => {
        const hex = i.toString(16).padStart(4, '0');
        return device(i + 1, `WS-${String(i).padStart(4, '0')}.corp.example.com`, {
          macAddresses: [`3c:52:82:00:${hex.slice(0, 2)}:${hex.slice(2)}`],
          lastSeenAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        });
      });
      const index = new DeviceIndex(devices);
      expect(index.size).toBe(2000);
      expect(index.byId(2000)).toBe(devices[1999]);
      expect(index.byHostname('ws-1999')).toBe(devices[1999]);
      expect(index.byHostname('WS-0000.corp.example.com.')).toBe(devices[0]);
      expect(index.byMac('3C52.8200.07CF')).toBe(devices[1999]);
    });
  });
});
