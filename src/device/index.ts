export { Device } from './device.type.js';
export { DeviceResolver, resolveDeviceCompliance } from './device.resolver.js';
export { resolveDeviceEntities, type DeviceEntity } from './device.entities.js';
export { DeviceService, unknownDevice, type DeviceArgs, type DeviceWithCompliance } from './device.service.js';
export { createDeviceLoaders, type DeviceContext, type DeviceLoaders } from './device.context.js';
export { DeviceComplianceBatches } from './device-compliance.js';
