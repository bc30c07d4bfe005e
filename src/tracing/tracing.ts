import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  ExportResultCode,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
  type ExportResult,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { redactUrl } from '../common/index.js';

/** Tracing as installed: `shutdown` flushes the spans still buffered. */
export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/**
 * Installs OpenTelemetry tracing: W3C `traceparent`/`baggage` propagation (a router's trace is
 * continued), context through AsyncLocalStorage, and spans exported through a redactor. `exporter`
 * is the configured kind (the OTLP exporter reads its endpoint and headers from the standard
 * OTEL_* variables, the sampler OTEL_TRACES_SAMPLER), or a SpanExporter that receives every span
 * synchronously (tests). Nothing is installed for 'none'.
 */
export function installTracing(options: { exporter: 'otlp' | 'console' | 'none' | SpanExporter; serviceName?: string }): Tracing {
  const { exporter: kind } = options;
  if (kind === 'none') return { enabled: false, shutdown: async () => undefined };
  const given = typeof kind === 'object';
  const exporter = new RedactingSpanExporter(given ? kind : kind === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'posture-graph' }),
    spanProcessors: [given ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);
  return {
    enabled: true,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/**
 * The last line of defence for credentials: every string attribute passes through the URL
 * redactor before a span leaves the process, so a URL carrying OPSWAT's `access_token=` (or any
 * other credential parameter) is exported as `access_token=[REDACTED]` whoever recorded it.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const span of spans) {
        const attributes = span.attributes as Record<string, unknown>;
        for (const [key, value] of Object.entries(attributes)) {
          if (typeof value === 'string') attributes[key] = redactUrl(value);
        }
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
