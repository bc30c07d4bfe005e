export { loadConfig, ConfigError } from './config.js';
export type { Config, AutomoxTarget, OpswatTarget } from './config.js';
