import { buildSubgraphSchema } from '@apollo/subgraph';
import { mapSchema, MapperKind, printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { hasScope, SCOPES } from '../auth/index.js';
import { ForbiddenError } from '../common/index.js';
import { ComplianceResolver } from '../compliance/index.js';
import { DeviceResolver } from '../device/index.js';
import type { InventoryDevice } from '../inventory/index.js';
import { PolicyQueryResolver } from '../policy/index.js';
import type { GraphQLContext } from './context.js';
import { applySchemaRules, FEDERATION_LINK } from './schema-rules.js';

/**
 * Builds the executable subgraph schema: type-graphql types and resolvers, wrapped by
 * `@apollo/subgraph` so a router can call `_service` and `_entities`. Entities are resolved
 * through the request's DataLoader, so a router's batch of N hostnames costs one inventory read.
 *
 * Every @ObjectType is declared `simpleResolvers: true`: its fields are plain data, read by
 * graphql-js's default resolver. Otherwise type-graphql wraps each field in a resolver that
 * allocates per value (a 1,000-row page resolves ~10,000 fields); @FieldResolvers are unaffected.
 */
export async function buildPostureSchema(): Promise<GraphQLSchema> {
  const schema = inDeclaredArgumentOrder(
    await buildSchema({
      resolvers: [PolicyQueryResolver, DeviceResolver, ComplianceResolver],
      validate: false,
      emitSchemaFile: false,
    }),
  );
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  resolvers.Device = {
    ...resolvers.Device,
    // The router asks for entities through `_entities`, which carries no directive of its own:
    // the Device type's scope is checked here, per entity.
    __resolveReference: async (reference: { hostname: string }, context: GraphQLContext): Promise<InventoryDevice | null> => {
      if (!hasScope(context.caller, SCOPES.postureRead)) {
        throw new ForbiddenError(`Device needs the scope ${SCOPES.postureRead}, which the token does not carry`, [SCOPES.postureRead]);
      }
      return context.loaders.deviceByHostname.load(reference.hostname);
    },
  };
  return buildSubgraphSchema({
    typeDefs: applySchemaRules(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers: resolvers as never,
  });
}

/**
 * type-graphql lists a field's arguments last-declared first; this puts them back in the order
 * the resolver declares them (`policyRuns(page, limit)`), as readers of the SDL expect.
 */
function inDeclaredArgumentOrder(schema: GraphQLSchema): GraphQLSchema {
  const params = getMetadataStorage().params.filter((param) => param.kind === 'arg');
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName) => {
      const names = Object.keys(field.args ?? {});
      if (names.length < 2) return field;
      const declared = params
        .filter((param) => param.methodName === fieldName && 'name' in param && names.includes(param.name))
        .sort((a, b) => a.index - b.index)
        .map((param) => ('name' in param ? param.name : ''));
      if (declared.length !== names.length) return field;
      return { ...field, args: Object.fromEntries(declared.map((name) => [name, field.args![name]!])) };
    },
  });
}
