import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildPostureSchema } from './schema.js';

/** The SDL `schema/schema.graphql` must hold: what `_service { sdl }` answers a router. */
export async function printPostureSchema(): Promise<string> {
  return `${printSubgraphSchema(await buildPostureSchema()).trim()}\n`;
}

// `npm run schema`: rewrite the committed schema from the code.
if (process.argv[1]?.endsWith('emit-schema.js')) {
  const target = new URL('../../schema/schema.graphql', import.meta.url);
  await writeFile(target, await printPostureSchema());
  process.stdout.write(`wrote ${target.pathname}\n`);
}
