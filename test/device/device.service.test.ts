import { describe, expect, it, jest } from '@jest/globals';
import { BadUserInputError } from '../../src/common/index.js';
import { DeviceService, unknownDevice } from '../../src/device/index.js';
import { type InventoryService, NO_AUTOMOX_FACTS } from '../../src/inventory/index.js';
import { resultRow, sampleIndex } from './fixtures.js';

/** A DeviceService over an inventory that only records refresh requests. */
function serviceWithInventory() {
  const requestRefresh = jest.fn<() => void>();
  const inventory = { requestRefresh, index: jest.fn() } as unknown as InventoryService;
  return { service: new DeviceService(inventory), requestRefresh };
}

const byName = (...hostnames: string[]) => hostnames.map((hostname) => ({ kind: 'hostname' as const, hostname }));
const byId = (...ids: string[]) => ids.map((id) => ({ kind: 'id' as const, id }));

describe('DeviceService.entities: every hostname a router asks for answers a device', () => {
  const { service } = serviceWithInventory();
  const index = sampleIndex();

  it('answers the inventory device for a hostname it lists, in any case and short or fully qualified', () => {
    const [upper, lower, short] = service.entities(byName('WS-0001', 'ws-0001.', 'LAB-02'), index);
    expect(upper).toBe(index.byId(1));
    expect(lower).toBe(index.byId(1));
    expect(short).toBe(index.byId(2));
    expect(short?.inInventory).toBe(true);
  });

  it('answers a stub for a hostname the inventory does not list, echoing it as asked', () => {
    expect(service.entities(byName('Deleted-PC.corp.example.com'), index)).toEqual([
      {
        ...NO_AUTOMOX_FACTS,
        id: 'hostname:deleted-pc.corp.example.com',
        hostname: 'Deleted-PC.corp.example.com',
        displayName: null,
        customName: null,
        automoxId: null,
        automoxUuid: null,
        macAddresses: [],
        deletedAt: null,
        inInventory: false,
      },
    ]);
  });

  it('answers stubs for every hostname, in order, when there is no inventory to read', () => {
    expect(service.entities(byName('WS-0001', 'x'), null)).toEqual([unknownDevice('WS-0001'), unknownDevice('x')]);
  });
});

describe('DeviceService.entities: a representation by id', () => {
  const { service } = serviceWithInventory();
  const index = sampleIndex();

  it('answers the inventory device with that Automox id, whose id is the key', () => {
    const [one, two] = service.entities(byId('1', '2'), index);
    expect(one).toBe(index.byId(1));
    expect(two).toBe(index.byId(2));
    expect(String(one!.id)).toBe('1');
  });

  it('answers a stub echoing an id the inventory does not list, numeric or not', () => {
    expect(service.entities(byId('404', 'zz'), index)).toEqual([
      expect.objectContaining({ id: 404, automoxId: 404, hostname: 'device-404', inInventory: false, macAddresses: [] }),
      expect.objectContaining({ id: 'zz', automoxId: null, inInventory: false }),
    ]);
  });

  it('resolves a `hostname:` id (handed out for a device known only by name) by that name again', () => {
    const [stub] = service.entities(byName('Gone-PC'), index);
    expect(stub!.id).toBe('hostname:gone-pc');
    expect(service.entities(byId('hostname:gone-pc'), index)[0]).toMatchObject({ id: 'hostname:gone-pc', inInventory: false });
    expect(service.entities(byId('hostname:ws-0001'), index)[0]).toBe(index.byId(1));
  });
});

describe('DeviceService.joinResult: the device of a policy result', () => {
  it('is the inventory device with the row’s device id, whatever hostname the row carries', () => {
    const { service, requestRefresh } = serviceWithInventory();
    const index = sampleIndex();
    expect(service.joinResult(resultRow({ deviceId: 2, hostname: 'renamed' }), index)).toBe(index.byId(2));
    expect(requestRefresh).not.toHaveBeenCalled();
  });

  it('is found by hostname only for a row without a device id', () => {
    const { service } = serviceWithInventory();
    const index = sampleIndex();
    expect(service.joinResult(resultRow({ deviceId: null, hostname: 'kiosk-03' }), index)).toBe(index.byId(3));
  });

  it('is built from the row, not in the inventory, when the inventory does not list it; a live one asks for a reload', () => {
    const { service, requestRefresh } = serviceWithInventory();
    const device = service.joinResult(resultRow({ deviceId: 99, hostname: 'NEW-PC', displayName: null }), sampleIndex());
    expect(device).toEqual({
      ...NO_AUTOMOX_FACTS,
      id: 99,
      hostname: 'NEW-PC',
      displayName: 'NEW-PC',
      customName: null,
      automoxId: 99,
      automoxUuid: 'uuid-1',
      macAddresses: [],
      deletedAt: null,
      inInventory: false,
    });
    expect(requestRefresh).toHaveBeenCalledTimes(1);
  });

  it('does not ask for a reload for a deleted device, nor without an inventory', () => {
    const { service, requestRefresh } = serviceWithInventory();
    const deleted = service.joinResult(resultRow({ deviceId: 98, deviceDeletedAt: '2026-11-01T00:00:00.000Z' }), sampleIndex());
    expect(deleted).toMatchObject({ deletedAt: '2026-11-01T00:00:00.000Z', inInventory: false, macAddresses: [] });
    service.joinResult(resultRow({ deviceId: 97 }), null);
    expect(requestRefresh).not.toHaveBeenCalled();
  });
});

describe('DeviceService.parseArgs: device(hostname:, macAddress:)', () => {
  it('takes exactly one of hostname or macAddress', () => {
    expect(() => DeviceService.parseArgs({})).toThrow(BadUserInputError);
    expect(() => DeviceService.parseArgs({ hostname: 'a', macAddress: '00:1b:21:00:00:01' })).toThrow('exactly one argument');
  });

  it('trims a hostname and refuses an empty or over-long one, naming the argument', () => {
    expect(DeviceService.parseArgs({ hostname: '  WS-0001 ' })).toEqual({ kind: 'hostname', hostname: 'WS-0001' });
    for (const hostname of ['   ', 'a'.repeat(254)]) {
      expect(() => DeviceService.parseArgs({ hostname })).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'hostname' }),
      );
    }
  });

  it('normalizes a MAC in any notation and refuses what is not one', () => {
    expect(DeviceService.parseArgs({ macAddress: '001B.2100.0001' })).toEqual({ kind: 'mac', mac: '00:1b:21:00:00:01' });
    expect(() => DeviceService.parseArgs({ macAddress: 'not-a-mac' })).toThrow(expect.objectContaining({ argument: 'macAddress' }));
  });
});
