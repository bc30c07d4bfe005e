import type { IncomingMessage } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OPERATOR_PATHS, redactUrl } from '../common/index.js';
import type { OtlpProtocol } from '../config/index.js';

/** What to install: the configured exporter kind, or a SpanExporter that receives every span synchronously (tests). */
export interface TracingOptions {
  exporter: 'otlp' | 'console' | 'none' | SpanExporter;
  /** For 'otlp'; the specification's default is http/protobuf. */
  protocol?: OtlpProtocol;
  serviceName?: string;
}

/** Tracing as installed: `shutdown` flushes the spans still buffered and removes the instrumentation. */
export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/** Tracing that was not turned on. */
export const TRACING_OFF: Tracing = { enabled: false, shutdown: async () => undefined };

/**
 * Starts the OpenTelemetry Node SDK: the http, express and graphql instrumentations, W3C
 * `traceparent`/`baggage` propagation (a router's trace is continued), context through
 * AsyncLocalStorage, the sampler and span limits from the standard OTEL_* variables, and spans
 * exported through the {@link RedactingSpanExporter}. Nothing is loaded for 'none': the SDK and
 * its exporters are imported only when tracing is on, so the default start-up is unchanged.
 *
 * The instrumentations patch modules as they are loaded: in a process, start this before the
 * server's modules are imported (see `startTracingBeforeServer`).
 */
export async function installTracing(options: TracingOptions): Promise<Tracing> {
  const { exporter: kind } = options;
  if (kind === 'none') return TRACING_OFF;
  const [{ NodeSDK }, { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor }, instrumentations] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    createInstrumentations(),
  ]);
  let processor: SpanProcessor;
  if (typeof kind === 'object') processor = new SimpleSpanProcessor(new RedactingSpanExporter(kind));
  else if (kind === 'console') processor = new SimpleSpanProcessor(new RedactingSpanExporter(new ConsoleSpanExporter()));
  // BatchSpanProcessor reads OTEL_BSP_* itself; the exporters read endpoint, headers and timeout.
  else processor = new BatchSpanProcessor(new RedactingSpanExporter(await otlpExporter(options.protocol ?? 'http/protobuf')));
  const sdk = new NodeSDK({
    serviceName: options.serviceName ?? 'posture-graph',
    spanProcessors: [new WithoutStartupGraphqlSpans(processor)],
    instrumentations,
    // Traces only: metrics are Prometheus' (/metrics) and logs are pino's; without these the SDK
    // would also start OTLP metric and log exporters towards the same endpoint.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    enabled: true,
    async shutdown() {
      await sdk.shutdown();
      for (const instrumentation of instrumentations) instrumentation.disable();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

async function createInstrumentations(): Promise<Instrumentation[]> {
  const [{ HttpInstrumentation }, { ExpressInstrumentation }, { GraphQLInstrumentation }] = await Promise.all([
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-graphql'),
  ]);
  return [
    new HttpInstrumentation({
      // Probes and scrapes get no span, as they get no log line.
      ignoreIncomingRequestHook: (request: IncomingMessage) => OPERATOR_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      // Each upstream attempt already has its client span (src/common/http.ts: redacted URL,
      // peer.service, status) and passes `traceparent` on; the instrumentation's would double it.
      disableOutgoingRequestInstrumentation: true,
    }),
    new ExpressInstrumentation(),
    // A span per field resolved by a resolver of ours, not per property read off an object.
    new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true }),
  ];
}

async function otlpExporter(protocol: OtlpProtocol): Promise<SpanExporter> {
  switch (protocol) {
    case 'http/protobuf':
      return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
    case 'http/json':
      return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
    case 'grpc':
      return new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter();
  }
}

/** The graphql instrumentation's name on the spans it records. */
const GRAPHQL_SCOPE = '@opentelemetry/instrumentation-graphql';

/**
 * Drops the graphql instrumentation's spans that belong to no trace: building and checking the
 * schema at start-up parses and validates some twenty documents, each of which would otherwise be
 * exported as a trace of its own. Within a request every graphql span has the request's span as
 * an ancestor, and passes.
 */
export class WithoutStartupGraphqlSpans implements SpanProcessor {
  constructor(private readonly inner: SpanProcessor) {}

  onStart(...args: Parameters<SpanProcessor['onStart']>): void {
    this.inner.onStart(...args);
  }

  onEnd(span: ReadableSpan): void {
    if (span.instrumentationScope.name === GRAPHQL_SCOPE && span.parentSpanContext === undefined) return;
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/**
 * The last line of defence for credentials: every string attribute passes through the URL
 * redactor before a span leaves the process, so a URL carrying OPSWAT's `access_token=` (or any
 * other credential parameter) is exported as `access_token=[REDACTED]` whoever recorded it, our
 * spans or an instrumentation's (`url.full`, `http.url`, `http.target`), on a span or its events.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const span of spans) {
        redactAttributes(span.attributes);
        for (const event of span.events) if (event.attributes) redactAttributes(event.attributes);
      }
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    this.inner.export(spans, resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

// Finished spans are read-only by type only; rewriting in place spares a copy of every span.
function redactAttributes(attributes: object): void {
  const writable = attributes as Record<string, unknown>;
  for (const [key, value] of Object.entries(writable)) {
    if (typeof value === 'string') writable[key] = redactUrl(value);
  }
}
