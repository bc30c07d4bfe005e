import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import type { RequestScope } from '../common/index.js';

/** What {@link graphqlHandler} needs. */
export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  /** Builds a request's context; `signal` aborts when every client waiting for the answer has gone. */
  context: (res: Response, signal: AbortSignal) => TContext;
  /** Whether identical requests share one execution now: only while operations wait for room. */
  shareIdentical: () => boolean;
  /** Who a request's answer is for (caller, scopes): answers are shared only within one. */
  audience: (res: Response) => string;
  /**
   * Counts a request that waits for another's answer against the admission queue's memory bound;
   * null when it does not fit (it then goes through admission on its own, which refuses it).
   */
  hold: (res: Response) => (() => void) | null;
}

/** An answer, serialized once, as every request sharing it is sent it. */
interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** The leader's scope: operation name and error codes for every sharer's log line. */
  scope: RequestScope | undefined;
}

interface Execution {
  answer: Promise<Answer>;
  /** Clients still waiting for it; the execution is aborted when none is left. */
  clients: number;
  controller: AbortController;
}

/**
 * Apollo Server at an Express route, as `@as-integrations/express5`'s `expressMiddleware` does it,
 * with two differences. The URL's query string is cut out by hand: `url.parse`, which that
 * middleware calls on every request, captures a stack trace each time to decide on a deprecation
 * warning (bench/README.md). And while operations wait for room to execute (the admission queue
 * is in use), a POST identical to one already waiting or executing — same body, same `Accept`,
 * same audience — waits for that one's answer instead of queueing an execution of its own, and is
 * sent the same bytes: a burst of one dashboard's query costs one execution, not one per client.
 * Outside bursts every request executes on its own, so nothing is shared in the steady state.
 */
export function graphqlHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: GraphQLHandlerOptions<TContext>,
): RequestHandler {
  apollo.assertStarted('graphqlHandler()');
  const executions = new Map<string, Execution>();

  const execute = async (req: Parameters<RequestHandler>[0], res: Response, signal: AbortSignal): Promise<HTTPGraphQLResponse> => {
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: query === -1 ? '' : req.url.slice(query),
      body: req.body,
    };
    return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => options.context(res, signal) });
  };

  return async (req, res, next) => {
    try {
      if (!('body' in req)) throw new Error('graphqlHandler needs a JSON body parser before it');
      const key = req.method === 'POST' && options.shareIdentical() ? keyOf(req.headers.accept, options.audience(res), req.body) : null;
      const shared = key === null ? undefined : executions.get(key);
      if (key === null || (shared === undefined && !sharable(req.headers.accept))) {
        const controller = new AbortController();
        whenGone(res, () => controller.abort(new Error('the client disconnected')));
        await send(res, await execute(req, res, controller.signal));
        return;
      }
      if (shared) {
        const release = options.hold(res);
        if (release) {
          shared.clients += 1;
          whenGone(res, () => leave(shared));
          try {
            sendAnswer(res, await shared.answer);
          } finally {
            release();
          }
          return;
        }
      }
      // The first of a burst: its execution is the one the identical requests after it share.
      const execution: Execution = { answer: undefined as never, clients: 1, controller: new AbortController() };
      execution.answer = execute(req, res, execution.controller.signal)
        .then((response) => toAnswer(response, scopeOf(res)))
        .finally(() => {
          if (executions.get(key) === execution) executions.delete(key);
        });
      if (!shared) executions.set(key, execution);
      whenGone(res, () => leave(execution));
      sendAnswer(res, await execution.answer);
    } catch (error) {
      next(error);
    }
  };
}

/** A client of a shared execution has gone; the execution stops only when the last has. */
function leave(execution: Execution): void {
  execution.clients -= 1;
  if (execution.clients === 0) execution.controller.abort(new Error('every client waiting for the answer disconnected'));
}

/** Calls `gone` when the client disconnects before its response is written. */
function whenGone(res: Response, gone: () => void): void {
  res.once('close', () => {
    if (!res.writableFinished) gone();
  });
}

/** Incremental delivery (`@defer`, multipart) streams per client, and is never shared. */
function sharable(accept: string | undefined): boolean {
  return accept === undefined || !accept.includes('multipart');
}

function keyOf(accept: string | undefined, audience: string, body: unknown): string | null {
  if (!sharable(accept)) return null;
  return `${audience}\u0000${accept ?? ''}\u0000${JSON.stringify(body)}`;
}

function scopeOf(res: Response): RequestScope | undefined {
  return (res.locals as { requestScope?: RequestScope }).requestScope;
}

async function toAnswer(response: HTTPGraphQLResponse, scope: RequestScope | undefined): Promise<Answer> {
  let body: Buffer;
  if (response.body.kind === 'complete') body = Buffer.from(response.body.string);
  else {
    const chunks: string[] = [];
    for await (const chunk of response.body.asyncIterator) chunks.push(chunk);
    body = Buffer.from(chunks.join(''));
  }
  return { status: response.status ?? 200, headers: [...response.headers], body, scope };
}

/** Writes a shared answer, and gives this request's log line the operation and codes it answered with. */
function sendAnswer(res: Response, answer: Answer): void {
  const scope = scopeOf(res);
  if (scope && answer.scope && scope !== answer.scope) {
    scope.operationName = answer.scope.operationName;
    scope.errorCodes = answer.scope.errorCodes;
  }
  if (res.destroyed) return;
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status;
  res.setHeader('content-length', answer.body.length);
  res.end(answer.body);
}

async function send(res: Response, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) {
    res.write(chunk);
    (res as Response & { flush?: () => void }).flush?.();
  }
  res.end();
}
