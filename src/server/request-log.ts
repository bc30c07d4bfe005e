import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import {
  currentRequestScope,
  newRequestScope,
  OPERATOR_PATHS,
  redactUrl,
  requestSpan,
  requestIdFrom,
  runInRequestScope,
  startServerSpan,
  withTraceContext,
  type Logger,
  type RequestScope,
} from '../common/index.js';

type ScopedLocals = { requestScope?: RequestScope; traceContext?: ReturnType<typeof startServerSpan>['context'] };

/**
 * First middleware of every request: takes the caller's `x-request-id` (or makes one), echoes it
 * in the response, opens the request's span (continuing a gateway's `traceparent`) and runs the
 * rest of the request inside its scope, so every log line and upstream call is attributed to it.
 */
export function requestScope(): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const scope = newRequestScope(requestId);
    const locals = res.locals as ScopedLocals;
    locals.requestScope = scope;
    if (OPERATOR_PATHS.has(req.path)) {
      runInRequestScope(scope, next);
      return;
    }
    const { context, end } = startServerSpan(req.method, req.path, req.headers);
    locals.traceContext = context;
    res.once('close', () => end(res.statusCode));
    withTraceContext(context, () => runInRequestScope(scope, next));
  };
}

/**
 * Re-enters the request's scope. Body parsing resumes in the socket's async context, not the
 * request's, so this runs right before Apollo for the scope to reach resolvers and clients.
 */
export function resumeRequestScope(): RequestHandler {
  return (_req, res, next) => {
    const { requestScope: scope, traceContext } = res.locals as ScopedLocals;
    if (!scope) return next();
    const run = () => runInRequestScope(scope, next);
    if (traceContext) withTraceContext(traceContext, run);
    else run();
  };
}

// pino-http types responses as node's; express has added `locals` to them by the time it runs.
function localsOf(res: object): ScopedLocals {
  return ((res as Partial<Response>).locals ?? {}) as ScopedLocals;
}

/** The request's log line: status and duration, and for GraphQL the operation, upstream calls made for it, error codes. */
function lineFor(res: { statusCode: number }, durationMs: number | undefined): Record<string, unknown> {
  const line = { res: { statusCode: res.statusCode }, responseTime: durationMs };
  const scope = localsOf(res).requestScope;
  if (!scope) return line;
  if (scope.operationName === undefined) return { ...line, requestId: scope.requestId };
  return {
    ...line,
    requestId: scope.requestId,
    operation: scope.operationName,
    upstreamCalls: { ...scope.upstreamCalls },
    errorCodes: [...scope.errorCodes],
  };
}

/**
 * One line per request when it completes (pino-http): method, URL, status, duration and the
 * {@link summary}. Only method and URL of the request are logged, so no header (Authorization,
 * cookies) ever reaches a log line.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    // Our middleware already chose the id; pino-http keeps it on req.id.
    genReqId: (_req, res) => localsOf(res).requestScope?.requestId ?? requestIdFrom(undefined),
    autoLogging: { ignore: (req) => OPERATOR_PATHS.has(req.url?.split('?')[0] ?? '') },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: redactUrl(req.url ?? '') }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
    customLogLevel: (_req, res, error) => levelFor(res.statusCode, error),
    customSuccessMessage: (req, res) => {
      const operation = localsOf(res).requestScope?.operationName;
      return operation === undefined ? `${req.method} ${req.url?.split('?')[0]}` : `graphql ${operation}`;
    },
    // A new object, not pino-http's: its raw `res` would be walked whole by the log redactor.
    customSuccessObject: (_req, res, value: { responseTime?: number }) => lineFor(res, value.responseTime),
    customErrorObject: (_req, res, error, value: { responseTime?: number }) => ({ ...lineFor(res, value.responseTime), err: error }),
  }) as unknown as RequestHandler;
}

/**
 * A request's line is an error when we failed it (5xx), a warning when the client sent something
 * broken (4xx), and info when the access rules refused it (401, 403): a client without a token
 * or a scope is the rules doing their job, and must not page anyone.
 */
function levelFor(status: number, error: unknown): 'error' | 'warn' | 'info' {
  if (error || status >= 500) return 'error';
  if (status === 401 || status === 403) return 'info';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * Records the GraphQL side of a request in its scope (for the log line) and on its span:
 * operation name and type, and the `extensions.code` of every error sent.
 */
export function requestSummaryPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const scope = currentRequestScope();
      if (scope) scope.operationName = request.operationName ?? '(anonymous)';
      return {
        async didResolveOperation({ operationName, operation }) {
          const name = operationName ?? '(anonymous)';
          if (scope) scope.operationName = name;
          const type = operation?.operation ?? 'query';
          const span = requestSpan();
          span?.setAttributes({ 'graphql.operation.name': name, 'graphql.operation.type': type });
          span?.updateName(`${type} ${name}`);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          if (scope) scope.errorCodes = codes;
          if (codes.length > 0) requestSpan()?.setAttribute('graphql.error.codes', codes);
        },
      };
    },
  };
}
