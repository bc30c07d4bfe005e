import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';
import type { Upstream } from './errors.js';

// Spans go through the global API: without an installed provider (OTEL_* unset) every call here is
// a no-op span and propagation does nothing, so tracing costs nothing unless it is turned on.
const tracer = () => trace.getTracer('posture-graph');

/**
 * The span of one incoming request, continuing the caller's W3C `traceparent` (a router's trace);
 * returns the context to run the request in.
 */
export function startServerSpan(method: string, route: string, headers: IncomingHttpHeaders): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer().startSpan(
    `${method} ${route}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'http.route': route } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
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

/** The span of the request being served, if tracing is on. */
export function activeSpan(): Span | undefined {
  return trace.getActiveSpan();
}
