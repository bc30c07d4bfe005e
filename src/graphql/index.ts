// The GraphQL layer's shared pieces. The schema builder (schema.ts) is deliberately not exported
// here: it imports every feature folder's resolvers, and those import this index, so exporting it
// would make a cycle in which type-graphql's decorators read classes not yet defined.
// Scalars first: feature folders' type classes read DateTimeScalar while this index may still be
// loading (context.ts imports those folders), and ESM evaluates these exports in order.
export { DateTimeScalar } from './scalars.js';
export { createContext, type GraphQLContext, type Loaders, type Services } from './context.js';
export { createErrorFormatter, type ErrorFormatterOptions } from './errors.js';
export { SoftErrors, softErrorsPlugin } from './soft-errors.js';
export { selects } from './selection.js';
export { PageInfo, toPageInfo } from './page-info.type.js';
export { introspectionOff, INTROSPECTION_OFF_MESSAGE } from './introspection.js';
export { TrustedDocuments, type DocumentRequest, type TrustedDocumentDecision } from './trusted-documents.js';
export { authorizationPlugin } from './authorization.js';
export { documentLimits, LIMIT_CODES } from './limits.js';
export { type VariableLimits, variablesProblem } from './variable-limits.js';
export { withoutSecurityDirectives } from './schema-rules.js';
