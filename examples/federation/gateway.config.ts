// Hive Gateway serving the composed supergraph (documentation only: not type-checked or run by
// this repo, which does not depend on @graphql-hive/gateway). In a gateway project:
//   npm i @graphql-hive/gateway
//   rover supergraph compose --config supergraph.yaml --output supergraph.graphql
//   npx hive-gateway supergraph --port 4100
import { defineConfig } from '@graphql-hive/gateway';

/** Hive Gateway reads `gatewayConfig` from gateway.config.ts in the working directory. */
export const gatewayConfig = defineConfig({
  supergraph: './supergraph.graphql',
});
