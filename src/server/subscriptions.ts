import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { type ExecutionArgs, type ExecutionResult, GraphQLError, type GraphQLFormattedError, type GraphQLSchema, parse } from 'graphql';
import { createHandler as createSseHandler, type Response as SseResponse } from 'graphql-sse';
import { handleProtocols, makeServer } from 'graphql-ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { ANONYMOUS_CALLER, type Caller, callerOf, KeysUnavailableError, type TokenVerifier } from '../auth/index.js';
import { type Logger, type PostureError, UnauthenticatedError } from '../common/index.js';
import type { SubscriptionGate } from '../graphql/index.js';
import { SharedExecution } from './shared-execution.js';
import { type Release, type SubscriptionCaps, SubscriptionSlots } from './subscription-slots.js';

/** What {@link createSubscriptionServer} needs. */
export interface SubscriptionServerOptions<TContext> {
  server: http.Server;
  /** Where graphql-ws upgrades (the GraphQL path). */
  path: string;
  schema: GraphQLSchema;
  /** The checks a document passes before it runs, as for queries. */
  gate: SubscriptionGate;
  /** Verifies bearer tokens; null while authentication is off (every connection is the anonymous caller). */
  verifier: TokenVerifier | null;
  /** A subscription's context (the composition root's factory): made once, when it starts. */
  context: (caller: Caller) => TContext;
  caps: SubscriptionCaps;
  /** Bytes one connection may have waiting to be sent; past it the client counts as slow and is dropped. */
  maxBufferedBytes: number;
  /** The one error boundary (src/graphql/errors.ts), applied to every error a subscription sends. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  logger: Logger;
  /** Counts the subscribers dropped for reading too slowly. */
  dropped?: { inc(labels: { transport: 'ws' | 'sse' }): void };
  /** How long a dropped client has to read its close reason before its connection is cut (default 5 s). */
  dropGraceMs?: number;
}

/** The subscription transports on the GraphQL port. */
export interface SubscriptionServer {
  /** POST /graphql/stream (graphql-sse, distinct connections), behind the authenticate middleware and express.json. */
  sse(req: Request, res: Response, next: NextFunction): void;
  /** Subscriptions open now, on both transports. */
  readonly open: number;
  /** Events executed so far: once per event per group of identical subscriptions, not per subscriber. */
  readonly executions: number;
  /** Refuses new streams and ends every open one: WebSockets close with 1001, event streams end. */
  close(): void;
}

/** WebSocket close codes beyond graphql-ws' own. */
const CLOSE = {
  /** The server is going away (SIGTERM): reconnect, to another replica. */
  goingAway: 1001,
  /** A policy was broken: too slow a reader, or too many connections. */
  policy: 1008,
  /** Try again later: the identity provider's keys could not be had. */
  tryAgainLater: 1013,
  /** The token was refused (graphql-ws reserves 4401 for "Unauthorized"). */
  unauthorized: 4401,
} as const;

/**
 * A refused subscription runs this document with the refusal as its context, and answers it as a
 * result: one `next` carrying the errors, then `complete`. graphql-ws' own `error` message would
 * do for a direct client, but gateways (Hive Gateway) report that message as an unexpected error
 * and mask it, where a result's errors reach their client with their codes (FORBIDDEN, …).
 */
const REFUSAL_DOCUMENT = parse('subscription Refused { __typename }');
const REFUSED = Symbol('refused');
type Refusal = { [REFUSED]: readonly GraphQLError[] };
const refusalOf = (args: ExecutionArgs): readonly GraphQLError[] | undefined =>
  (args.contextValue as Partial<Refusal> | undefined)?.[REFUSED];

/** Per connection: who it is for and the slots it holds. */
interface WsExtra {
  socket: WebSocket;
  request: http.IncomingMessage;
  caller: Caller | null;
  connectionSlot: Release | null;
  subscriptions: Map<string, Release>;
}

/** A close reason fits in 123 bytes. */
function reason(code: string, message: string): string {
  const text = `${code}: ${message}`;
  return Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString('utf8')}...`;
}

/** A typed error as a GraphQL error with its code (the formatter keeps it as it is). */
function coded(error: PostureError & { limit?: string }): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, ...(error.limit ? { limit: error.limit } : {}) } });
}

/**
 * Subscriptions next to Apollo Server, which does not serve them over HTTP: graphql-ws on the
 * GraphQL path's WebSocket upgrade and graphql-sse at POST /graphql/stream, with the same tokens
 * (at connect: the upgrade's or the `connection_init` payload's `Authorization`; the request's
 * header for SSE) and the same document checks as queries, then per subscription the scopes.
 * Bounded everywhere: subscriptions and connections per client and per replica, bytes waiting per
 * connection (a client that stops reading is dropped with a reason, never buffered without bound).
 */
export function createSubscriptionServer<TContext>(options: SubscriptionServerOptions<TContext>): SubscriptionServer {
  const { logger, gate, verifier } = options;
  const slots = new SubscriptionSlots(options.caps, 'subscriptions');
  const connections = new SubscriptionSlots(options.caps, 'connections');
  const sockets = new Set<WebSocket>();
  const streams = new Set<Response>();
  const graceMs = options.dropGraceMs ?? 5_000;
  const shared = new SharedExecution();
  let closing = false;

  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => options.formatError(error.toJSON(), error));
  const formatResult = (result: ExecutionResult): ExecutionResult =>
    result.errors ? ({ ...result, errors: format(result.errors) } as unknown as ExecutionResult) : result;

  /** What the gate and the caps say of one subscription; on admission the slot is taken and must be released. */
  const admit = (caller: Caller, request: Record<string, unknown>) => {
    // The caps first: a client hammering its cap costs a counter, not a parse.
    const full = slots.refusal(caller.clientId);
    if (full) return { kind: 'refused' as const, status: 429, errors: [coded(full)] };
    const decision = gate.check(caller, request);
    if (decision.kind === 'refused') return decision;
    const slot = slots.take(caller.clientId);
    if (slot.kind === 'refused') return { kind: 'refused' as const, status: 429, errors: [coded(slot.error)] };
    const args = {
      schema: options.schema,
      document: decision.document,
      operationName: decision.operationName,
      variableValues: decision.variables,
      contextValue: options.context(caller),
    };
    shared.register(args, caller);
    return { kind: 'admitted' as const, release: slot.release, args };
  };

  // --- graphql-ws -------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, handleProtocols });
  const ws = makeServer<Record<string, unknown> | undefined, WsExtra>({
    schema: options.schema,
    subscribe: (args) => {
      const refusal = refusalOf(args);
      return refusal ? { errors: refusal } : shared.subscribe(args);
    },
    // A connection that never says who it is holds nothing for long.
    connectionInitWaitTimeout: 3_000,
    onConnect: async (ctx) => {
      const extra = ctx.extra;
      if (!extra.caller) {
        const params = ctx.connectionParams ?? {};
        const header = params.Authorization ?? params.authorization;
        const verdict = await authenticate(verifier, typeof header === 'string' ? header : undefined);
        if (verdict.kind !== 'caller') {
          extra.socket.close(verdict.close, reason(verdict.code, verdict.message));
          return false;
        }
        extra.caller = verdict.caller;
      }
      const slot = connections.take(extra.caller.clientId);
      if (slot.kind === 'refused') {
        extra.socket.close(CLOSE.policy, reason(slot.error.code, slot.error.message));
        return false;
      }
      extra.connectionSlot = slot.release;
      return true;
    },
    onSubscribe: (ctx, id, payload) => {
      const decision = admit(ctx.extra.caller!, payload as unknown as Record<string, unknown>);
      if (decision.kind === 'refused') {
        const refusal: Refusal = { [REFUSED]: decision.errors };
        return { schema: options.schema, document: REFUSAL_DOCUMENT, contextValue: refusal };
      }
      ctx.extra.subscriptions.set(id, decision.release);
      return decision.args;
    },
    onNext: (_ctx, _id, _payload, _args, result) => formatResult(result) as never,
    onError: (_ctx, _id, _payload, errors) => format(errors),
    onComplete: (ctx, id) => {
      ctx.extra.subscriptions.get(id)?.();
      ctx.extra.subscriptions.delete(id);
    },
    onClose: (ctx) => {
      for (const release of ctx.extra.subscriptions.values()) release();
      ctx.extra.subscriptions.clear();
      ctx.extra.connectionSlot?.();
    },
  });

  const dropSocket = (socket: WebSocket, extra: WsExtra) => {
    const waiting = socket.bufferedAmount;
    logger.info({ clientId: extra.caller?.clientId, bufferedBytes: waiting }, 'subscription: dropped a slow WebSocket client');
    options.dropped?.inc({ transport: 'ws' });
    socket.close(CLOSE.policy, reason('SLOW_CONSUMER', `over ${options.maxBufferedBytes} bytes unread; read faster, then reconnect`));
    // Its close frame waits behind what it has not read: cut the connection if it does not catch up.
    setTimeout(() => socket.terminate(), graceMs).unref();
  };

  wss.on('connection', (socket: WebSocket, request: http.IncomingMessage, caller: Caller | null) => {
    sockets.add(socket);
    const extra: WsExtra = { socket, request, caller, connectionSlot: null, subscriptions: new Map() };
    let dropped = false;
    // Pings find connections whose peer vanished without a close.
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const keepAlive = setInterval(() => {
      if (!alive) return void socket.terminate();
      alive = false;
      socket.ping();
    }, 12_000);
    keepAlive.unref();
    socket.on('error', (error) => logger.debug({ err: error }, 'subscription: WebSocket error'));
    const closed = ws.opened(
      {
        protocol: socket.protocol,
        // Never waits for the peer: what it has not read stays counted in bufferedAmount, and past the
        // bound the client is dropped, so a subscription's events never queue up behind a slow reader.
        send: async (data) => {
          if (socket.readyState !== socket.OPEN || dropped) return;
          if (socket.bufferedAmount > options.maxBufferedBytes) {
            dropped = true;
            dropSocket(socket, extra);
            return;
          }
          socket.send(data);
        },
        close: (code, text) => socket.close(code, text),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.warn({ err: error }, 'subscription: a graphql-ws message failed');
              socket.close(1011, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, text) => {
      clearInterval(keepAlive);
      sockets.delete(socket);
      void closed(code, String(text));
    });
  });

  const refuseUpgrade = (socket: Duplex, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    const lines = [
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 503 ? 'Service Unavailable' : 'Bad Request'}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  options.server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    if (path !== options.path) return void socket.destroy();
    if (closing) return refuseUpgrade(socket, 503, 'SHUTTING_DOWN', 'The server is shutting down; reconnect', { 'retry-after': '1' });
    if (sockets.size >= options.caps.maxPerReplica) {
      return refuseUpgrade(socket, 503, 'TOO_MANY_SUBSCRIPTIONS', 'This server holds its limit of connections (SUBSCRIPTIONS_MAX)', {
        'retry-after': '5',
      });
    }
    const header = request.headers.authorization;
    // A token on the upgrade is checked before the upgrade; without one, connection_init must carry it.
    void (async () => {
      let caller: Caller | null = verifier ? null : ANONYMOUS_CALLER;
      if (verifier && header) {
        const verdict = await authenticate(verifier, header);
        if (verdict.kind !== 'caller') {
          return refuseUpgrade(socket, verdict.close === CLOSE.unauthorized ? 401 : 503, verdict.code, verdict.message, {
            'www-authenticate': 'Bearer error="invalid_token"',
          });
        }
        caller = verdict.caller;
      }
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request, caller));
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'subscription: upgrade failed');
      socket.destroy();
    });
  });

  // --- graphql-sse ------------------------------------------------------------------------------
  type SseContext = { caller: Caller; release: Release | null };
  const sse = createSseHandler<http.IncomingMessage, SseContext, TContext & Record<PropertyKey, unknown>>({
    schema: options.schema,
    // No stream tokens: only the distinct connections mode, one stream per subscription.
    authenticate: () => null,
    // The gate validated the document already, with the limits' rules as well as graphql-js'.
    validate: () => [],
    subscribe: shared.subscribe,
    onSubscribe: (req, params): SseResponse | never => {
      const decision = admit(req.context.caller, params as unknown as Record<string, unknown>);
      if (decision.kind === 'refused') {
        return [
          JSON.stringify({ errors: format(decision.errors) }),
          { status: decision.status, statusText: 'Refused', headers: { 'content-type': 'application/json; charset=utf-8' } },
        ];
      }
      req.context.release = decision.release;
      return decision.args as never;
    },
    onNext: (_ctx, _req, result) => formatResult(result as ExecutionResult) as never,
  });

  const serveSse = async (req: Request, res: Response): Promise<void> => {
    if (closing) {
      res
        .status(503)
        .set('retry-after', '1')
        .json({ errors: [{ message: 'The server is shutting down; reconnect', extensions: { code: 'SHUTTING_DOWN' } }] });
      return;
    }
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      res.status(406).json({ errors: [{ message: 'Send Accept: text/event-stream', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const context: SseContext = { caller: callerOf(res), release: null };
    const [body, init] = await sse({
      method: req.method,
      url: req.originalUrl,
      headers: {
        get: (name) => (name.toLowerCase() === 'accept' ? 'text/event-stream' : (req.get(name) ?? null)),
      },
      body: req.body as Record<string, unknown>,
      raw: req,
      context,
    });
    const release = () => context.release?.();
    if (!body || typeof body === 'string') {
      release();
      res.writeHead(init.status, init.statusText, init.headers).end(body ?? undefined);
      return;
    }
    res.writeHead(init.status, init.statusText, init.headers);
    res.flushHeaders();
    streams.add(res);
    res.once('close', () => {
      streams.delete(res);
      release();
      void body.return(undefined);
    });
    for await (const chunk of body) {
      if (res.writableEnded || res.destroyed) break;
      // Bounded like a WebSocket: what the client has not read is counted, never awaited.
      if (res.writableLength > options.maxBufferedBytes) {
        logger.info(
          { clientId: context.caller.clientId, bufferedBytes: res.writableLength },
          'subscription: dropped a slow event-stream client',
        );
        options.dropped?.inc({ transport: 'sse' });
        const error = {
          message: `over ${options.maxBufferedBytes} bytes unread; read faster, then subscribe again`,
          extensions: { code: 'SLOW_CONSUMER' },
        };
        res.end(`event: next\ndata: ${JSON.stringify({ errors: [error] })}\n\nevent: complete\ndata: \n\n`);
        setTimeout(() => res.destroy(), graceMs).unref();
        break;
      }
      res.write(chunk);
    }
    if (!res.writableEnded) res.end();
  };

  return {
    sse: (req, res, next) => {
      serveSse(req, res).catch(next);
    },
    get open() {
      return slots.total;
    },
    get executions() {
      return shared.executions;
    },
    close() {
      closing = true;
      for (const socket of sockets) socket.close(CLOSE.goingAway, 'Going away: the server is shutting down; reconnect');
      for (const res of streams) res.end();
      // A peer that does not answer the close handshake is cut, so shutdown does not wait on it.
      setTimeout(() => {
        for (const socket of sockets) socket.terminate();
      }, graceMs).unref();
    },
  };
}

/** A token's verdict, as a close code for a WebSocket. */
type Verdict = { kind: 'caller'; caller: Caller } | { kind: 'refused'; close: number; code: string; message: string };

async function authenticate(verifier: TokenVerifier | null, authorization: string | undefined): Promise<Verdict> {
  if (!verifier) return { kind: 'caller', caller: ANONYMOUS_CALLER };
  try {
    return { kind: 'caller', caller: await verifier.verify(authorization) };
  } catch (error) {
    if (error instanceof UnauthenticatedError)
      return { kind: 'refused', close: CLOSE.unauthorized, code: 'UNAUTHENTICATED', message: error.message };
    const message = error instanceof KeysUnavailableError ? error.message : 'The token could not be verified; retry shortly';
    return { kind: 'refused', close: CLOSE.tryAgainLater, code: 'AUTH_UNAVAILABLE', message };
  }
}
