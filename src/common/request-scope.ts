import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Upstream } from './errors.js';

/**
 * What the process knows about the request a piece of code is running for. It travels with the
 * async context (AsyncLocalStorage), so resolvers, services and upstream clients reach it without
 * a new parameter: the logger stamps `requestId` on every line, the HTTP clients count calls.
 */
export interface RequestScope {
  /** The caller's `x-request-id`, or one made here. */
  readonly requestId: string;
  /** Upstream HTTP calls made on behalf of this request, attempts included. */
  readonly upstreamCalls: Record<Upstream, number>;
  /** The GraphQL operation, once Apollo has parsed it. */
  operationName?: string;
  /** `extensions.code` of every error the response carries. */
  errorCodes: string[];
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * Paths probed by orchestrators and scrapers: no span and no log line each time they are hit.
 * Here rather than in src/server because tracing, which starts before the server loads, needs it too.
 */
export const OPERATOR_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** The longest caller-supplied request id kept; a longer one is replaced. */
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The caller's request id when it is printable ASCII of at most 128 characters (it ends up in
 * log lines and a response header, so nothing that could forge either), else a new UUID.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value && value.length <= MAX_REQUEST_ID_LENGTH && /^[\x21-\x7e]+$/.test(value)) return value;
  return randomUUID();
}

/** A fresh scope for a request. */
export function newRequestScope(requestId: string): RequestScope {
  return { requestId, upstreamCalls: { automox: 0, opswat: 0 }, errorCodes: [] };
}

/** Runs `work` (and everything it starts) inside `scope`. */
export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** The scope of the request the caller runs for, if any (background work has none). */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
