export { loadConfig, ConfigError } from './config.js';
export type { AccessConfig, AuthConfig, AutomoxTarget, Config, DocumentLimits, OpswatTarget } from './config.js';
