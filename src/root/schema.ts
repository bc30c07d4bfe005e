import { buildSubgraphSchema } from '@apollo/subgraph';
import { mapSchema, MapperKind, printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { ComplianceResolver } from '../compliance/index.js';
import { DeviceResolver, resolveDeviceCompliance, resolveDeviceEntities } from '../device/index.js';
import { DeviceMatchResolver, FleetResolver } from '../fleet/index.js';
import { LiveResolver } from '../live/index.js';
import { PolicyQueryResolver } from '../policy/index.js';
import type { GraphQLContext } from './context.js';
import { applySchemaRules, FEDERATION_LINK } from '../graphql/index.js';

/**
 * Builds the executable subgraph schema: type-graphql types and resolvers, wrapped by
 * `@apollo/subgraph` so a router can call `_service` and `_entities`. `_entities` is this
 * subgraph's own: a router's batch of N hostnames is resolved in one pass (one inventory read, one
 * compliance batch), where @apollo/subgraph's would call a reference resolver and await once per
 * entity, and define `__typename` on the shared inventory objects.
 *
 * Every @ObjectType is declared `simpleResolvers: true`: its fields are plain data, read by
 * graphql-js's default resolver. Otherwise type-graphql wraps each field in a resolver that
 * allocates per value (a 1,000-row page resolves ~10,000 fields); @FieldResolvers are unaffected.
 */
export async function buildPostureSchema(): Promise<GraphQLSchema> {
  const schema = inDeclaredArgumentOrder(
    await buildSchema({
      resolvers: [PolicyQueryResolver, DeviceResolver, ComplianceResolver, FleetResolver, DeviceMatchResolver, LiveResolver],
      validate: false,
      emitSchemaFile: false,
      pubSub: NO_TOPICS,
    }),
  );
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  resolvers.Query = {
    ...resolvers.Query,
    _entities: (_root: unknown, { representations }: { representations: unknown[] }, context: GraphQLContext, info: GraphQLResolveInfo) =>
      resolveDeviceEntities(representations, context, info),
  };
  // Without type-graphql's per-call wrapper (parameter decorators, middleware chain): a page or an
  // entity batch resolves this field once per device. Only while nothing is declared on the field
  // that the wrapper enforces (@Authorized, @UseMiddleware): a check must never be bypassed.
  if (declaresNoChecks(DeviceResolver, 'compliance')) {
    resolvers.Device = {
      ...resolvers.Device,
      compliance: (
        device: Parameters<typeof resolveDeviceCompliance>[0],
        _args: unknown,
        context: GraphQLContext,
        info: GraphQLResolveInfo,
      ) => resolveDeviceCompliance(device, context, info),
    };
  }
  return buildSubgraphSchema({
    typeDefs: applySchemaRules(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers: resolvers as never,
  });
}

/**
 * type-graphql wants a PubSub for its topic-based subscriptions; every subscription here brings its
 * own `subscribe` (src/live, fed by the fleet index and the shared store), so none is ever used.
 */
const NO_TOPICS = {
  publish: () => {
    throw new Error('subscriptions here declare their own subscribe; there are no topics to publish to');
  },
  subscribe: () => {
    throw new Error('subscriptions here declare their own subscribe; there are no topics to subscribe to');
  },
};

/** Whether type-graphql's wrapper of a resolver class's field enforces nothing: no auth check, no middleware. */
export function declaresNoChecks(resolverClass: abstract new (...args: never[]) => unknown, fieldName: string): boolean {
  const storage = getMetadataStorage();
  const onField = [...storage.authorizedFields, ...storage.middlewares].some(
    (meta) => meta.target === resolverClass && meta.fieldName === fieldName,
  );
  const onClass = [...storage.authorizedResolver, ...storage.resolverMiddlewares].some((meta) => meta.target === resolverClass);
  return !onField && !onClass;
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
