export { loadConfig } from './config.js';
export { ConfigError } from './validators.js';
export type { AutomoxTarget, Config, Explorer, OpswatTarget, OtlpProtocol } from './config.js';
export type { AccessConfig, AuthConfig, DocumentLimits } from './access.js';
