/**
 * The inventory as the graph keeps it: one device per live server, mapped page by page, with the
 * values a fleet repeats (OS names, policy standings, tag sets, adapter names, times) held once
 * per load rather than once per device, so a 100,000-device inventory fits the process.
 */
import { describe, expect, it } from '@jest/globals';
import type { InventoryServer } from '../../src/automox/index.js';
import { Interner, InventoryService, toInventoryDevice } from '../../src/inventory/inventory.service.js';
import { captureLogs } from '../helpers/logs.js';

/** A console server with two policy standings, two tags and two adapters; override what a test is about. */
function server(id: number, overrides: Partial<InventoryServer> = {}): InventoryServer {
  return {
    id,
    uuid: `uuid-${id}`,
    hostname: `ws-${id}`,
    displayName: null,
    customName: null,
    organizationId: 1,
    deleted: false,
    connected: true,
    lastRefreshTime: '2026-11-30T10:00:00Z',
    lastDisconnectTime: null,
    osFamily: 'Windows',
    osName: 'Microsoft Windows 11 Enterprise',
    osVersion: '10.0.22631',
    serialNumber: `SN-${id}`,
    needsReboot: false,
    pendingPatches: 2,
    serverGroupId: 7,
    tags: ['finance', 'laptop'],
    policyStatuses: [
      {
        policyId: 1,
        policyName: 'Patch Tuesday',
        policyType: 'patch',
        state: 'UP_TO_DATE',
        compliant: true,
        lastRunAt: '2026-11-10T18:00:00Z',
      },
      { policyId: 2, policyName: 'Chrome Required', policyType: 'required_software', state: 'PENDING', compliant: false, lastRunAt: null },
    ],
    nics: [
      {
        mac: `00:1b:21:00:00:${(id % 256).toString(16).padStart(2, '0')}`,
        connected: true,
        vendor: 'Intel',
        device: 'Ethernet',
        type: 'ethernet',
        ips: ['10.0.0.1'],
      },
      { mac: '00:00:00:00:00:00', connected: false, vendor: null, device: 'Teredo Tunneling Pseudo-Interface', type: null, ips: [] },
    ],
    ...overrides,
  } as InventoryServer;
}

describe('toInventoryDevice with one Interner per load', () => {
  it('shares equal policy standings, tag sets, skipped adapters and repeated strings between devices', () => {
    const shared = new Interner();
    const [a, b] = [server(1), server(2)].map((each) => toInventoryDevice(each, shared));
    expect(a!.automoxPolicies[0]).toBe(b!.automoxPolicies[0]);
    expect(a!.automoxPolicies[1]).toBe(b!.automoxPolicies[1]);
    expect(a!.tags).toBe(b!.tags);
    expect(a!.adapters[1]).toBe(b!.adapters[1]);
    // What differs per device stays its own.
    expect(a!.adapters[0]).not.toBe(b!.adapters[0]);
    expect(a!.macAddresses).toEqual(['00:1b:21:00:00:01']);
    expect(b!.macAddresses).toEqual(['00:1b:21:00:00:02']);
  });

  it('maps exactly as without sharing: the same device, field for field', () => {
    const shared = new Interner();
    toInventoryDevice(server(1), shared);
    const different = server(3, { tags: ['lab'], osName: 'Ubuntu 24.04', policyStatuses: [] });
    expect(toInventoryDevice(different, shared)).toEqual(toInventoryDevice(different));
    expect(toInventoryDevice(server(4), shared)).toEqual(toInventoryDevice(server(4)));
    expect(toInventoryDevice(server(4)).automoxPolicies[0]!.lastRunAt).toBe('2026-11-10T18:00:00.000Z');
  });
});

describe('InventoryService', () => {
  it('maps servers as the console hands them over, leaving deleted ones out', async () => {
    const mapped: number[] = [];
    const service = new InventoryService({
      console: {
        async mapServers<T>(map: (each: InventoryServer) => T | null): Promise<T[]> {
          const kept: T[] = [];
          for (const each of [server(1), server(2, { deleted: true }), server(3)]) {
            mapped.push(each.id);
            const device = map(each);
            if (device !== null) kept.push(device);
          }
          return kept;
        },
      },
      ttlMs: 60_000,
      logger: captureLogs().logger,
    });
    const devices = [...(await service.index()).all()];
    expect(mapped).toEqual([1, 2, 3]);
    expect(devices.map((device) => device.id)).toEqual([1, 3]);
    expect(devices[0]!.automoxPolicies[0]).toBe(devices[1]!.automoxPolicies[0]);
  });
});
