import type { PolicyRunResultRow } from '../../src/automox/index.js';
import type { ComplianceLookupResult } from '../../src/compliance/index.js';
import { DeviceIndex, type InventoryDevice, NO_AUTOMOX_FACTS } from '../../src/inventory/index.js';

/** An inventory device with every field set; override what a test is about. */
export function inventoryDevice(
  id: number,
  hostname: string,
  macAddresses: string[] = [`00:1b:21:00:00:${id.toString(16).padStart(2, '0')}`],
): InventoryDevice {
  return {
    ...NO_AUTOMOX_FACTS,
    id,
    automoxId: id,
    automoxUuid: `uuid-${id}`,
    hostname,
    displayName: hostname,
    customName: null,
    macAddresses,
    adapters: macAddresses.map((mac) => ({ mac, name: 'Ethernet', skipped: null })),
    deletedAt: null,
    inInventory: true,
    lastSeenAt: '2026-11-30T10:00:00.000Z',
  };
}

/** An inventory of three devices, one fully qualified. */
export function sampleIndex(): DeviceIndex<InventoryDevice> {
  return new DeviceIndex([
    inventoryDevice(1, 'WS-0001'),
    inventoryDevice(2, 'lab-02.corp.example.com'),
    inventoryDevice(3, 'kiosk-03', []),
  ]);
}

/** A policy result row; override what a test is about. */
export function resultRow(overrides: Partial<PolicyRunResultRow> = {}): PolicyRunResultRow {
  return {
    deviceId: 1,
    deviceUuid: 'uuid-1',
    hostname: 'WS-0001',
    customName: null,
    displayName: 'WS-0001',
    resultStatus: 'success',
    resultReason: null,
    runTime: '2026-11-30T09:00:00.000Z',
    eventTime: '2026-11-30T09:01:00.000Z',
    patches: [],
    stdout: null,
    stderr: null,
    exitCode: 0,
    deviceDeletedAt: null,
    policyUuid: null,
    policyId: 7,
    policyName: 'Patch Tuesday',
    policyType: 'patch',
    ...overrides,
  };
}

/** A FRESH compliance answer for an identifier. */
export function fresh(identifier: string): ComplianceLookupResult {
  return {
    state: 'FRESH',
    identifier,
    identifierKind: 'MAC_ADDRESS',
    fetchedAt: '2026-11-30T10:00:00.000Z',
    expiresAt: '2026-11-30T11:00:00.000Z',
    retryAfterSeconds: null,
    failureCode: null,
    report: null,
  };
}
