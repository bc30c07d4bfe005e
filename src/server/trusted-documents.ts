import type { RequestHandler } from 'express';
import type { TrustedDocuments } from '../graphql/index.js';

/** The response a refused request gets: a GraphQL error with the refusal's code, before any parsing or execution. */
function refuse(res: Parameters<RequestHandler>[1], code: string, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Lets only trusted documents through to Apollo Server (or, in `resolve` mode, resolves listed ids
 * and lets any document through). Runs after `express.json()`: each
 * operation in the body is decided, and an allowed one continues with the listed text as its
 * `query` and without its id, so Apollo's own persisted-query cache never answers for it.
 * Operations by GET are refused: a GET's document lives in the URL, which is not rewritten here.
 */
export function trustedDocumentsMiddleware(trusted: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET') {
      // Resolving ids only, a GET runs whatever it carries, as it would without a manifest.
      if (trusted.mode === 'resolve') return next();
      const asks = ['query', 'documentId', 'extensions'].some((name) => new URL(req.url, 'http://x').searchParams.has(name));
      if (asks) return refuse(res, 'PERSISTED_QUERY_NOT_LISTED', 'Trusted documents run by POST only (TRUSTED_DOCUMENTS is set)');
      return next();
    }
    if (req.method !== 'POST' || typeof req.body !== 'object' || req.body === null) return next();
    const operations: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    for (const operation of operations) {
      if (typeof operation !== 'object' || operation === null) continue;
      const body = operation as Record<string, unknown> & { extensions?: Record<string, unknown> | null };
      const decision = trusted.decide(body);
      if (decision.kind === 'refused') return refuse(res, decision.code, decision.message);
      body.query = decision.query;
      delete body.documentId;
      if (body.extensions && typeof body.extensions === 'object') delete body.extensions.persistedQuery;
    }
    next();
  };
}
