import DataLoader from 'dataloader';
import type { Caller } from '../auth/index.js';
import type { ComplianceLookupResult, ComplianceService } from '../compliance/index.js';
import { normalizeHostname, type DeviceIndex, type DeviceRecord, type InventoryDevice } from '../inventory/index.js';
import type { RequestContext } from '../kernel/index.js';
import { DeviceComplianceBatches } from './device-compliance.js';
import type { DeviceService } from './device.service.js';

/** A request's memoized reads of the inventory and of devices' compliance. */
export interface DeviceLoaders {
  /** The inventory index, read once per request. */
  inventory: () => Promise<DeviceIndex<InventoryDevice>>;
  deviceByHostname: DataLoader<string, InventoryDevice | null>;
  deviceByMac: DataLoader<string, InventoryDevice | null>;
  complianceByDevice: DataLoader<DeviceRecord, ComplianceLookupResult, string>;
  /**
   * Compliance of a batch known whole up front (a page's rows, a router's representations): one
   * pass over the service, whose warm answers are synchronous, instead of a DataLoader load per
   * device. Each device is asked at most once per request, whichever of the two asks for it.
   */
  complianceOfDevices: (devices: readonly DeviceRecord[]) => Promise<Array<ComplianceLookupResult | Error>>;
}

/** What the device resolvers (and anything joining rows to devices) read from a request. */
export interface DeviceContext extends RequestContext {
  services: { devices: DeviceService };
  loaders: DeviceLoaders;
}

/** A request's device loaders over the shared services; the caller's lookups rank as inventory demand. */
export function createDeviceLoaders(devices: DeviceService, compliance: ComplianceService, caller: Caller): DeviceLoaders {
  let inventory: Promise<DeviceIndex<InventoryDevice>> | undefined;
  const index = () => (inventory ??= devices.index());
  const batches = new DeviceComplianceBatches(compliance, { clientId: caller.clientId, priority: 'inventory' });
  return {
    inventory: index,
    deviceByHostname: new DataLoader(
      async (hostnames) => {
        const all = await index();
        return hostnames.map((hostname) => all.byHostname(hostname) ?? null);
      },
      { cacheKeyFn: normalizeHostname },
    ),
    deviceByMac: new DataLoader(async (macs) => {
      const all = await index();
      return macs.map((mac) => all.byMac(mac) ?? null);
    }),
    // Inventory devices rank ahead of free-form identifiers; both count against the caller's share.
    // A single device's loads (a field per row) are batched by DataLoader into the same passes.
    complianceByDevice: new DataLoader<DeviceRecord, ComplianceLookupResult, string>((batch) => batches.of(batch), {
      cacheKeyFn: (device) => `${normalizeHostname(device.hostname)}|${device.macAddresses.join(',')}`,
    }),
    complianceOfDevices: (batch) => batches.of(batch),
  };
}
