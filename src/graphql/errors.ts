import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ForbiddenError, isPostureError, UpstreamError, type Logger, type SecretRedactor } from '../common/index.js';
import { LIMIT_CODES, TOO_MANY_TOKENS } from './limits.js';

/** Options for {@link createErrorFormatter}. */
export interface ErrorFormatterOptions {
  redactor: SecretRedactor;
  logger: Logger;
}

/**
 * The one boundary where errors become GraphQL errors: our typed errors keep their stable code as
 * `extensions.code` (plus upstream and retry facts), anything unexpected is logged and masked,
 * and every message is scrubbed of secrets on the way out.
 */
export function createErrorFormatter({ redactor, logger }: ErrorFormatterOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isPostureError(original)) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original instanceof UpstreamError) {
        extensions.upstream = original.upstream;
        if (original.status !== undefined) extensions.upstreamStatus = original.status;
        if (original.retryAfterMs !== undefined) extensions.retryAfterSeconds = Math.ceil(original.retryAfterMs / 1000);
      } else if (original instanceof ForbiddenError) {
        extensions.requiredScopes = original.requiredScopes;
      } else if ('argument' in original && original.argument) {
        extensions.argument = original.argument;
      }
      return { message: redactor.redact(original.message), locations: formatted.locations, path: formatted.path, extensions };
    }
    const limitCode = TOO_MANY_TOKENS.test(formatted.message) ? LIMIT_CODES.tokens : formatted.extensions?.limitCode;
    if (typeof limitCode === 'string') {
      // A document limit (src/graphql/limits.ts): Apollo files it under GRAPHQL_VALIDATION_FAILED;
      // the client gets the limit's own code, as a router enforcing it would send.
      const { limitCode: _moved, stacktrace: _dropped, ...rest } = formatted.extensions ?? {};
      return redactor.redactDeep({ ...formatted, extensions: { ...rest, code: limitCode } });
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')) {
      // Parse, validation and argument-coercion errors: already safe and coded by graphql-js/Apollo.
      return redactor.redactDeep({ ...formatted, extensions: { ...formatted.extensions, stacktrace: undefined } });
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
