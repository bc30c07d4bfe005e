import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { Upstream } from './errors.js';

// Spans go through the global API: without an installed provider (OTEL_* unset) every call here is
// a no-op span and propagation does nothing, so tracing costs nothing unless it is turned on.
const tracer = () => trace.getTracer('posture-graph');

/**
 * The span of one incoming request and the context to run it in. When the http instrumentation is
 * on it has opened that span already (continuing the caller's W3C `traceparent`) and will end it;
 * otherwise one is started here, continuing the `traceparent` in `headers`, and `end` closes it.
 */
export function startServerSpan(
  method: string,
  route: string,
  headers: IncomingHttpHeaders,
): { context: Context; end(status: number): void } {
  const active = context.active();
  const instrumented = getRPCMetadata(active);
  if (instrumented?.type === RPCType.HTTP) {
    // Not `active` itself: an express instrumentation's middleware span may be the active one.
    return { context: trace.setSpan(active, instrumented.span), end: () => undefined };
  }
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer().startSpan(
    `${method} ${route}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'http.route': route } },
    parent,
  );
  return {
    context: setRPCMetadata(trace.setSpan(parent, span), { type: RPCType.HTTP, span }),
    end: (status) => endSpan(span, status),
  };
}

/**
 * The span of one upstream HTTP attempt, a child of the request being served; `redactedUrl` must
 * already be stripped of credentials (OPSWAT's token travels in the query). The trace context is
 * written into `headers`, so an upstream that traces joins the same trace.
 */
export function startUpstreamSpan(upstream: Upstream, method: string, redactedUrl: string, headers: Record<string, unknown>): Span {
  const span = tracer().startSpan(`${upstream} ${method}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': method, 'url.full': redactedUrl, 'peer.service': upstream },
  });
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return span;
}

/** Ends a span with the HTTP status it got (5xx and failures mark it as an error). */
export function endSpan(span: Span, status: number | undefined, error?: { code?: string; name?: string }): void {
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (error || (status !== undefined && status >= 500)) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error?.code ?? error?.name ?? `HTTP ${status}` });
  }
  span.end();
}

/** Runs `work` in `ctx` (the request's trace context). */
export function withTraceContext<T>(ctx: Context, work: () => T): T {
  return context.with(ctx, work);
}

/** The server span of the request being served, if tracing is on (not a span nested in it). */
export function requestSpan(): Span | undefined {
  return getRPCMetadata(context.active())?.span ?? trace.getActiveSpan();
}
