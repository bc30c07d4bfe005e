import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { spawnGraph } from '../helpers/process.js';

// `node dist/main.js` as `npm start` runs it, exporting to a collector in this test over
// OTLP/HTTP JSON: the only place where the loader hook lets the express and graphql
// instrumentations patch the server's ES-module imports (jest's VM modules bypass it).

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const GATEWAY_SPAN_ID = '00f067aa0ba902b7';

/** A span as OTLP/JSON carries it, with its attributes flattened and its instrumentation scope. */
interface CollectedSpan {
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

/** The smallest OTLP/HTTP collector: keeps every request body as received and every span in it. */
function startCollector(): { server: Server; bodies: string[]; spans: CollectedSpan[] } {
  const bodies: string[] = [];
  const spans: CollectedSpan[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    bodies.push(body);
    if (req.url === '/v1/traces') {
      for (const resource of JSON.parse(body).resourceSpans ?? []) {
        for (const scopeSpans of resource.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) {
            spans.push({
              scope: scopeSpans.scope?.name,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId || undefined,
              name: span.name,
              kind: span.kind,
              attributes: Object.fromEntries(
                (span.attributes ?? []).map((attribute: { key: string; value: Record<string, unknown> }) => [
                  attribute.key,
                  Object.values(attribute.value)[0],
                ]),
              ),
            });
          }
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  return { server, bodies, spans };
}

let sim: Simulator;
let dataDir: string;
let collector: ReturnType<typeof startCollector>;
let spans: CollectedSpan[];
let opswatCalls: ReturnType<Simulator['calls']>;

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 20 });
  dataDir = mkdtempSync(path.join(tmpdir(), 'posture-tracing-'));
  collector = startCollector();
  collector.server.listen(0, '127.0.0.1');
  await once(collector.server, 'listening');
  const address = collector.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const graph = await spawnGraph({
    ...simulatorEnv(sim),
    DATA_DIR: dataDir,
    // Long enough that the request waits for the OPSWAT call instead of answering QUEUED.
    COMPLIANCE_MAX_WAIT_MS: '20000',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  });
  try {
    const device = sim.fleet.devices.find(
      (candidate) => candidate.opswat.profile === 'compliant' && candidate.opswat.knownMacs.length > 0,
    )!;
    const response = await graph.query<{ compliance: { state: string } }>(
      'query Posture($id: String!) { compliance(identifier: $id) { state } }',
      { id: device.opswat.knownMacs[0] },
      { traceparent: `00-${TRACE_ID}-${GATEWAY_SPAN_ID}-01` },
    );
    expect(response.data?.compliance.state).toBe('FRESH');
  } finally {
    // SIGTERM flushes the spans still batched before the process exits.
    await graph.stop();
  }
  opswatCalls = sim.calls({ upstream: 'opswat' });
  spans = collector.spans.filter((span) => span.traceId === TRACE_ID);
}, 60_000);
afterAll(async () => {
  await sim.close();
  collector.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('tracing a request from the gateway through OPSWAT, in the process `npm start` runs', () => {
  it("continues the gateway's traceparent: the http instrumentation's server span is the request's, a child of the gateway's span", () => {
    const server = spans.filter((span) => span.parentSpanId === GATEWAY_SPAN_ID);
    expect(server).toHaveLength(1);
    expect(server[0]).toEqual(
      expect.objectContaining({
        scope: '@opentelemetry/instrumentation-http',
        kind: SPAN_KIND_SERVER,
        name: 'POST /graphql',
        attributes: expect.objectContaining({
          'http.route': '/graphql',
          'http.response.status_code': 200,
          'graphql.operation.name': 'Posture',
          'graphql.operation.type': 'query',
        }),
      }),
    );
  });

  it('holds express, graphql and each OPSWAT call in that one trace, every span a descendant of the server span', () => {
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans) {
      if (span.parentSpanId !== GATEWAY_SPAN_ID) expect(ids).toContain(span.parentSpanId);
    }
    const scopes = new Set(spans.map((span) => span.scope));
    expect(scopes).toEqual(
      new Set([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-graphql',
        'posture-graph',
      ]),
    );
    expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate', 'query Posture']));
    // Each middleware's span is named after it, none `<anonymous>`.
    const middleware = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-express').map((span) => span.name);
    expect(middleware).toEqual(
      expect.arrayContaining(['middleware - requestScope', 'middleware - authenticate', 'middleware - apolloServer']),
    );
    expect(middleware.filter((name) => name.includes('<anonymous>'))).toEqual([]);
    // Start-up's schema work (parse, validate) is not exported as traces of its own.
    expect(collector.spans.filter((span) => span.scope === '@opentelemetry/instrumentation-graphql' && span.traceId !== TRACE_ID)).toEqual(
      [],
    );

    const upstream = spans.filter((span) => span.attributes['peer.service'] === 'opswat');
    // One client span per call the simulator received (token and lookup).
    expect(opswatCalls.length).toBeGreaterThanOrEqual(2);
    expect(upstream).toHaveLength(opswatCalls.length);
    for (const span of upstream) expect(span.kind).toBe(SPAN_KIND_CLIENT);
    expect(upstream.map((span) => Number(span.attributes['http.response.status_code'])).sort()).toEqual(
      opswatCalls.map((call) => call.status).sort(),
    );
    // Each call carried its own client span's context, so an upstream that traces joins this trace.
    expect(opswatCalls.map((call) => call.traceparent).sort()).toEqual(upstream.map((span) => `00-${TRACE_ID}-${span.spanId}-01`).sort());
  });

  it('exports no credential: OPSWAT URLs carry access_token=[REDACTED], and nothing sent to the collector holds a secret', () => {
    const tokens = opswatCalls.flatMap((call) => call.query.filter(([key]) => key === 'access_token').map(([, value]) => value));
    expect(tokens.length).toBeGreaterThan(0);
    const sent = collector.bodies.join('\n');
    for (const token of tokens) expect(sent).not.toContain(token);
    expect(sent).not.toContain(sim.credentials.opswatClientSecret);
    expect(sent).not.toContain(sim.credentials.automoxApiKey);
    const lookups = spans.filter((span) => String(span.attributes['url.full']).includes('access_token='));
    expect(lookups.length).toBe(tokens.length);
    for (const span of lookups) expect(span.attributes['url.full']).toContain('access_token=[REDACTED]');
  });
});
