/** Raw HTTP plumbing shared by both fake upstreams: query parsing as the real servers do it, replies, listening. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Everything a route handler may look at, already read off the socket. */
export interface RequestContext {
  method: string;
  /** Decoded path segments, empty ones dropped. */
  segments: string[];
  rawQuery: string;
  query: Query;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() on arrival, the clock for token expiry and rate windows. */
  now: number;
}

/** A response ready to be written. */
export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** A JSON reply. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } };
}

/** Query pairs in order; keys stay percent-encoded, as the real servers match them. */
export class Query {
  constructor(readonly pairs: Array<[string, string]>) {}

  /** Parses `a=1&b%3Ac=x+y`: keys are NOT decoded (an encoded `%3A` never matches `:`), values are. */
  static parse(raw: string): Query {
    const pairs: Array<[string, string]> = [];
    for (const part of raw.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      pairs.push([key, decodeValue(value)]);
    }
    return new Query(pairs);
  }

  /** The first value of a key, or undefined. */
  get(key: string): string | undefined {
    return this.pairs.find(([k]) => k === key)?.[1];
  }

  /** Every value of a (repeatable) key, in order. */
  all(key: string): string[] {
    return this.pairs.filter(([k]) => k === key).map(([, v]) => v);
  }

  /** Whether the key was sent at all. */
  has(key: string): boolean {
    return this.pairs.some(([k]) => k === key);
  }
}

function decodeValue(value: string): string {
  const spaced = value.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits a request target into its decoded path, decoded segments and the raw query string. */
export function splitTarget(target: string): { path: string; segments: string[]; rawQuery: string } {
  // Absolute-form targets (`GET http://host/x`) come from proxies; only the path matters here.
  const relative = target.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const q = relative.indexOf('?');
  const rawPath = q === -1 ? relative : relative.slice(0, q);
  const rawQuery = q === -1 ? '' : relative.slice(q + 1);
  const segments = rawPath
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  return { path: decodeSegment(rawPath), segments, rawQuery };
}

/** Parses a whole non-negative-or-negative decimal integer; anything else (`1.5`, `abc`, '') is NaN. */
export function strictInt(value: string): number {
  return /^-?\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
}

/** Reads the whole request body as UTF-8. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a reply unless the client already went away. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(reply.status, { 'content-length': Buffer.byteLength(reply.body), ...reply.headers });
  res.end(reply.body);
}

/** Formats a base URL, bracketing IPv6 hosts. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
