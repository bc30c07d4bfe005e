import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { printPostureSchema } from '../../src/root/emit-schema.js';
import { buildPostureSchema } from '../../src/root/index.js';

/** The root operation types: their fields are the operations, each resolved by a real resolver. */
const ROOTS = new Set(['Query', 'Subscription']);

describe('schema/schema.graphql', () => {
  it('is exactly what the code generates (run `npm run schema` after changing a type)', async () => {
    const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(await printPostureSchema());
  });

  it('describes every type and field', async () => {
    const sdl = await printPostureSchema();
    const { buildASTSchema, parse, isObjectType, isInputObjectType, isEnumType } = await import('graphql');
    const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('_') || type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInputObjectType(type)) {
        // Root operation types are described by their fields.
        if (!ROOTS.has(type.name) && !type.description) undocumented.push(type.name);
        for (const field of Object.values(type.getFields()))
          if (!field.description && !field.name.startsWith('_')) undocumented.push(`${type.name}.${field.name}`);
      } else if (isEnumType(type) && !type.description) undocumented.push(type.name);
    }
    expect(undocumented).toEqual([]);
  });

  it("resolves plain data fields with graphql-js's default resolver: only real resolvers run per field", async () => {
    const { isObjectType } = await import('graphql');
    const schema = await buildPostureSchema();
    const wrapped: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_') || ROOTS.has(type.name)) continue;
      for (const field of Object.values(type.getFields()))
        if (field.resolve && !field.name.startsWith('_')) wrapped.push(`${type.name}.${field.name}`);
    }
    // A new @ObjectType needs `simpleResolvers: true` (see src/root/schema.ts); a @FieldResolver belongs here.
    expect(wrapped).toEqual(['Device.compliance', 'Device.match']);
  });
});
