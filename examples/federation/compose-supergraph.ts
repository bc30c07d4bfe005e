// `npm run supergraph`: composes supergraph.graphql offline with @apollo/composition (the library
// Rover's `supergraph compose` runs), from the posture graph's committed SDL and the sample
// ownership subgraph's. No plugin download, no running subgraph needed.
//
//   POSTURE_URL=http://localhost:4000/graphql OWNERSHIP_URL=http://localhost:4002/graphql \
//     npm run supergraph -- supergraph.graphql
//
// Runs on Node's own TypeScript support, so it imports packages only (no sibling .ts files).
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { type DocumentNode, parse } from 'graphql';

/** Where the router reaches each subgraph. */
export interface SubgraphUrls {
  posture: string;
  ownership: string;
}

/** The default routing URLs: `npm start` and `npm run ownership-subgraph` on this machine. */
export const LOCAL_URLS: SubgraphUrls = { posture: 'http://localhost:4000/graphql', ownership: 'http://localhost:4002/graphql' };

/**
 * The supergraph SDL of the posture graph (schema/schema.graphql) and the ownership subgraph.
 * `posture` may rewrite the posture SDL first: `@apollo/gateway` refuses supergraphs with security
 * directives (`@requiresScopes`), so its users compose without them (the subgraph enforces its
 * scopes itself; `withoutSecurityDirectives` in src/graphql).
 */
export function composeSupergraph(urls: SubgraphUrls = LOCAL_URLS, posture: (sdl: DocumentNode) => DocumentNode = (sdl) => sdl): string {
  const sdl = (path: string) => parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
  const result = composeServices([
    { name: 'posture', url: urls.posture, typeDefs: posture(sdl('../../schema/schema.graphql')) },
    { name: 'ownership', url: urls.ownership, typeDefs: sdl('./ownership.graphql') },
  ]);
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((error) => error.message).join('\n')}`);
  return result.supergraphSdl;
}

if (import.meta.main) {
  const output = process.argv[2] ?? 'supergraph.graphql';
  writeFileSync(
    output,
    composeSupergraph({
      posture: process.env.POSTURE_URL ?? LOCAL_URLS.posture,
      ownership: process.env.OWNERSHIP_URL ?? LOCAL_URLS.ownership,
    }),
  );
  process.stdout.write(`wrote ${output}\n`);
}
