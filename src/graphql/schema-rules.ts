import { type DirectiveNode, Kind, parse, type DocumentNode, visit } from 'graphql';

/**
 * Who may read what, and what it costs, in one table: applied to the SDL as Federation 2.9
 * directives, so a router (Apollo Router's authorization and demand control, Hive Gateway)
 * enforces the same rules this subgraph enforces itself (src/graphql/authorization.ts, cost.ts).
 *
 * - `@requiresScopes`: the contract's scopes ("Access"). Requiring a scope implies a token.
 * - `@cost` / `@listSize`: demand control. An object field costs 1, a scalar 0, a list multiplies
 *   what it holds by its size: the page's `limit` for runs and results, an assumed size for the
 *   report's lists. A free-form `compliance(identifier:)` lookup may spend one of OPSWAT's 10 calls
 *   a minute, so it weighs as much as a 250-row page.
 */
export const SCHEMA_RULES: { types: Record<string, readonly string[]>; fields: Record<string, readonly string[]> } = {
  types: {
    Device: ['@requiresScopes(scopes: [["posture:read"]])'],
  },
  fields: {
    'Query.policyRuns': [
      '@requiresScopes(scopes: [["posture:read"]])',
      '@listSize(slicingArguments: ["limit"], sizedFields: ["nodes"], requireOneSlicingArgument: false)',
    ],
    'Query.policyRunResults': [
      '@requiresScopes(scopes: [["posture:read"]])',
      '@listSize(slicingArguments: ["limit"], sizedFields: ["nodes"], requireOneSlicingArgument: false)',
    ],
    'Query.device': ['@requiresScopes(scopes: [["posture:read"]])'],
    // A page of `first` edges (default 50, at most 500), each a Device: priced like a results page.
    'Query.devices': [
      '@requiresScopes(scopes: [["posture:read"]])',
      '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)',
    ],
    // One pass over the index; its lists are short (a few states, OS families, policies).
    'Query.fleetSummary': ['@requiresScopes(scopes: [["posture:read"]])', '@cost(weight: 5)'],
    'Query.compliance': ['@requiresScopes(scopes: [["compliance:lookup"]])', '@cost(weight: 1000)'],
    // Subscriptions read what the queries of the same data read; an event spends no upstream call.
    'Subscription.deviceChanged': ['@requiresScopes(scopes: [["posture:read"]])'],
    'Subscription.fleetSummaryChanged': ['@requiresScopes(scopes: [["posture:read"]])', '@cost(weight: 5)'],
    'ComplianceReport.issues': ['@listSize(assumedSize: 5)'],
    'ComplianceReport.infections': ['@listSize(assumedSize: 5)'],
    'Infection.threats': ['@listSize(assumedSize: 5)'],
  },
};

/** The Federation imports the rules (and `@key`) need. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@requiresScopes", "@cost", "@listSize"])';

/** Adds the directives of {@link SCHEMA_RULES} to an SDL document; fails loudly on a rule that names nothing. */
export function applySchemaRules(sdl: string): DocumentNode {
  const unused = new Set([...Object.keys(SCHEMA_RULES.types), ...Object.keys(SCHEMA_RULES.fields)]);
  const directives = (key: string, rules: Record<string, readonly string[]>): DirectiveNode[] => {
    const list = rules[key];
    if (!list) return [];
    unused.delete(key);
    return list.map(parseDirective);
  };
  const document = visit(parse(sdl), {
    ObjectTypeDefinition(node) {
      const type = node.name.value;
      return {
        ...node,
        directives: [...(node.directives ?? []), ...directives(type, SCHEMA_RULES.types)],
        fields: node.fields?.map((field) => ({
          ...field,
          directives: [...(field.directives ?? []), ...directives(`${type}.${field.name.value}`, SCHEMA_RULES.fields)],
        })),
      };
    },
  });
  if (unused.size > 0) throw new Error(`SCHEMA_RULES names types or fields the schema does not have: ${[...unused].join(', ')}`);
  return document;
}

function parseDirective(source: string): DirectiveNode {
  const definition = parse(`scalar X ${source}`).definitions[0];
  const directive = definition?.kind === Kind.SCALAR_TYPE_DEFINITION ? definition.directives?.[0] : undefined;
  if (!directive) throw new Error(`not a directive: ${source}`);
  return directive;
}

/** Directives only a router that enforces authorization understands (`for: SECURITY` features). */
const SECURITY_DIRECTIVES = new Set(['requiresScopes', 'authenticated', 'policy']);

/**
 * The subgraph SDL without its security directives, for composing a supergraph that
 * `@apollo/gateway` will load: it refuses any supergraph with `for: SECURITY` features, since it
 * cannot enforce them. Nothing is lost behind it: this subgraph enforces the same scopes itself.
 */
export function withoutSecurityDirectives(sdl: DocumentNode): DocumentNode {
  return visit(sdl, {
    Directive(node) {
      return SECURITY_DIRECTIVES.has(node.name.value) ? null : undefined;
    },
    Argument(node, _key, parent) {
      // Drop the imports of those directives from `@link(import: [...])`.
      if (
        node.name.value !== 'import' ||
        node.value.kind !== Kind.LIST ||
        (parent as { name?: { value?: string } } | undefined)?.name?.value !== 'link'
      )
        return undefined;
      const values = node.value.values.filter(
        (value) => !(value.kind === Kind.STRING && SECURITY_DIRECTIVES.has(value.value.replace(/^@/, ''))),
      );
      return { ...node, value: { ...node.value, values } };
    },
  });
}
