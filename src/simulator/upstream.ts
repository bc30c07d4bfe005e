/** One fake upstream on loopback: records every call, applies injected faults, then lets the API answer. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type CallRecorder, FaultBook, validateFault } from './faults.js';
import { listen } from '../common/index.js';
import { Query, baseUrl, json, readBody, send, splitTarget, type Reply, type RequestContext } from './http.js';
import type { FaultSpec, RouteName, UpstreamName } from './types.js';

/** What an API contributes: routing, answers, and the shape of its error bodies. */
export interface UpstreamApi {
  name: UpstreamName;
  route(method: string, segments: string[]): RouteName;
  handle(ctx: RequestContext, route: RouteName): Reply;
  /** The body this API sends for an error status (used by injected faults). */
  errorReply(status: number): Reply;
  /** A 200 whose JSON is cut short, in the shape this route would have sent. */
  malformedBody(route: RouteName): string;
  /** Simulated network transit (ms) before a call on this route reaches the server and is counted. */
  transitMs?(route: RouteName): number;
  /** Headers every response on this route carries, injected faults included (OPSWAT's rate-limit headers). */
  headersFor?(route: RouteName, now: number): Record<string, string>;
  /** Extra POST /__sim/<name> actions, such as revoking tokens. */
  controls?: Record<string, () => void>;
  /** Controls that read a body or answer with one (GET or POST /__sim/<name>); undefined when `name` is not one of them. */
  control?(method: string, name: string, body: string): Reply | undefined;
}

/** A listening upstream with its fault queue. */
export interface RunningUpstream {
  url: string;
  faults: FaultBook;
  /** Holds answers on `route` until released (see `Simulator.hold`). */
  hold(route: RouteName): { release(): void };
  close(): Promise<void>;
}

/** Starts an API on host:port, logging its calls into the shared recorder. */
export async function startUpstream(api: UpstreamApi, recorder: CallRecorder, host: string, port: number): Promise<RunningUpstream> {
  const faults = new FaultBook();
  const timers = new Set<NodeJS.Timeout>();
  // Per route, the gates its answers wait on; a release (or close) opens one.
  const holds = new Map<RouteName, Set<{ opened: Promise<void>; open(): void }>>();
  const hold = (route: RouteName): { release(): void } => {
    let open!: () => void;
    const gate = { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
    const gates = holds.get(route) ?? new Set();
    gates.add(gate);
    holds.set(route, gates);
    return {
      release: () => {
        gates.delete(gate);
        gate.open();
      },
    };
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, segments, rawQuery } = splitTarget(req.url ?? '/');
    const method = req.method ?? 'GET';
    if (segments[0] === '__sim') return send(res, control(method, segments.slice(1), await readBody(req)));
    const query = Query.parse(rawQuery);
    const route = api.route(method, segments);
    // The call is still on the wire: the server sees and counts it only after the transit.
    const transit = api.transitMs?.(route) ?? 0;
    if (transit > 0) await sleep(transit);
    const now = Date.now();
    const call = recorder.record({ upstream: api.name, route, method, path, rawQuery, query: query.pairs, status: 0, at: now });
    const traceparent = req.headers.traceparent;
    if (typeof traceparent === 'string') call.traceparent = traceparent;
    const body = await readBody(req);
    if (/json/i.test(req.headers['content-type'] ?? '') && body !== '') call.body = parseJson(body);
    const fault = faults.take(route);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    // A hung call stays open until close() destroys the socket; its recorded status stays 0.
    if (fault?.hang) return;
    let reply: Reply;
    try {
      reply =
        (fault && faultReply(fault, route)) ?? api.handle({ method, segments, rawQuery, query, headers: req.headers, body, now }, route);
    } catch (error) {
      console.error(`[simulator] ${api.name} ${method} ${path} failed:`, error);
      reply = api.errorReply(500);
    }
    Object.assign(reply.headers, api.headersFor?.(route, Date.now()));
    if (fault?.retryAfter !== undefined) reply.headers['retry-after'] = fault.retryAfter;
    call.status = reply.status;
    const gates = holds.get(route);
    if (gates?.size) await Promise.all([...gates].map((gate) => gate.opened));
    send(res, reply);
  };

  /** A latency-only fault returns undefined, so the API answers normally after the delay. */
  const faultReply = (fault: FaultSpec, route: RouteName): Reply | undefined => {
    if (fault.malformed) return { status: 200, body: api.malformedBody(route), headers: { 'content-type': 'application/json' } };
    if (fault.body !== undefined) return { status: fault.status ?? 200, body: fault.body, headers: { 'content-type': 'application/json' } };
    if (fault.status !== undefined) return api.errorReply(fault.status);
    return undefined;
  };

  const control = (method: string, action: string[], body: string): Reply => {
    const name = action.join('/');
    if (method === 'GET' && name === 'calls') return json(200, recorder.list({ upstream: api.name }));
    const answered = api.control?.(method, name, body);
    if (answered) return answered;
    if (method !== 'POST') return json(405, { error: 'use GET /__sim/calls or POST /__sim/reset|faults' });
    if (name === 'reset') {
      recorder.reset(api.name);
      faults.clear();
      return json(200, { ok: true });
    }
    if (name === 'faults') {
      try {
        faults.add(validateFault(JSON.parse(body)));
        return json(201, { ok: true });
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
    const extra = api.controls?.[name];
    if (!extra) return json(404, { error: `no control named ${name}` });
    extra();
    return json(200, { ok: true });
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      console.error(`[simulator] ${api.name} request failed:`, error);
      if (!res.headersSent) send(res, api.errorReply(500));
    });
  });
  const bound = await listen(server, port, host);
  return {
    url: baseUrl(host, bound),
    faults,
    hold,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const gates of holds.values()) for (const gate of gates) gate.open();
        holds.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A JSON body as the server parsed it, or its raw text when it is not JSON (so tests see what was sent). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
