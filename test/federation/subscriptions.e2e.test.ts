/**
 * A subscription through Hive Gateway (examples/federation/gateway.config.ts unchanged but for
 * the supergraph): the client subscribes at the gateway by trusted-document id over SSE, the
 * gateway subscribes at the posture graph over graphql-ws with the client's token, and a status
 * change made at the simulator reaches the client through both.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGatewayRuntime, type GatewayConfigSupergraph, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeSupergraph } from '../../examples/federation/compose-supergraph.js';
import { startOwnershipSubgraph, type OwnershipSubgraph } from '../../examples/federation/ownership-subgraph.js';
import { type SimDevice, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { makeKey, startIdentityProvider, type TestIdentityProvider } from '../helpers/jwks.js';
import { until } from '../helpers/subscriptions.js';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'examples/web/src/gql/persisted-documents.json'), 'utf8')) as Record<
  string,
  string
>;
const [documentId] = Object.entries(manifest).find(([, text]) => text.startsWith('subscription DeviceChanged'))!;

let sim: Simulator;
let idp: TestIdentityProvider;
let posture: TestGraph;
let ownership: OwnershipSubgraph;
let hive: { runtime: GatewayRuntime; server: http.Server; url: string };
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 60, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  idp = await startIdentityProvider([await makeKey('k1')]);
  posture = await startGraph(sim, {
    ...LIFTED_DOCUMENT_LIMITS,
    OPSWAT_RATE_LIMIT: '10',
    OPSWAT_RATE_WINDOW_MS: '2000',
    FLEET_SWEEP: 'on',
    FLEET_FEED_INTERVAL_SECONDS: '1',
    AUTH_JWKS_URL: idp.jwksUrl,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: idp.audience,
  });
  ownership = await startOwnershipSubgraph();
  const supergraph = composeSupergraph({ posture: `${posture.url}/graphql`, ownership: ownership.url });
  const { gatewayConfig } = await import('../../examples/federation/gateway.config.js');
  const runtime = createGatewayRuntime({ ...(gatewayConfig as GatewayConfigSupergraph), supergraph: () => supergraph, logging: false });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hive = { runtime, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
  await until(() => posture.graph.fleet.size > 0 && posture.graph.fleet.counts(Date.now()).unknown === 0, 60_000, 'the sweep');
}, 90_000);
afterAll(async () => {
  await hive?.runtime.dispose();
  await new Promise((resolve) => hive?.server.close(resolve));
  await ownership?.close();
  await posture?.close();
  await idp?.close();
  await sim?.close();
});

/** Reads `data:` payloads of a GraphQL-over-SSE response as they come. */
async function* events(response: Response): AsyncGenerator<any> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .find((line) => line.startsWith('data:'))
        ?.slice(5)
        .trim();
      if (data) yield JSON.parse(data);
    }
  }
}

describe('deviceChanged through Hive Gateway', () => {
  it("delivers a status change made at OPSWAT to the gateway's subscriber, authenticated with the client's token", async () => {
    const token = await idp.mint({ scope: 'posture:read', azp: 'dashboard' });
    const controller = new AbortController();
    const response = await fetch(hive.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ documentId, variables: { filter: { status: ['NON_COMPLIANT'] } } }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    await until(() => posture.graph.services.live.size === 1, 10_000, 'the subscription at the posture graph');
    const detailsBefore = sim.calls({ route: 'device-details' }).length;

    const target = sim.fleet.devices.find(
      (device: SimDevice) => !device.deletedAt && device.opswat.detailsStatus === 'compliant' && device.opswat.knownMacs.length > 0,
    )!;
    sim.opswat.change(target.hwid, { status: 'non_compliant', totalIssues: 2, totalCriticalIssues: 0 });
    // The sweep may still be telling of other devices: wait for this one's event (or the deadline's abort).
    let payload: any;
    const deadline = setTimeout(() => controller.abort(), 30_000);
    try {
      for await (const event of events(response)) {
        if (event?.errors || event?.data?.deviceChanged?.id === String(target.id)) {
          payload = event;
          break;
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
    clearTimeout(deadline);
    expect(payload).toBeDefined();
    expect(payload?.errors).toBeUndefined();
    expect(payload.data.deviceChanged).toEqual(
      expect.objectContaining({
        id: String(target.id),
        hostname: target.hostname,
        compliance: expect.objectContaining({
          state: 'FRESH',
          report: expect.objectContaining({ status: 'NON_COMPLIANT', totalIssues: 2, hasCriticalIssues: false }),
        }),
      }),
    );
    expect(sim.calls({ route: 'device-details' })).toHaveLength(detailsBefore);
    controller.abort();
    await until(() => posture.graph.services.live.size === 0, 20_000, 'the gateway to end its subscription');
  }, 60_000);

  it('is refused at the posture graph without the scope, before any event', async () => {
    const token = await idp.mint({ scope: 'compliance:lookup', azp: 'lookup-tool' });
    const response = await fetch(hive.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ documentId }),
    });
    const [first] = await (async () => {
      for await (const event of events(response)) return [event];
      return [];
    })();
    expect(first?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(posture.graph.services.live.size).toBe(0);
  }, 20_000);
});
