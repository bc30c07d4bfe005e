export { AutomoxPolicyState, AutomoxPolicyStatus, Device } from './device.type.js';
export { DeviceResolver, resolveDeviceCompliance } from './device.resolver.js';
export { resolveDeviceEntities, type DeviceEntity } from './device.entities.js';
export { DeviceService, hostnameId, unknownDevice, type DeviceArgs, type EntityKey, type DeviceWithCompliance } from './device.service.js';
export { createDeviceLoaders, type DeviceContext, type DeviceLoaders } from './device.context.js';
export { DeviceComplianceBatches } from './device-compliance.js';
