/** How deep and how large a request's variables may be (GRAPHQL_MAX_VARIABLE_DEPTH, GRAPHQL_MAX_VARIABLE_VALUES). */
export interface VariableLimits {
  /** Objects and arrays nested in one another below the variables map. */
  maxDepth: number;
  /** Values of every kind (objects and arrays included) below the variables map. */
  maxValues: number;
}

/**
 * Why `variables` break the limits, or null when they keep them. Everything after this walks
 * variables recursively (graphql-js coercing `_Any`, the cost estimate, Apollo's hooks), so a
 * 100,000-deep array would overflow the stack there; this walk keeps its own stack and stops at
 * the first value past a limit, so it costs at most `maxValues` steps whatever it is sent.
 */
export function variablesProblem(variables: unknown, limits: VariableLimits): string | null {
  if (typeof variables !== 'object' || variables === null) return null;
  const pending: Array<{ value: object; depth: number }> = [{ value: variables, depth: 0 }];
  let values = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) {
      values += 1;
      if (values > limits.maxValues) return `Variables may hold at most ${limits.maxValues} values (GRAPHQL_MAX_VARIABLE_VALUES)`;
      if (typeof child !== 'object' || child === null) continue;
      if (next.depth + 1 > limits.maxDepth) return `Variables may nest at most ${limits.maxDepth} levels deep (GRAPHQL_MAX_VARIABLE_DEPTH)`;
      pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return null;
}
