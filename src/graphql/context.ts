import DataLoader from 'dataloader';
import { ANONYMOUS_CALLER, type Caller } from '../auth/index.js';
import { type ComplianceLookupResult, type ComplianceService, type IdentifierKey, toComplianceLookup } from '../compliance/index.js';
import type { DeviceService } from '../device/index.js';
import { normalizeHostname, type DeviceIndex, type DeviceRecord, type InventoryDevice } from '../inventory/index.js';
import type { PolicyResultsService, PolicyService } from '../policy/index.js';
import { DeviceComplianceBatches } from './device-compliance.js';
import { SoftErrors } from './soft-errors.js';

/** Long-lived services, created once at start and shared by every request. */
export interface Services {
  policy: PolicyService;
  /** Joins a page of policy results to devices and compliance. */
  policyResults: PolicyResultsService;
  devices: DeviceService;
  compliance: ComplianceService;
}

/** Per-request memoization: created fresh for every operation, never shared. */
export interface Loaders {
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
  complianceByIdentifier: DataLoader<IdentifierKey, ComplianceLookupResult, string>;
}

/** What every resolver receives. */
export interface GraphQLContext {
  /** Who the request is made for: scopes to check, and the client its OPSWAT lookups count against. */
  caller: Caller;
  /** Aborted when the client has gone: upstream calls made only for this request stop, retries included. */
  signal: AbortSignal | undefined;
  services: Services;
  loaders: Loaders;
  softErrors: SoftErrors;
}

/** Builds a request's context: fresh loaders over the shared services. */
export function createContext(services: Services, caller: Caller = ANONYMOUS_CALLER, signal?: AbortSignal): GraphQLContext {
  let inventory: Promise<DeviceIndex<InventoryDevice>> | undefined;
  const index = () => (inventory ??= services.devices.index());
  const inventoryDemand = { clientId: caller.clientId, priority: 'inventory' } as const;
  const batches = new DeviceComplianceBatches(services.compliance, inventoryDemand);
  // Inventory devices rank ahead of free-form identifiers; both count against the caller's share.
  // A single device's loads (a field per row) are batched by DataLoader into the same passes.
  const complianceByDevice = new DataLoader<DeviceRecord, ComplianceLookupResult, string>((devices) => batches.of(devices), {
    cacheKeyFn: (device) => `${normalizeHostname(device.hostname)}|${device.macAddresses.join(',')}`,
  });
  return {
    caller,
    signal,
    services,
    softErrors: new SoftErrors(),
    loaders: {
      inventory: index,
      deviceByHostname: new DataLoader(
        async (hostnames) => {
          const devices = await index();
          return hostnames.map((hostname) => devices.byHostname(hostname) ?? null);
        },
        { cacheKeyFn: normalizeHostname },
      ),
      deviceByMac: new DataLoader(async (macs) => {
        const devices = await index();
        return macs.map((mac) => devices.byMac(mac) ?? null);
      }),
      complianceByDevice,
      complianceOfDevices: (devices) => batches.of(devices),
      complianceByIdentifier: new DataLoader(
        (keys) =>
          Promise.all(
            keys.map((key) =>
              services.compliance
                .lookupIdentifier(key.identifier, key.kind, { clientId: caller.clientId, priority: 'lookup' })
                .then(toComplianceLookup, (error: unknown) => error as Error),
            ),
          ),
        { cacheKeyFn: (key) => `${key.kind}:${key.identifier}` },
      ),
    },
  };
}
