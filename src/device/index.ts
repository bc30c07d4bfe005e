export { Device } from './device.type.js';
export { DeviceResolver } from './device.resolver.js';
export { DeviceService, type DeviceArgs, type DeviceWithCompliance } from './device.service.js';
