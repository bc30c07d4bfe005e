import type { PolicyRunResultRow } from '../automox/index.js';
import { BadUserInputError } from '../common/index.js';
import type { ComplianceLookupResult } from '../compliance/index.js';
import { normalizeMac, type DeviceIndex, type DeviceRecord, type InventoryDevice, type InventoryService } from '../inventory/index.js';

/** A device whose compliance was already looked up in its page's batch. */
export type DeviceWithCompliance = DeviceRecord & { compliance?: ComplianceLookupResult };

/** Arguments of `device(hostname:, macAddress:)`. */
export interface DeviceArgs {
  hostname?: string | null;
  macAddress?: string | null;
}

/** Finds devices in the inventory and joins policy results to them. */
export class DeviceService {
  constructor(private readonly inventory: InventoryService) {}

  /** The inventory index (loaded once, refreshed as a whole). */
  index(): Promise<DeviceIndex<InventoryDevice>> {
    return this.inventory.index();
  }

  /** Asks for an inventory reload when a live result row names a device the inventory lacks. */
  noteUnlisted(row: PolicyRunResultRow): void {
    if (row.deviceId !== null && !row.deviceDeletedAt) this.inventory.requestRefresh();
  }

  /** Validates `device(...)` arguments: exactly one of hostname or macAddress, well formed. */
  static parseArgs({ hostname, macAddress }: DeviceArgs): { kind: 'hostname'; hostname: string } | { kind: 'mac'; mac: string } {
    const hasHostname = hostname !== undefined && hostname !== null;
    const hasMac = macAddress !== undefined && macAddress !== null;
    if (hasHostname === hasMac) throw new BadUserInputError('device takes exactly one argument: hostname or macAddress');
    if (hasHostname) {
      const trimmed = hostname.trim();
      if (!trimmed || trimmed.length > 253) throw new BadUserInputError('hostname must be 1 to 253 characters', 'hostname');
      return { kind: 'hostname', hostname: trimmed };
    }
    const mac = normalizeMac(macAddress!);
    if (!mac) throw new BadUserInputError(`macAddress must be a MAC address such as aa:bb:cc:dd:ee:ff, got "${macAddress}"`, 'macAddress');
    return { kind: 'mac', mac };
  }
}

/**
 * The device of a policy result: the inventory device by `device_id` (by hostname only for a row
 * without one: hostnames are not unique, ids are). A device the inventory does not list (deleted,
 * or enrolled since the inventory was loaded) is built from the result itself, without MACs.
 */
export function deviceForResult(row: PolicyRunResultRow, index: DeviceIndex<InventoryDevice> | null): DeviceRecord {
  const found = row.deviceId !== null ? index?.byId(row.deviceId) : row.hostname ? index?.byHostname(row.hostname) : undefined;
  if (found) return found;
  return {
    hostname: row.hostname ?? (row.deviceId !== null ? `device-${row.deviceId}` : 'unknown'),
    displayName: row.displayName ?? row.hostname,
    customName: row.customName,
    automoxId: row.deviceId,
    automoxUuid: row.deviceUuid,
    macAddresses: [],
    deletedAt: row.deviceDeletedAt,
  };
}
