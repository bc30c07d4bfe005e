import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLErrorExtensions, type ValidationContext, type ValidationRule } from 'graphql';
import type { DocumentLimits } from '../config/index.js';
import { CostAdmission } from './admission.js';
import { estimateCostOnce, operationShape } from './cost.js';

/** Root fields that each cost a policy-history call (a page) when not cached. */
const PAGE_FIELDS = new Set(['policyRuns', 'policyRunResults']);

/** The code each limit refuses with; the names Apollo Router uses for the same limits. */
export const LIMIT_CODES = {
  aliases: 'MAX_ALIASES_LIMIT',
  depth: 'MAX_DEPTH_LIMIT',
  directives: 'MAX_DIRECTIVES_LIMIT',
  tokens: 'MAX_TOKENS_LIMIT',
  cost: 'COST_ESTIMATED_TOO_EXPENSIVE',
  pages: 'MAX_PAGES_LIMIT',
  busy: 'SERVER_BUSY',
} as const;

/**
 * What a waiting request holds besides its body, estimated: its socket and buffers, Node's and
 * Express's request and response, Apollo's request context. The queue is bounded by the sum.
 */
export const WAITING_REQUEST_BYTES = 16 * 1024;

/**
 * Every limit a document must keep, checked before anything executes (so a refused document
 * costs no upstream call): aliases, depth, directives and tokens (graphql-armor), the estimated
 * cost under the schema's @cost / @listSize (demand control), and how many policy-history pages
 * one document may ask for. Field suggestions ("Did you mean …") are masked unless allowed. Then
 * admission: documents execute while the sum of their estimated costs stays within a budget
 * (src/graphql/admission.ts); the rest wait in order, in a queue bounded by the memory they hold,
 * at most GRAPHQL_ADMISSION_MAX_WAIT_MS, else answer SERVER_BUSY (HTTP 503) with Retry-After.
 */
export function documentLimits<T extends BaseContext & { signal?: AbortSignal }>(
  limits: DocumentLimits,
): {
  plugins: ApolloServerPlugin<T>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  admission: CostAdmission;
} {
  const armor = armorFor(limits);
  // graphql-armor is typed against @apollo/server's CommonJS build; the plugins are the same objects.
  const plugins = armor.plugins as unknown as ApolloServerPlugin<T>[];
  const admission = new CostAdmission({
    maxInflightCost: limits.maxInflightCost,
    maxQueueBytes: limits.admissionQueueBytes,
    maxWaitMs: limits.admissionMaxWaitMs,
  });
  return {
    admission,
    plugins: [...plugins, demandControl<T>(limits, admission)],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

/**
 * The checks of {@link documentLimits} that need no Apollo: the validation rules (aliases, depth,
 * directives, suggestions) and the parser's token limit, for documents that arrive another way
 * (subscriptions over graphql-ws and graphql-sse).
 */
export function documentRules(limits: DocumentLimits): { validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  return { validationRules: armorFor(limits).validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

function armorFor(limits: DocumentLimits) {
  const refuse = (code: string) => ({
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(error.message, code))],
  });
  return new ApolloArmor({
    maxAliases: { n: limits.maxAliases, ...refuse(LIMIT_CODES.aliases) },
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...refuse(LIMIT_CODES.depth) },
    maxDirectives: { n: limits.maxDirectives, ...refuse(LIMIT_CODES.directives) },
    // graphql-js counts tokens while parsing (Apollo's parseOptions, see documentLimits' caller):
    // armor's own check throws from a plugin hook, which Apollo answers with a 500.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !limits.fieldSuggestions },
  }).protect();
}

/** graphql-js's words when a document has more tokens than `parseOptions.maxTokens`. */
export const TOO_MANY_TOKENS = /^Syntax Error: Document contains more (?:than|that) \d+ tokens/;

/** A limit's refusal: a GraphQL error with a stable code, answered with HTTP 400. */
export function limitError(message: string, code: string): GraphQLError {
  return new GraphQLError(message.replace(/^Syntax Error: /, ''), { extensions: { code, limitCode: code, http: { status: 400 } } });
}

function demandControl<T extends BaseContext & { signal?: AbortSignal }>(
  limits: DocumentLimits,
  admission: CostAdmission,
): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async willSendResponse() {
          release?.();
        },
        async didResolveOperation({ document, operation, schema, request, contextValue }) {
          if (!operation) return;
          const { fragments, rootFields } = operationShape(document, operation);
          const pages = rootFields.filter((field) => PAGE_FIELDS.has(field.name.value)).length;
          if (pages > limits.maxPages) {
            throw limitError(
              `A document may ask for at most ${limits.maxPages} policy-history pages; this one asks for ${pages}`,
              LIMIT_CODES.pages,
            );
          }
          const cost = estimateCostOnce({ schema, operation, fragments, variables: request.variables ?? {} });
          if (cost > limits.maxCost) {
            throw limitError(
              `The document's estimated cost ${cost} exceeds the limit of ${limits.maxCost}: ask for smaller pages or fewer compliance(identifier:) lookups`,
              LIMIT_CODES.cost,
            );
          }
          const bodyBytes = Number(request.http?.headers.get('content-length') ?? 0) || 0;
          const admitted = await admission.admit({ cost, bytes: WAITING_REQUEST_BYTES + bodyBytes, signal: contextValue.signal });
          if (admitted.kind === 'gone') {
            // Nobody reads this answer; the code keeps the log line a warning, not an error.
            throw new GraphQLError('The client disconnected while the operation waited to run', {
              extensions: { code: 'CLIENT_DISCONNECTED', http: { status: 499 } },
            });
          }
          if (admitted.kind === 'busy') {
            // Apollo reads `http.headers` as a Map (graphql-yoga's typings, also installed, declare a record).
            const http = { status: 503, headers: new Map([['retry-after', String(admitted.retryAfterSeconds)]]) };
            throw new GraphQLError('The graph is busy with expensive operations; retry shortly', {
              extensions: {
                code: LIMIT_CODES.busy,
                limitCode: LIMIT_CODES.busy,
                retryAfterSeconds: admitted.retryAfterSeconds,
                http,
              } as unknown as GraphQLErrorExtensions,
            });
          }
          release = admitted.release;
        },
      };
    },
  };
}
