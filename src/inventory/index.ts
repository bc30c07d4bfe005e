export { normalizeMac, isUsableMac, isLocallyAdministered } from './mac.js';
export {
  rankMacAddresses,
  describeAdapters,
  isVirtualAdapter,
  type AdapterFact,
  type AdapterSkip,
  type DescribedAdapters,
  type NicLike,
} from './adapters.js';
export { normalizeHostname, shortHostname } from './hostname.js';
export { DeviceIndex, type IndexableDevice } from './device-index.js';
export { InventoryService, toInventoryDevice, type InventoryServiceOptions } from './inventory.service.js';
export { NO_AUTOMOX_FACTS, type AutomoxFacts, type DeviceRecord, type InventoryDevice } from './inventory.types.js';
