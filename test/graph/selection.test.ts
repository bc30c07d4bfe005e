import { describe, expect, it } from '@jest/globals';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selects } from '../../src/kernel/selection.js';

function infoFor(source: string) {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const root = operation.selectionSet.selections[0]!;
  return { fieldNodes: [root] as never, fragments };
}

describe('selects', () => {
  it.each([
    ['{ page { nodes { device { hostname } } } }', true],
    ['{ page { nodes { resultStatus } } }', false],
    ['{ page { nodes { ... on R { device { hostname } } } } }', true],
    ['{ page { ...Rows } } fragment Rows on P { nodes { ...Dev } } fragment Dev on R { device { hostname } }', true],
    ['{ page { pageInfo { page } } }', false],
  ])('%s → %s', (source, expected) => {
    expect(selects(infoFor(source), ['nodes', 'device'])).toBe(expected);
  });
});
