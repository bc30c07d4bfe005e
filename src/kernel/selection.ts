import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` below the current field (through inline and named
 * fragments), so a resolver can skip work nobody asked for.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && selectsIn(node.selectionSet, path, info));
}

function selectsIn(set: SelectionSetNode, path: readonly string[], info: Pick<GraphQLResolveInfo, 'fragments'>): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  return set.selections.some((selection) => {
    if (selection.kind === 'Field') {
      if (selection.name.value !== head) return false;
      return rest.length === 0 || (selection.selectionSet !== undefined && selectsIn(selection.selectionSet, rest, info));
    }
    const fragment = selection.kind === 'InlineFragment' ? selection : info.fragments[selection.name.value];
    return fragment !== undefined && selectsIn(fragment.selectionSet, path, info);
  });
}
