import type { NextFunction, Request, Response } from 'express';
import { type Logger, UnauthenticatedError } from '../common/index.js';
import { ANONYMOUS_CALLER, type Caller } from './caller.js';
import { KeysUnavailableError, type TokenVerifier } from './jwt.js';

/** A caller with no scope: what a request is, until proven otherwise. */
const NOBODY: Caller = Object.freeze({ kind: 'anonymous', clientId: 'unauthenticated', scopes: new Set<string>() });

/** The caller {@link authenticate} established for this request; fails closed (no scope) when it did not run. */
export function callerOf(res: Response): Caller {
  return (res.locals.caller as Caller | undefined) ?? NOBODY;
}

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  /** The Sandbox landing page is served (development): its HTML page needs no token. */
  landingPage: boolean;
  logger: Logger;
  /** Counts the requests answered 503 because the identity provider's keys could not be had. */
  unavailable: { inc(): void };
}

/** Seconds a client is told to wait when the keys could not be had: about one JWKS timeout. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Express middleware in front of `/graphql`: without a verifier every request is the anonymous
 * caller; with one, a request without a valid bearer token is answered 401 UNAUTHENTICATED here,
 * before GraphQL runs, so it reads nothing and spends nothing (`_service` and `_entities`
 * included). CORS preflights carry no credentials by design and pass, and so does the landing
 * page's HTML (a GET asking for HTML with no operation in it: nothing to execute).
 */
export function authenticate(verifier: TokenVerifier | null, { landingPage, logger, unavailable }: AuthenticateOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!verifier) {
      res.locals.caller = ANONYMOUS_CALLER;
      next();
      return;
    }
    if (req.method === 'OPTIONS' || (landingPage && isLandingPageRequest(req) && !req.headers.authorization)) {
      res.locals.caller = NOBODY;
      next();
      return;
    }
    try {
      res.locals.caller = await verifier.verify(req.headers.authorization);
      next();
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        res
          .status(401)
          .set('www-authenticate', 'Bearer error="invalid_token"')
          .json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      // Not a verdict on the token: the client may retry the same token shortly. The log line
      // names the JWKS and its answer, never the token (nor its error's stack: nothing to debug).
      unavailable.inc();
      if (error instanceof KeysUnavailableError) {
        logger.warn({ jwksUrl: error.jwksUrl, reason: error.reason }, 'identity provider keys unavailable: answered 503 AUTH_UNAVAILABLE');
      } else {
        logger.error({ err: error }, 'token verification failed on our side: answered 503 AUTH_UNAVAILABLE');
      }
      const message = error instanceof KeysUnavailableError ? error.message : 'The token could not be verified; retry shortly';
      res
        .status(503)
        .set('retry-after', String(RETRY_AFTER_SECONDS))
        .json({ errors: [{ message, extensions: { code: 'AUTH_UNAVAILABLE' } }] });
    }
  };
}

/**
 * The landing page's own request: a GET for HTML carrying no query string at all. Anything with
 * parameters may be an operation (GraphQL over GET), and must be authenticated: deciding from
 * Express's parsed `req.query` would not do, since it keeps only the first 1,000 keys while Apollo
 * reads them all.
 */
function isLandingPageRequest(req: Request): boolean {
  return req.method === 'GET' && !req.originalUrl.includes('?') && req.accepts(['json', 'html']) === 'html';
}
