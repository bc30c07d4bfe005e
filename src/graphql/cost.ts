import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  GraphQLList,
  type GraphQLNamedType,
  type GraphQLSchema,
  isAbstractType,
  isObjectType,
  isScalarType,
  isEnumType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** The list size assumed for a list field the schema gives no `@listSize` for. */
const DEFAULT_LIST_SIZE = 10;

/** What the estimate needs besides the operation. */
export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * The operation's estimated cost under the schema's `@cost` / `@listSize` directives, the way
 * Apollo Router's demand control estimates it: an object (or interface, union) field costs 1, a
 * scalar or enum 0, unless `@cost(weight:)` says otherwise; a list multiplies what each element
 * selects by its size: a slicing argument's value (`limit`), else `@listSize(assumedSize:)`, else
 * 10. `_entities` is sized by its representations. Fragments count for each type they apply to,
 * an abstract type's selections by the most expensive member.
 */
export function estimateCost({ schema, operation, fragments, variables }: CostInput): number {
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  // A variable the request leaves out takes its declared default, exactly as execution will.
  const values: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (values[name] === undefined && definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  const args = (nodes: readonly ArgumentNode[] | undefined): Record<string, unknown> =>
    Object.fromEntries(
      (nodes ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, values)]).filter(([, value]) => value !== undefined),
    );

  const selectionCost = (set: SelectionSetNode, type: GraphQLNamedType, sizedBy: Map<string, number>, seen: Set<string>): number => {
    if (isAbstractType(type)) {
      return Math.max(0, ...schema.getPossibleTypes(type).map((member) => selectionCost(set, member, sizedBy, seen)));
    }
    if (!isObjectType(type)) return 0;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type.getFields()[selection.name.value];
        if (field) total += fieldCost(selection, field, sizedBy.get(selection.name.value), seen);
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
      const condition: GraphQLNamedType | null | undefined = fragment.typeCondition
        ? schema.getType(fragment.typeCondition.name.value)
        : type;
      if (!condition || (condition !== type && !(isAbstractType(condition) && schema.isSubType(condition, type)))) continue;
      const inner = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
      total += selectionCost(fragment.selectionSet, type, sizedBy, inner);
    }
    return total;
  };

  const fieldCost = (
    node: FieldNode,
    field: GraphQLField<unknown, unknown>,
    sizeFromParent: number | undefined,
    seen: Set<string>,
  ): number => {
    const named = getNamedType(field.type);
    const directives = field.astNode?.directives ?? [];
    const cost = directives.find((d) => d.name.value === 'cost');
    const listSize = directives.find((d) => d.name.value === 'listSize');
    const listArgs = args(listSize?.arguments);
    const fieldValues = { ...defaults(field), ...args(node.arguments) };
    const weight = cost ? Number(args(cost.arguments).weight ?? 0) : isScalarType(named) || isEnumType(named) ? 0 : 1;
    // A size is never negative: a negative `limit` (refused later by the resolver, or never run under
    // @skip) must not offset what the rest of the document costs.
    const slicing = Array.isArray(listArgs.slicingArguments)
      ? listArgs.slicingArguments
          .map((name) => Number(fieldValues[String(name)]))
          .filter(Number.isFinite)
          .map((size) => Math.max(0, size))
      : [];
    const size =
      node.name.value === '_entities' && Array.isArray(fieldValues.representations)
        ? fieldValues.representations.length
        : slicing.length > 0
          ? Math.max(...slicing)
          : typeof listArgs.assumedSize === 'number'
            ? listArgs.assumedSize
            : DEFAULT_LIST_SIZE;
    // @listSize(sizedFields:) sizes a child list (a page's `nodes`) rather than this field.
    const sized = new Map<string, number>();
    if (Array.isArray(listArgs.sizedFields)) for (const child of listArgs.sizedFields) sized.set(String(child), size);
    const isList = getNullableType(field.type) instanceof GraphQLList;
    const multiplier = sizeFromParent ?? (isList && sized.size === 0 ? size : 1);
    const inner = node.selectionSet ? selectionCost(node.selectionSet, named, sized, seen) : 0;
    return multiplier * (weight + inner);
  };

  return operation.selectionSet ? selectionCost(operation.selectionSet, root, new Map(), new Set()) : 0;
}

// A client sends the same operation with the same sizes over and over (a page of 25, a batch of
// 100 representations): the estimate is kept per parsed operation and per variables' key.
const costs = new WeakMap<OperationDefinitionNode, Map<string, number>>();
/** Distinct variable keys remembered per operation; past it the memo starts again. */
const COSTS_PER_OPERATION = 32;
/** Longest variables key worth remembering; longer ones are estimated each time. */
const MAX_COST_KEY = 512;

/** {@link estimateCost}, remembered per parsed operation and per the variables it depends on. */
export function estimateCostOnce(input: CostInput): number {
  const key = costKey(input.variables);
  if (key === null) return estimateCost(input);
  let known = costs.get(input.operation);
  const cached = known?.get(key);
  if (cached !== undefined) return cached;
  const cost = estimateCost(input);
  if (!known || known.size >= COSTS_PER_OPERATION) {
    known = new Map();
    costs.set(input.operation, known);
  }
  known.set(key, cost);
  return cost;
}

/**
 * The part of the variables an estimate depends on. A list of objects (`_entities`'
 * representations) counts only by its length: no object is ever a size. Everything else by value.
 */
function costKey(variables: Record<string, unknown>): string | null {
  let key = '';
  for (const name in variables) {
    const value = variables[name];
    const part =
      Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))
        ? `#${value.length}`
        : JSON.stringify(value);
    key += `${name}=${part};`;
    if (key.length > MAX_COST_KEY) return null;
  }
  return key;
}

function defaults(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  return Object.fromEntries(field.args.filter((arg) => arg.defaultValue !== undefined).map((arg) => [arg.name, arg.defaultValue]));
}

/** The fragments and root fields of one operation: what both the limits and the scope checks read. */
export interface OperationShape {
  fragments: Record<string, FragmentDefinitionNode>;
  /** The root fields the operation selects, through fragments, with their response keys. */
  rootFields: FieldNode[];
}

// Apollo caches a parsed document and hands the same nodes to every request that sends it, so the
// shape is worked out once per operation, not once per request and plugin.
const shapes = new WeakMap<OperationDefinitionNode, OperationShape>();

/** The {@link OperationShape} of `operation` in `document`, computed once per parsed operation. */
export function operationShape(document: DocumentNode, operation: OperationDefinitionNode): OperationShape {
  let shape = shapes.get(operation);
  if (!shape) {
    const fragments = Object.fromEntries(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
      ),
    );
    shape = { fragments, rootFields: rootFieldsOf(operation, fragments) };
    shapes.set(operation, shape);
  }
  return shape;
}

function rootFieldsOf(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  const found: FieldNode[] = [];
  const walk = (set: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) found.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments[selection.name.value];
        if (fragment) walk(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  walk(operation.selectionSet, new Set());
  return found;
}
