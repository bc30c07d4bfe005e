// The GraphQL boundary the HTTP server mounts: error formatting, document limits, admission, scope
// checks, trusted documents. It knows no feature; the schema itself is built by the composition
// root (src/root).
export { createErrorFormatter, type ErrorFormatterOptions } from './errors.js';
export { introspectionOff, INTROSPECTION_OFF_MESSAGE } from './introspection.js';
export { TrustedDocuments, type DocumentRequest, type TrustedDocumentDecision } from './trusted-documents.js';
export { authorizationPlugin } from './authorization.js';
export { documentLimits, LIMIT_CODES, WAITING_REQUEST_BYTES } from './limits.js';
export { type VariableLimits, variablesProblem } from './variable-limits.js';
export { withoutSecurityDirectives, applySchemaRules, FEDERATION_LINK } from './schema-rules.js';
export {
  SubscriptionGate,
  subscriptionsElsewhere,
  type GateDecision,
  type SubscriptionGateOptions,
  type SubscriptionRequest,
} from './subscription-gate.js';
