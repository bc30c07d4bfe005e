export { createHttpApp, type HttpApp, type HttpAppOptions, type PushEndpoint, SANDBOX_ORIGINS } from './app.js';
export type { Explorer } from './explorer.js';
export { NODE_HEAP_FLAGS } from './node-flags.js';
export { type Readiness, ReadinessProbe } from './readiness.js';
export { type Release, type SubscriptionCaps, SubscriptionSlots } from './subscription-slots.js';
export { createSubscriptionServer, type SubscriptionServer, type SubscriptionServerOptions } from './subscriptions.js';
