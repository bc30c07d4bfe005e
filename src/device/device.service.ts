import type { PolicyRunResultRow } from '../automox/index.js';
import { BadUserInputError } from '../common/index.js';
import type { ComplianceLookupResult } from '../compliance/index.js';
import {
  NO_AUTOMOX_FACTS,
  normalizeHostname,
  normalizeMac,
  type DeviceIndex,
  type DeviceRecord,
  type InventoryDevice,
  type InventoryService,
} from '../inventory/index.js';

/** A device whose compliance was already looked up in its page's batch. */
export type DeviceWithCompliance = DeviceRecord & { compliance?: ComplianceLookupResult };

/** The key of one `_entities` representation: `@key(fields: "id")` or `@key(fields: "hostname")`. */
export type EntityKey = { kind: 'id'; id: string } | { kind: 'hostname'; hostname: string };

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
   * The devices a router's representations name, in order: the inventory's device for an id it
   * lists, or for a hostname it lists (any case, short or fully qualified), otherwise a stub that
   * echoes the key and says `inInventory: false` — a device another subgraph knows must never null
   * its response. Without an index (the inventory could not be read) every key gets a stub.
   */
  entities(keys: readonly EntityKey[], index: DeviceIndex<InventoryDevice> | null): DeviceRecord[] {
    return keys.map((key) => {
      if (key.kind === 'hostname') return index?.byHostname(key.hostname) ?? unknownDevice(key.hostname);
      // An id this graph handed out for a device known only by name resolves by that name again.
      if (key.id.startsWith(HOSTNAME_ID)) {
        const hostname = key.id.slice(HOSTNAME_ID.length);
        return index?.byHostname(hostname) ?? unknownDevice(hostname);
      }
      const automoxId = /^\d{1,15}$/.test(key.id) ? Number(key.id) : null;
      return (automoxId !== null ? index?.byId(automoxId) : undefined) ?? unknownDeviceById(key.id, automoxId);
    });
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
  const hostname = row.hostname ?? (row.deviceId !== null ? `device-${row.deviceId}` : 'unknown');
  return {
    ...NO_AUTOMOX_FACTS,
    id: row.deviceId ?? hostnameId(hostname),
    hostname,
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
    ...NO_AUTOMOX_FACTS,
    id: hostnameId(hostname),
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

const HOSTNAME_ID = 'hostname:';

/** The `Device.id` of a device known only by its hostname (see `DeviceRecord.id`). */
export function hostnameId(hostname: string): string {
  return `${HOSTNAME_ID}${normalizeHostname(hostname)}`;
}

/**
 * A device a router names by an id the inventory does not list (deleted, or never Automox's): it
 * echoes the id, and, like a policy result's unknown device, is named `device-<id>`.
 */
function unknownDeviceById(id: string, automoxId: number | null): DeviceRecord {
  return { ...unknownDevice(`device-${id}`), id: automoxId ?? id, automoxId };
}
