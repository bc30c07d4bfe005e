import {
  type DocumentNode,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import type { Caller } from '../auth/index.js';
import type { DocumentLimits } from '../config/index.js';
import { forbidden, requirementsOf, satisfies } from './authorization.js';
import { estimateCostOnce, operationShape } from './cost.js';
import { introspectionOff } from './introspection.js';
import { documentRules, LIMIT_CODES, limitError, TOO_MANY_TOKENS } from './limits.js';
import type { DocumentRequest, TrustedDocuments } from './trusted-documents.js';
import { variablesProblem } from './variable-limits.js';

/** A subscription request as either transport receives it. */
export interface SubscriptionRequest extends DocumentRequest {
  variables?: unknown;
  operationName?: unknown;
}

/** Whether a subscription may start: its parsed document, or the errors (and HTTP status) refusing it. */
export type GateDecision =
  | { kind: 'admitted'; document: DocumentNode; operationName: string | undefined; variables: Record<string, unknown> | undefined }
  | { kind: 'refused'; status: 400 | 403; errors: GraphQLError[] };

/** Options of {@link SubscriptionGate}. */
export interface SubscriptionGateOptions {
  schema: GraphQLSchema;
  limits: DocumentLimits;
  /** Introspection allowed (development, or GRAPHQL_INTROSPECTION=true). */
  introspection: boolean;
  /** TRUSTED_DOCUMENTS, when set: only its documents start. */
  trustedDocuments?: TrustedDocuments;
}

/**
 * The checks a query passes before it runs (src/graphql: limits, cost, scopes, trusted documents,
 * variables), for a subscription that arrives over graphql-ws or graphql-sse instead of Apollo:
 * the same rules with the same codes, decided before anything is registered. Scopes are checked
 * per subscription, whole: a subscription's one root field is either allowed or refused.
 */
export class SubscriptionGate {
  readonly #options: SubscriptionGateOptions;
  readonly #rules: readonly ValidationRule[];
  readonly #maxTokens: number;

  constructor(options: SubscriptionGateOptions) {
    this.#options = options;
    const rules = documentRules(options.limits);
    this.#rules = [...specifiedRules, ...rules.validationRules, ...(options.introspection ? [] : [introspectionOff])];
    this.#maxTokens = rules.parseOptions.maxTokens;
  }

  /** Decides one request of `caller`. */
  check(caller: Caller, request: SubscriptionRequest): GateDecision {
    const { schema, limits } = this.#options;
    const problem = variablesProblem(request.variables, { maxDepth: limits.maxVariableDepth, maxValues: limits.maxVariableValues });
    if (problem !== null) return refused(400, new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT' } }));
    if (
      request.variables !== undefined &&
      request.variables !== null &&
      (typeof request.variables !== 'object' || Array.isArray(request.variables))
    ) {
      return refused(400, new GraphQLError('variables must be an object', { extensions: { code: 'BAD_USER_INPUT' } }));
    }
    let text = typeof request.query === 'string' ? request.query : '';
    if (this.#options.trustedDocuments) {
      const decision = this.#options.trustedDocuments.decide(request);
      if (decision.kind === 'refused') return refused(400, new GraphQLError(decision.message, { extensions: { code: decision.code } }));
      text = decision.query;
    }
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: this.#maxTokens });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return refused(
        400,
        TOO_MANY_TOKENS.test(message)
          ? withCode(limitError(message, LIMIT_CODES.tokens))
          : new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      );
    }
    const invalid = validate(schema, document, this.#rules);
    if (invalid.length > 0) return { kind: 'refused', status: 400, errors: invalid.map(withCode) };
    const operationName = typeof request.operationName === 'string' && request.operationName !== '' ? request.operationName : undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      return refused(400, new GraphQLError('Name the operation to run (operationName)', { extensions: { code: 'BAD_REQUEST' } }));
    }
    if (operation.operation !== 'subscription') {
      return refused(
        400,
        new GraphQLError(`This endpoint runs subscriptions only; send a ${operation.operation} to POST /graphql`, {
          extensions: { code: 'BAD_REQUEST' },
        }),
      );
    }
    const { fragments, rootFields } = operationShape(document, operation);
    for (const field of rootFields) {
      const requirements = requirementsOf(schema, field.name.value, 'subscription');
      if (!satisfies(caller, requirements)) {
        const scopes = [...new Set(requirements.flatMap((anyOf) => anyOf.flat()))];
        return refused(403, forbidden(field.name.value, scopes, [field.alias?.value ?? field.name.value]));
      }
    }
    const variables = (request.variables ?? undefined) as Record<string, unknown> | undefined;
    const cost = estimateCostOnce({ schema, operation, fragments, variables: variables ?? {} });
    if (cost > limits.maxCost) {
      return refused(
        400,
        withCode(limitError(`The document's estimated cost ${cost} exceeds the limit of ${limits.maxCost}`, LIMIT_CODES.cost)),
      );
    }
    return { kind: 'admitted', document, operationName, variables };
  }
}

function refused(status: 400 | 403, error: GraphQLError): GateDecision {
  return { kind: 'refused', status, errors: [error] };
}

/** A limit's error carries its code as `limitCode` for Apollo's formatter; here it is the code itself. */
function withCode(error: GraphQLError): GraphQLError {
  const { limitCode, http: _http, ...rest } = error.extensions as Record<string, unknown>;
  const code = typeof limitCode === 'string' ? limitCode : (rest.code ?? 'GRAPHQL_VALIDATION_FAILED');
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...rest, code } });
}

/**
 * Refuses a subscription sent to Apollo Server (POST or GET /graphql): it would execute once, as a
 * query, with no event to resolve. The message says where subscriptions are served.
 */
export const subscriptionsElsewhere: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError(
        'Subscriptions are served over graphql-ws (a WebSocket to /graphql) and graphql-sse (POST /graphql/stream, Accept: text/event-stream), not here',
        { nodes: node },
      ),
    );
  },
});
