import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  getNamedType,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DirectiveNode,
  type GraphQLFormattedError,
} from 'graphql';
import type { Caller } from '../auth/index.js';
import { operationShape } from './cost.js';

/** What a schema element requires: any one of these scope sets, each in full (`@requiresScopes`). */
type ScopeRequirement = readonly (readonly string[])[];

/** The `@requiresScopes` requirements of a root field (of Query, or of Subscription): its own and its return type's, all to be met. */
export function requirementsOf(schema: GraphQLSchema, fieldName: string, root: 'query' | 'subscription' = 'query'): ScopeRequirement[] {
  let bySchema = requirements.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    requirements.set(schema, bySchema);
  }
  const key = `${root}.${fieldName}`;
  let found = bySchema.get(key);
  if (!found) {
    const field = (root === 'query' ? schema.getQueryType() : schema.getSubscriptionType())?.getFields()[fieldName];
    const type = field && getNamedType(field.type);
    found = field ? [...(field.astNode?.directives ?? []), ...(type?.astNode?.directives ?? [])].flatMap(scopesOf) : [];
    bySchema.set(key, found);
  }
  return found;
}

// The schema does not change while it serves: each root field's directives are read once, not per request.
const requirements = new WeakMap<GraphQLSchema, Map<string, ScopeRequirement[]>>();

function scopesOf(directive: DirectiveNode): ScopeRequirement[] {
  if (directive.name.value !== 'requiresScopes') return [];
  const value = valueFromASTUntyped(
    directive.arguments?.find((arg) => arg.name.value === 'scopes')?.value ?? { kind: Kind.LIST, values: [] },
  );
  return Array.isArray(value) ? [value.map((set) => (Array.isArray(set) ? set.map(String) : []))] : [];
}

/** Whether the caller meets every requirement (each: one of its scope sets held in full). */
export function satisfies(caller: Caller, requirements: readonly ScopeRequirement[]): boolean {
  return requirements.every((anyOf) => anyOf.some((allOf) => allOf.every((scope) => caller.scopes.has(scope))));
}

/** The errors of the root fields a request was not allowed, added to its response. */
const refused = new WeakMap<object, Array<{ key: string; field: string; scopes: string[] }>>();

/** Options of {@link authorizationPlugin}. */
export interface AuthorizationOptions {
  /**
   * The scope `_service { sdl }` needs (AUTH_SDL_SCOPE), or null to serve it to every caller. The
   * SDL is the whole schema, so while introspection is off it goes only to whoever composes the
   * supergraph (a router, a CI job), not to every token that reaches the graph.
   */
  sdlScope: string | null;
}

/**
 * Enforces the schema's `@requiresScopes` on root fields before execution (and the SDL's scope on
 * `_service`): a field the caller's scopes do not cover is taken out of the operation (so it runs
 * no resolver and spends nothing), answered `null` with a FORBIDDEN error at its path, and the
 * rest of the operation runs, as a router enforcing the same directives does. An operation with
 * nothing left is refused whole.
 */
export function authorizationPlugin<T extends { caller: Caller }>({ sdlScope }: AuthorizationOptions): ApolloServerPlugin<T> {
  const sdlRequirement: ScopeRequirement[] = sdlScope === null ? [] : [[[sdlScope]]];
  const requirementsOfField = (schema: GraphQLSchema, fieldName: string) =>
    fieldName === '_service' ? sdlRequirement : requirementsOf(schema, fieldName);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const { document, operation, schema, contextValue } = requestContext;
          if (operation?.operation !== 'query') return;
          const denied = new Set<string>();
          const fields = operationShape(document, operation).rootFields;
          for (const field of fields) {
            if (!satisfies(contextValue.caller, requirementsOfField(schema, field.name.value))) denied.add(field.name.value);
          }
          if (denied.size === 0) return;
          const list = fields
            .filter((field) => denied.has(field.name.value))
            .map((field) => ({
              key: field.alias?.value ?? field.name.value,
              field: field.name.value,
              scopes: requirementsOfField(schema, field.name.value).flatMap((anyOf) => anyOf.flat()),
            }));
          if (fields.every((field) => denied.has(field.name.value) || field.name.value === '__typename')) {
            // Nothing ran and there is no data: a refusal of the request, answered 403 as the
            // missing token is 401 and a broken limit 400. A partial refusal stays 200 with data.
            const whole = forbidden(list[0]!.field, list[0]!.scopes, [list[0]!.key]);
            whole.extensions.http = { status: 403 };
            throw whole;
          }
          const filtered = withoutRootFields(document, schema, denied);
          // Apollo executes `requestContext.document`; the plugin API types it read-only.
          Object.assign(requestContext, {
            document: filtered,
            operation: getOperationAST(filtered, requestContext.operationName) ?? operation,
          });
          refused.set(contextValue, list);
        },
        async willSendResponse({ response, contextValue }) {
          const list = refused.get(contextValue);
          if (!list || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const data = (result.data ?? {}) as Record<string, unknown>;
          const errors: GraphQLFormattedError[] = list.map(({ key, field, scopes }) => {
            data[key] = null;
            const error = forbidden(field, scopes, [key]);
            return { message: error.message, path: [key], extensions: { code: 'FORBIDDEN', requiredScopes: scopes } };
          });
          result.data = data;
          result.errors = [...(result.errors ?? []), ...errors];
        },
      };
    },
  };
}

/** A FORBIDDEN refusal of a root field, naming the scopes it needs. */
export function forbidden(field: string, scopes: string[], path: string[]): GraphQLError {
  return new GraphQLError(`${field} needs the scope ${scopes.join(' or ')}, which the token does not carry`, {
    path,
    extensions: { code: 'FORBIDDEN', requiredScopes: scopes },
  });
}

/** The document without the named root fields, wherever they sit (operation, inline or named fragments on Query). */
function withoutRootFields(document: DocumentNode, schema: GraphQLSchema, names: ReadonlySet<string>): DocumentNode {
  const query = schema.getQueryType();
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        return typeInfo.getParentType() === query && names.has(node.name.value) ? null : undefined;
      },
    }),
  );
}
