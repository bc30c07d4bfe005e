// The composition root: the only place that knows every feature. It builds the schema from the
// features' resolvers, each request's context from their loaders, and the running graph (stores,
// clients, services, HTTP app, background work). Nothing below imports it.
export { createPostureGraph, demoLine, type PostureGraph, type PostureGraphDeps } from './app.js';
export { createContext, type GraphQLContext, type Loaders, type Services } from './context.js';
export { buildPostureSchema, declaresNoChecks } from './schema.js';
