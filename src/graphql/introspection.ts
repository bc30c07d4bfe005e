import { GraphQLError, type ValidationRule } from 'graphql';

/** What a client asking for the schema is told when introspection is off: why, and both ways on. */
export const INTROSPECTION_OFF_MESSAGE =
  'Introspection is off on this server (NODE_ENV=production): generate from the committed schema/schema.graphql, or set GRAPHQL_INTROSPECTION=true to turn introspection on';

/**
 * Refuses `__schema` and `__type` (not `__typename`, which clients add to every selection).
 * Apollo Server's own rule says to pass `introspection: true` to a constructor the operator of
 * this service never sees; this one names the variable that does it.
 */
export const introspectionOff: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError(INTROSPECTION_OFF_MESSAGE, { nodes: node }));
    }
  },
});
