// `npm run persisted-query-manifest`: the trusted documents (the web app's and the federation
// demo's persisted-documents.json) as an Apollo persisted query manifest, for Apollo Router's
// `persisted_queries.local_manifests` (examples/federation/router.yaml) or GraphOS.
//
// Runs on Node's own TypeScript support, so it imports packages only (no sibling .ts files).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, type OperationDefinitionNode } from 'graphql';

/** One operation of Apollo's manifest. */
export interface ManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** The client preset's manifests (`sha256:<hex>` → text) as one Apollo manifest (id: the bare hex). */
export function apolloManifest(files: readonly (string | URL)[]): {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
} {
  const operations = files.flatMap((file) =>
    Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).map(([id, body]) => {
      const operation = parse(body).definitions.find(
        (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
      );
      if (!operation?.name) throw new Error(`${String(file)}: ${id} is not a named operation`);
      return { id: id.replace(/^sha256:/, ''), name: operation.name.value, type: operation.operation, body };
    }),
  );
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

if (import.meta.main) {
  const output = process.argv[2] ?? 'persisted-query-manifest.json';
  const manifest = apolloManifest([
    new URL('../web/src/gql/persisted-documents.json', import.meta.url),
    new URL('./persisted-documents.json', import.meta.url),
  ]);
  writeFileSync(output, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`wrote ${output} (${manifest.operations.length} operations)\n`);
}
