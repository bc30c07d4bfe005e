// Hive Gateway serving the composed supergraph. From the repo root:
//   npm run supergraph                     # writes supergraph.graphql
//   npm run gateway                        # hive-gateway supergraph supergraph.graphql -c this file --port ${GATEWAY_PORT:-4100}
// test/federation/gateways.test.ts serves a supergraph with exactly this configuration, and
// test/browser/gateway.test.ts opens its GraphiQL with every origin but the gateway's blocked.
import { readFileSync } from 'node:fs';
import { type Attributes, defineConfig, jsonStringify, Logger, type LogLevel } from '@graphql-hive/gateway';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** What the gateway's GraphiQL opens with: a query that needs both subgraphs. */
const EXAMPLE_QUERY = `# Each owner's devices (ownership subgraph), joined to their posture (posture graph).
query OwnedDevicePosture {
  owners {
    name
    team
    devices {
      hostname
      inInventory
      compliance { state retryAfterSeconds report { status totalIssues } }
    }
  }
}
`;

/** pino's numbers for the levels, so the gateway's lines read like the graph's (and `npx pino-pretty` reads both). */
const PINO_LEVELS: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/** One JSON line per log entry, shaped like the posture graph's pino lines: `level`, `time`, `msg`, then the attributes. */
const jsonLines = {
  write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined): void {
    process.stdout.write(
      `${jsonStringify({ level: PINO_LEVELS[level], time: Date.now(), name: 'hive-gateway', msg: msg ?? undefined, ...attrs })}\n`,
    );
  },
};

/**
 * The trusted documents: the sample apps' persisted-documents manifests (`npm run codegen`) and the
 * federation demo's operations (persisted-documents.json beside this file), each sha256 id →
 * document; or the comma-separated manifests TRUSTED_DOCUMENTS names.
 */
function trustedDocuments(env: NodeJS.ProcessEnv): Record<string, string> {
  const manifests = env.TRUSTED_DOCUMENTS?.split(',') ?? [
    new URL('../web/src/gql/persisted-documents.json', import.meta.url),
    new URL('../dashboard/src/gql/persisted-documents.json', import.meta.url),
    new URL('./persisted-documents.json', import.meta.url),
  ];
  return Object.assign({}, ...manifests.map((file) => JSON.parse(readFileSync(file, 'utf8'))));
}

/**
 * The gateway for `env`. Trusted documents only in production (NODE_ENV=production): there a client
 * runs the listed ids and nothing else. Anywhere else GraphiQL's own introspection and ad-hoc
 * queries run too, or the local gateway's explorer could not even load the schema.
 */
export function createGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const production = env.NODE_ENV === 'production';
  const trusted = trustedDocuments(env);
  return defineConfig({
    supergraph: './supergraph.graphql',
    logging: new Logger({ writers: [jsonLines] }),
    // Hive Gateway's default explorer, Laboratory, fetches its Monaco editor from a CDN at run time;
    // this GraphiQL (Yoga's, from npm) carries its editor and workers in the page: it works offline.
    renderGraphiQL,
    playgroundName: 'GraphiQL',
    graphiql: { title: 'posture-graph · Hive Gateway', defaultQuery: EXAMPLE_QUERY },
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
    // The front-end's own operations: by id (`documentId`, or Apollo Client's persisted-query
    // extension `extensions.persistedQuery.sha256Hash`); in production a document sent as text is refused.
    persistedDocuments: {
      allowArbitraryDocuments: !production,
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
}

/** Hive Gateway's configuration (`-c` names this file; it reads the `gatewayConfig` export). */
export const gatewayConfig = createGatewayConfig();
