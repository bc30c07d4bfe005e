// A GraphQL Code Generator document transform (codegen.yml, `documentTransforms`): adds
// `__typename` to every selection set of the generated documents, and so to their persisted text.
// A persisted document runs as its listed text, not as Apollo Client prints it, so without this
// the answers lack the `__typename` Apollo's cache needs to read fragments back (a `...on
// ComplianceLookup` spread would come back empty).
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

/** The transform, under the name codegen loads it by. */
export const transform = addTypenameSelectionDocumentTransform.transform;
