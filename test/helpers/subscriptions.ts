import { WebSocket } from 'ws';
import type { ComplianceOutcome } from '../../src/compliance/index.js';
import type { FleetEntry } from '../../src/fleet/index.js';
export { until } from './until.js';

/** A graphql-ws message as the server sent it. */
export interface WsMessage {
  type: string;
  id?: string;
  payload?: any;
  /** When it arrived (epoch ms; set by the helper). */
  receivedAt: number;
}

/** A raw graphql-transport-ws connection: every message kept, the close code and reason observable. */
export interface WsConnection {
  socket: WebSocket;
  messages: WsMessage[];
  /** Resolves with how the connection closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends `connection_init` (with `payload`) and waits for the ack; rejects if the server closes instead. */
  init(payload?: Record<string, unknown>): Promise<void>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>, extra?: Record<string, unknown>): void;
  complete(id: string): void;
  /** Waits for a message `match` accepts (already received ones included). */
  next(match: (message: WsMessage) => boolean, timeoutMs?: number, what?: string): Promise<WsMessage>;
  close(): Promise<void>;
}

/** The first error a subscription was refused with: a result's (`next` then `complete`) or a protocol `error`'s. */
export function refusalOf(message: WsMessage): { message: string; extensions: Record<string, any> } | undefined {
  return message.type === 'error' ? message.payload?.[0] : message.payload?.errors?.[0];
}

/** Whether a message answers subscription `id` with an error rather than an event. */
export const refusedAnswer = (id: string) => (message: WsMessage) =>
  message.id === id && (message.type === 'error' || (message.type === 'next' && message.payload?.data == null));

/** Opens a WebSocket to `url` (http… is turned into ws…) with the graphql-transport-ws subprotocol; rejects on a refused upgrade. */
export async function openWs(url: string, headers: Record<string, string> = {}): Promise<WsConnection> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
  const messages: WsMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push({ ...(JSON.parse(String(data)) as Omit<WsMessage, 'receivedAt'>), receivedAt: Date.now() });
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
    });
    socket.once('error', reject);
  });
  const connection: WsConnection = {
    socket,
    messages,
    closed,
    async init(payload) {
      socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) }));
      const ack = await Promise.race([connection.next((message) => message.type === 'connection_ack', 10_000, 'connection_ack'), closed]);
      if ('code' in ack) throw Object.assign(new Error(`closed ${ack.code} ${ack.reason}`), ack);
    },
    subscribe(id, query, variables, extra = {}) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables, ...extra } }));
    },
    complete(id) {
      socket.send(JSON.stringify({ id, type: 'complete' }));
    },
    next(match, timeoutMs = 10_000, what = 'a message') {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < messages.length; seen += 1) {
            if (match(messages[seen]!)) {
              finish();
              return resolve(messages[seen]!);
            }
          }
          if (socket.readyState === WebSocket.CLOSED) {
            finish();
            reject(new Error(`connection closed while waiting for ${what}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close();
      await closed;
    },
  };
  return connection;
}

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: any;
}

/** A graphql-sse stream (distinct connections mode) as a client reads it. */
export interface SseStream {
  status: number;
  /** The body when the server refused (JSON), else null. */
  refusal: any;
  events: SseEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  next(match: (event: SseEvent) => boolean, timeoutMs?: number, what?: string): Promise<SseEvent>;
  close(): void;
}

/** Subscribes over POST /graphql/stream. */
export async function openSse(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(`${url}/graphql/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const text = await response.text();
    return {
      status: response.status,
      refusal: text ? JSON.parse(text) : null,
      events,
      ended: Promise.resolve(),
      next: () => Promise.reject(new Error(`refused: ${response.status} ${text}`)),
      close: () => undefined,
    };
  }
  let done = false;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
          );
          if (!fields.event) continue;
          events.push({ event: fields.event, data: fields.data ? JSON.parse(fields.data) : null });
          for (const wake of [...waiters]) wake();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      for (const wake of [...waiters]) wake();
    }
  })();
  return {
    status: response.status,
    refusal: null,
    events,
    ended,
    next(match, timeoutMs = 10_000, what = 'an event') {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < events.length; seen += 1) {
            if (match(events[seen]!)) {
              finish();
              return resolve(events[seen]!);
            }
          }
          if (done) {
            finish();
            reject(new Error(`stream ended while waiting for ${what}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/** A FRESH report of `status` for an entry, learned now. */
export function freshOutcome(
  entry: FleetEntry,
  status: 'COMPLIANT' | 'NON_COMPLIANT',
  issues = status === 'COMPLIANT' ? 0 : 2,
): ComplianceOutcome {
  const now = Date.now();
  return {
    state: 'FRESH',
    target: { identifier: entry.device.macAddresses[0] ?? 'aa:bb:cc:dd:ee:ff', kind: 'MAC_ADDRESS' },
    answer: {
      kind: 'found',
      fetchedAt: now,
      report: {
        status,
        rawStatus: status.toLowerCase(),
        hasCriticalIssues: issues > 0,
        totalIssues: issues,
        totalCriticalIssues: issues > 0 ? 1 : 0,
        deviceType: null,
        osType: null,
        lastSeen: null,
        remediationLink: null,
        issues: [],
        infections: [],
      },
    },
    expiresAt: now + 3_600_000,
  };
}
