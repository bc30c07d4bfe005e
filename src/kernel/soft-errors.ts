import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { ErrorCode } from '../common/index.js';

/**
 * Errors that belong in the response without nulling any data: a FAILED compliance lookup is
 * an expected state (the field answers), yet the client must still see the upstream's code.
 * Identical errors are reported once, with how many fields they affected.
 */
export class SoftErrors {
  private readonly byKey = new Map<string, GraphQLFormattedError & { extensions: Record<string, unknown> }>();

  /** Records an error at the resolver's path. */
  report(code: ErrorCode, message: string, info: Pick<GraphQLResolveInfo, 'path'>, extensions: Record<string, unknown> = {}): void {
    const key = `${code}\u0000${message}`;
    const existing = this.byKey.get(key);
    if (existing) {
      existing.extensions.count = Number(existing.extensions.count) + 1;
      return;
    }
    this.byKey.set(key, { message, path: responsePathAsArray(info.path), extensions: { code, ...extensions, count: 1 } });
  }

  /** Everything recorded, in order. */
  list(): GraphQLFormattedError[] {
    return [...this.byKey.values()];
  }
}

/** Appends each request's soft errors to its response. */
export function softErrorsPlugin<T extends { softErrors: SoftErrors }>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const extra = contextValue.softErrors.list();
          if (extra.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...extra];
        },
      };
    },
  };
}
