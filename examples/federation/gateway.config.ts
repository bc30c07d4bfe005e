// Hive Gateway serving the composed supergraph. From the repo root:
//   npm run supergraph                     # writes supergraph.graphql
//   npx hive-gateway supergraph supergraph.graphql -c examples/federation/gateway.config.ts --port 4100
// test/federation/hive-gateway.test.ts serves a supergraph with exactly this configuration.
import { readFileSync } from 'node:fs';
import { defineConfig } from '@graphql-hive/gateway';

/**
 * The trusted documents: the sample web app's persisted-documents manifest (`npm run codegen`) and
 * the federation demo's operations (persisted-documents.json beside this file), each sha256 id →
 * document; or the comma-separated manifests TRUSTED_DOCUMENTS names.
 */
const manifests = process.env.TRUSTED_DOCUMENTS?.split(',') ?? [
  new URL('../web/src/gql/persisted-documents.json', import.meta.url),
  new URL('./persisted-documents.json', import.meta.url),
];
const trusted: Record<string, string> = Object.assign({}, ...manifests.map((file) => JSON.parse(readFileSync(file, 'utf8'))));

/** Hive Gateway's configuration (`-c` names this file; it reads the `gatewayConfig` export). */
export const gatewayConfig = defineConfig({
  supergraph: './supergraph.graphql',
  // The subgraphs authenticate the caller themselves (AUTH_JWKS_URL): pass the client's token on.
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
  },
  // Subscriptions reach the posture graph over graphql-ws on its GraphQL path (queries stay on
  // HTTP). A WebSocket carries no per-request headers: the client's token goes in connection_init,
  // where the subgraph checks it as it checks a query's header. One connection per token.
  transportEntries: {
    posture: {
      options: {
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: { connectionParams: { Authorization: '{context.headers.authorization}' } },
        },
      },
    },
  },
  // Only the front-end's own operations run: by id (`documentId`, or Apollo Client's persisted-query
  // extension `extensions.persistedQuery.sha256Hash`); a document sent as text is refused.
  persistedDocuments: {
    // Apollo's extension carries the bare hex; the manifest (and documentId) spell it `sha256:<hex>`.
    getPersistedOperation: (id) => trusted[id] ?? trusted[`sha256:${id}`] ?? null,
    extractPersistedOperationId: (params) => {
      const { documentId, extensions } = params as { documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
      const id = documentId ?? extensions?.persistedQuery?.sha256Hash;
      return typeof id === 'string' ? id : null;
    },
    customErrors: {
      notFound: { message: 'No trusted document has this id', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      persistedQueryOnly: {
        message: 'Only trusted documents run here: send a listed document id, not a document',
        extensions: { code: 'PERSISTED_QUERY_NOT_LISTED' },
      },
      keyNotFound: { message: 'Send a trusted document id (documentId)', extensions: { code: 'PERSISTED_QUERY_NOT_LISTED' } },
    },
  },
});
