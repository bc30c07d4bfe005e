// Live updates: GraphQL subscriptions over the fleet index (deviceChanged, fleetSummaryChanged),
// fanned out across replicas through the shared store's pub/sub. The transports that serve them
// (graphql-ws, graphql-sse) live in src/server; they know nothing of this feature.
export { EventQueue, type LiveEvent } from './event-queue.js';
export { changesOf, LIVE_CHANNEL, parseMessage, type DeviceChangeKind, type LiveMessage } from './live-message.js';
export { filterKey, LiveUpdates, type LivePubSub, type LiveUpdatesOptions } from './live-updates.js';
export { LiveResolver } from './live.resolver.js';
export type { LiveContext } from './live.context.js';
