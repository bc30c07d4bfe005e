import DataLoader from 'dataloader';
import { ANONYMOUS_CALLER, type Caller } from '../auth/index.js';
import { type ComplianceLookupResult, type ComplianceService, type IdentifierKey, toComplianceLookup } from '../compliance/index.js';
import type { DeviceService } from '../device/index.js';
import { normalizeHostname, type DeviceIndex, type DeviceRecord, type InventoryDevice } from '../inventory/index.js';
import type { PolicyResultsService, PolicyService } from '../policy/index.js';
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
   * device; `complianceByDevice` answers a device of the batch with the batch's answer, so the
   * same device asked elsewhere in the request answers the same.
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
  // What a batch known up front (complianceOfDevices) already answered, by device: the inventory
  // hands every part of a request the same object for a device, so a load of it is answered from
  // here rather than asked again. (Priming the loader instead cost a key and a promise per device.)
  const answered = new Map<DeviceRecord, ComplianceLookupResult | Error>();
  // One lookup per distinct device; lookups run concurrently so a page waits once, not per row.
  // Inventory devices rank ahead of free-form identifiers; both count against the caller's share.
  const complianceByDevice = new DataLoader<DeviceRecord, ComplianceLookupResult, string>(
    async (devices) => {
      const results = devices.map((device) => answered.get(device));
      const unanswered = devices.filter((_, i) => results[i] === undefined);
      if (unanswered.length === 0) return results as Array<ComplianceLookupResult | Error>;
      const looked = (await services.compliance.lookupDevices(unanswered, inventoryDemand)).map(toComplianceLookup);
      let next = 0;
      return results.map((known) => known ?? looked[next++]!);
    },
    { cacheKeyFn: (device) => `${normalizeHostname(device.hostname)}|${device.macAddresses.join(',')}` },
  );
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
      async complianceOfDevices(devices) {
        // As a DataLoader batch does: a failed pass fails each device, never the whole page.
        const results = await services.compliance.lookupDevices(devices, inventoryDemand).then(
          (outcomes): Array<ComplianceLookupResult | Error> => outcomes.map(toComplianceLookup),
          (error: unknown) => devices.map(() => (error instanceof Error ? error : new Error(String(error)))),
        );
        devices.forEach((device, i) => {
          answered.set(device, results[i]!);
        });
        return results;
      },
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
