import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { installTracing, startTracingBeforeServer, type Tracing } from '../../src/tracing/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';

// In process, under jest: the SDK is the one `npm start` installs, but jest loads modules through
// its own registry, which neither require-in-the-middle nor the ESM loader hook sees, so the http,
// express and graphql instrumentations patch nothing here. The request's span is then the one the
// request-log middleware opens itself; tracing.e2e.test.ts proves the instrumented process.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const GATEWAY_SPAN_ID = '00f067aa0ba902b7';

let sim: Simulator;
let graph: TestGraph;
let tracing: Tracing;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  tracing = await installTracing({ exporter });
  sim = await startSimulator({ fleetSize: 20 });
  // Long enough that the request waits for the OPSWAT call instead of answering QUEUED.
  graph = await startGraph(sim, { COMPLIANCE_MAX_WAIT_MS: '20000' });
});
afterAll(async () => {
  await graph.close();
  await sim.close();
  await tracing.shutdown();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('turning tracing on', () => {
  it('stays off unless an OTEL_* variable asks for it', async () => {
    expect((await startTracingBeforeServer({})).tracing.enabled).toBe(false);
    expect(
      (await startTracingBeforeServer({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).tracing.enabled,
    ).toBe(false);
    expect((await startTracingBeforeServer({ OTEL_TRACES_EXPORTER: 'none' })).tracing.enabled).toBe(false);
  });

  it('leaves a bad value to the server, whose start-up reports it in one line', async () => {
    const started = await startTracingBeforeServer({ OTEL_TRACES_EXPORTER: 'jaeger' });
    expect(started.tracing.enabled).toBe(false);
    expect(started.config).toBeUndefined();
  });

  it('hands the config it validated on to the server, which need not validate it again', async () => {
    const { config } = await startTracingBeforeServer({ PORT: '4321' });
    expect(config?.port).toBe(4321);
  });
});

describe('tracing a request from the gateway through OPSWAT', () => {
  it("continues the gateway's traceparent into one trace holding the GraphQL request and each upstream call", async () => {
    const device = sim.fleet.devices.find(
      (candidate) => candidate.opswat.profile === 'compliant' && candidate.opswat.knownMacs.length > 0,
    )!;
    const response = await graph.query(
      'query Posture($id: String!) { compliance(identifier: $id) { state } }',
      { id: device.opswat.knownMacs[0] },
      { traceparent: `00-${TRACE_ID}-${GATEWAY_SPAN_ID}-01` },
    );
    expect(response.data?.compliance.state).toBe('FRESH');
    const opswatCalls = sim.calls({ upstream: 'opswat' });
    expect(opswatCalls.length).toBeGreaterThanOrEqual(1);

    const spans = exporter.getFinishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([TRACE_ID]));
    const server = spans.find((span) => parentOf(span) === GATEWAY_SPAN_ID)!;
    expect(server.name).toBe('query Posture');
    expect(server.attributes).toEqual(expect.objectContaining({ 'graphql.operation.name': 'Posture', 'http.route': '/graphql' }));
    const upstream = spans.filter((span) => span.attributes['peer.service'] === 'opswat');
    // One span per call the simulator received (token and lookup), each a child of the request's span.
    expect(upstream).toHaveLength(opswatCalls.length);
    for (const span of upstream) expect(parentOf(span)).toBe(server.spanContext().spanId);
    expect(upstream.map((span) => span.attributes['http.response.status_code'])).toEqual(opswatCalls.map((call) => call.status));
  });

  it('exports no credential: OPSWAT URLs carry access_token=[REDACTED], and no attribute holds a secret', () => {
    const attributes = JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes));
    const tokenCalls = sim.calls({ upstream: 'opswat' }).filter((call) => call.query.some(([key]) => key === 'access_token'));
    expect(tokenCalls.length).toBeGreaterThan(0);
    for (const call of tokenCalls) {
      const token = call.query.find(([key]) => key === 'access_token')![1];
      expect(attributes).not.toContain(token);
    }
    expect(attributes).toContain('access_token=[REDACTED]');
    expect(attributes).not.toContain(sim.credentials.opswatClientSecret);
    expect(attributes).not.toContain(sim.credentials.automoxApiKey);
  });

  it('redacts a credential whichever code recorded it, on the span or on its events, before the span leaves the process', () => {
    exporter.reset();
    const url = 'https://gears.opswat.com/o/api/v2.2/devices?access_token=abc123def&x=1';
    const span = trace.getTracer('another-instrumentation').startSpan('GET', { attributes: { 'url.full': url } });
    span.addEvent('exception', { 'exception.message': `request to ${url} failed` });
    span.end();
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.attributes['url.full']).toBe('https://gears.opswat.com/o/api/v2.2/devices?access_token=[REDACTED]&x=1');
    expect(exported?.events[0]?.attributes?.['exception.message']).toBe(
      'request to https://gears.opswat.com/o/api/v2.2/devices?access_token=[REDACTED]&x=1 failed',
    );
  });
});
