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

  /**
   * The device of a policy result: the inventory device by `device_id` (by hostname only for a
   * row without one: hostnames are not unique, ids are). A device the inventory does not list is
   * built from the result itself, without MACs; when that row is live (enrolled since the
   * inventory was loaded, not deleted) the inventory is asked to reload.
   */
  joinResult(row: PolicyRunResultRow, index: DeviceIndex<InventoryDevice> | null): DeviceRecord {
    const found = row.deviceId !== null ? index?.byId(row.deviceId) : row.hostname ? index?.byHostname(row.hostname) : undefined;
    if (found) return found;
    if (index && row.deviceId !== null && !row.deviceDeletedAt) this.inventory.requestRefresh();
    return deviceFromRow(row);
  }

  /**
   * The devices a router's representations name, in order: the inventory's device for a hostname
   * it lists (any case, short or fully qualified), otherwise a stub that echoes the hostname and
   * says `inInventory: false` — a device another subgraph knows must never null its response.
   * Without an index (the inventory could not be read) every hostname gets a stub.
   */
  entities(hostnames: readonly string[], index: DeviceIndex<InventoryDevice> | null): DeviceRecord[] {
    return hostnames.map((hostname) => index?.byHostname(hostname) ?? unknownDevice(hostname));
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

/** A device as a policy result describes it, for one the inventory does not list. */
function deviceFromRow(row: PolicyRunResultRow): DeviceRecord {
  return {
    hostname: row.hostname ?? (row.deviceId !== null ? `device-${row.deviceId}` : 'unknown'),
    displayName: row.displayName ?? row.hostname,
    customName: row.customName,
    automoxId: row.deviceId,
    automoxUuid: row.deviceUuid,
    macAddresses: [],
    deletedAt: row.deviceDeletedAt,
    inInventory: false,
  };
}

/** A device known only by the hostname someone asked for: nothing to match OPSWAT with (UNMATCHED). */
export function unknownDevice(hostname: string): DeviceRecord {
  return {
    hostname,
    displayName: null,
    customName: null,
    automoxId: null,
    automoxUuid: null,
    macAddresses: [],
    deletedAt: null,
    inInventory: false,
  };
}
