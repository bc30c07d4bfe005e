/**
 * What subscriptions refuse, and how, before any event: the same tokens and scopes as queries, the
 * same document limits and trusted documents, caps per client and per replica that a flood of
 * attempts cannot get past, and a client that stops reading is dropped, not buffered.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { makeKey, startIdentityProvider, type TestIdentityProvider } from '../helpers/jwks.js';
import { freshOutcome, openSse, openWs, refusalOf, refusedAnswer, until } from '../helpers/subscriptions.js';

const DEVICE_CHANGED = 'subscription { deviceChanged { id hostname compliance { state } } }';

let sim: Simulator;
let idp: TestIdentityProvider;
let graph: TestGraph;
let reader: string;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 40, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  idp = await startIdentityProvider([await makeKey('k1')]);
  graph = await startGraph(sim, {
    LOG_LEVEL: 'info',
    AUTH_JWKS_URL: idp.jwksUrl,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: idp.audience,
    SUBSCRIPTIONS_MAX_PER_CLIENT: '20',
    SUBSCRIPTIONS_MAX: '30',
    SUBSCRIPTION_BUFFER_BYTES: '65536',
    GRAPHQL_MAX_ALIASES: '3',
  });
  reader = await idp.mint({ scope: 'posture:read', azp: 'dashboard' });
}, 30_000);
afterAll(async () => {
  await graph?.close();
  await idp?.close();
  await sim?.close();
});

describe('authentication and scopes', () => {
  it('closes a WebSocket whose connection_init carries no token, or a bad one, with 4401 UNAUTHENTICATED before any subscription', async () => {
    for (const payload of [undefined, { Authorization: 'Bearer not-a-jwt' }]) {
      const ws = await openWs(graph.url);
      await expect(ws.init(payload)).rejects.toMatchObject({ code: 4401 });
      expect((await ws.closed).reason).toMatch(/^UNAUTHENTICATED: /);
    }
  });

  it('refuses the upgrade itself with 401 when the upgrade request carries a bad token', async () => {
    await expect(openWs(graph.url, { authorization: 'Bearer not-a-jwt' })).rejects.toMatchObject({ status: 401 });
  });

  it('accepts the token from connection_init or from the upgrade request', async () => {
    const byPayload = await openWs(graph.url);
    await byPayload.init({ Authorization: `Bearer ${reader}` });
    const byHeader = await openWs(graph.url, { authorization: `Bearer ${reader}` });
    await byHeader.init();
    await byPayload.close();
    await byHeader.close();
  });

  it('refuses a subscription the token has no posture:read for with FORBIDDEN, over both transports', async () => {
    const token = await idp.mint({ scope: 'compliance:lookup', azp: 'lookup-tool' });
    const ws = await openWs(graph.url);
    await ws.init({ Authorization: `Bearer ${token}` });
    ws.subscribe('1', DEVICE_CHANGED);
    const refusal = refusalOf(await ws.next(refusedAnswer('1')));
    expect(refusal!.extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', requiredScopes: ['posture:read'] }));
    await ws.close();

    const sse = await openSse(graph.url, DEVICE_CHANGED, undefined, { authorization: `Bearer ${token}` });
    expect(sse.status).toBe(403);
    expect(sse.refusal.errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await openSse(graph.url, DEVICE_CHANGED);
    expect(anonymous.status).toBe(401);
    expect(anonymous.refusal.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(graph.graph.services.live.size).toBe(0);
  });
});

describe('documents', () => {
  it('holds a subscription to the query limits (aliases here) and refuses queries on the subscription endpoints', async () => {
    const ws = await openWs(graph.url);
    await ws.init({ Authorization: `Bearer ${reader}` });
    ws.subscribe('1', 'subscription { deviceChanged { a: id b: id c: id d: id } }');
    expect(refusalOf(await ws.next(refusedAnswer('1')))!.extensions.code).toBe('MAX_ALIASES_LIMIT');
    ws.subscribe('2', '{ fleetSummary { totalCount } }');
    expect(refusalOf(await ws.next(refusedAnswer('2')))!.extensions.code).toBe('BAD_REQUEST');
    await ws.close();
    const sse = await openSse(graph.url, 'subscription { deviceChanged { a: id b: id c: id d: id } }', undefined, {
      authorization: `Bearer ${reader}`,
    });
    expect(sse.status).toBe(400);
    expect(sse.refusal.errors[0].extensions.code).toBe('MAX_ALIASES_LIMIT');
  });
});

describe('trusted documents', () => {
  it('starts only a listed subscription (by id or exact text) when TRUSTED_DOCUMENTS is set', async () => {
    const listed = 'subscription Watch { deviceChanged { id } }';
    const id = `sha256:${createHash('sha256').update(listed).digest('hex')}`;
    const manifest = path.join(mkdtempSync(path.join(tmpdir(), 'posture-')), 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ [id]: listed }));
    const trusted = await startGraph(sim, { TRUSTED_DOCUMENTS: manifest });
    try {
      const ws = await openWs(trusted.url);
      await ws.init();
      ws.subscribe('1', 'subscription { deviceChanged { id hostname } }');
      expect(refusalOf(await ws.next(refusedAnswer('1')))!.extensions.code).toBe('PERSISTED_QUERY_NOT_LISTED');
      ws.subscribe('2', listed);
      ws.subscribe('3', '', undefined, { extensions: { persistedQuery: { version: 1, sha256Hash: id.slice(7) } } });
      await until(() => trusted.graph.services.live.size === 2, 10_000, 'the two listed subscriptions');
      expect(ws.messages.filter((m) => m.type === 'next')).toHaveLength(1);
      await ws.close();
      const sse = await openSse(trusted.url, 'subscription { deviceChanged { id hostname } }');
      expect(sse.refusal.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_LISTED');
    } finally {
      await trusted.close();
    }
  });
});

describe('caps', () => {
  it('gives one client 20 subscriptions of 10,000 attempts, refusing the rest with TOO_MANY_SUBSCRIPTIONS, and keeps serving', async () => {
    const ws = await openWs(graph.url);
    await ws.init({ Authorization: `Bearer ${reader}` });
    const started = Date.now();
    for (let i = 0; i < 10_000; i += 1) ws.subscribe(String(i), DEVICE_CHANGED);
    await until(() => ws.messages.filter((m) => m.type === 'complete').length === 9_980, 60_000, 'every refusal');
    const refusals = ws.messages.filter((m) => m.type === 'next').map((m) => refusalOf(m)!);
    expect(refusals).toHaveLength(9_980);
    expect(new Set(refusals.map((refusal) => refusal.extensions.code))).toEqual(new Set(['TOO_MANY_SUBSCRIPTIONS']));
    expect(refusals[0]!.message).toMatch(/SUBSCRIPTIONS_MAX_PER_CLIENT/);
    await until(() => graph.graph.services.live.size === 20, 10_000, 'the 20 subscriptions');
    const elapsed = Date.now() - started;
    // Another client still subscribes, and queries are answered meanwhile.
    const other = await openSse(graph.url, DEVICE_CHANGED, undefined, { authorization: `Bearer ${await idp.mint({ azp: 'other-app' })}` });
    expect(other.status).toBe(200);
    expect((await graph.query('{ fleetSummary { totalCount } }', {}, { authorization: `Bearer ${reader}` })).errors).toBeUndefined();
    // The replica's cap (30 here) holds for every client together.
    const third = await openWs(graph.url);
    await third.init({ Authorization: `Bearer ${await idp.mint({ azp: 'third-app' })}` });
    for (let i = 0; i < 15; i += 1) third.subscribe(String(i), DEVICE_CHANGED);
    await until(() => third.messages.filter((m) => m.type === 'complete').length === 6, 10_000, 'the replica cap');
    expect(refusalOf(third.messages.find((m) => m.type === 'next')!)!.message).toMatch(/SUBSCRIPTIONS_MAX\)/);
    await until(() => graph.graph.services.live.size === 30, 10_000, 'the 30 subscriptions');
    process.stdout.write(`10,000 subscribe attempts refused in ${elapsed} ms\n`);
    await ws.close();
    await third.close();
    other.close();
    await until(() => graph.graph.services.live.size === 0, 5_000, 'every slot back');
  }, 90_000);
});

describe('slow consumers', () => {
  const gc = (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  })();
  const heapMb = () => {
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  // About 1 kB an event: the inventory's facts of each device.
  const BIG = `subscription { deviceChanged { id hostname displayName osName osVersion serialNumber tags macAddresses pendingPatches
    automoxPolicies { policyId policyName state compliant lastRunAt } compliance { state fetchedAt expiresAt report { status totalIssues } } } }`;

  /** Turns every device's verdict over, round after round (two events per device a round), until `done()` or `rounds`. */
  async function churn(rounds: number, done: () => boolean): Promise<void> {
    const entries = [...graph.graph.fleet.all()].filter((entry) => entry.device.macAddresses.length > 0);
    for (let round = 0; round < rounds && !done(); round += 1) {
      for (const entry of entries) {
        graph.graph.fleet.record(entry.device.id, freshOutcome(entry, 'NON_COMPLIANT'));
        graph.graph.fleet.record(entry.device.id, freshOutcome(entry, 'COMPLIANT'));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The log line of a drop: how many bytes the client had left unread then. */
  const dropLine = (what: string) => graph.logs.lines().find((line) => line.msg === `subscription: dropped a slow ${what} client`);

  it('drops a WebSocket client that stops reading with 1008 SLOW_CONSUMER, holding at most the bound meanwhile', async () => {
    const ws = await openWs(graph.url);
    await ws.init({ Authorization: `Bearer ${reader}` });
    ws.subscribe('1', BIG);
    await until(() => graph.graph.services.live.size === 1, 10_000, 'the subscription');
    const before = heapMb();
    // The client stops reading: the server's socket backs up once the kernel's buffers are full.
    const socket = (ws.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    // Up to ~20,000 events (~20 MB), until the server gives up on the client.
    const churning = churn(300, () => dropLine('WebSocket') !== undefined);
    await until(() => dropLine('WebSocket') !== undefined, 30_000, 'the drop');
    // It reads again, within the grace the server gives it to read its close reason.
    socket.resume();
    const closed = await ws.closed;
    await churning;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^SLOW_CONSUMER: over 65536 bytes unread/);
    // What the server held for it: the bound, plus the one event that crossed it.
    expect(dropLine('WebSocket')!.bufferedBytes).toBeLessThan(65_536 + 16_384);
    await until(() => graph.graph.services.live.size === 0, 5_000, 'the subscription to end');
    const after = heapMb();
    process.stdout.write(`slow WebSocket consumer: heap ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after the drop\n`);
    expect(after - before).toBeLessThan(8);
  }, 60_000);

  it('ends the event stream of a client that stops reading, with a SLOW_CONSUMER error as its last event', async () => {
    const response = await fetch(`${graph.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${reader}` },
      body: JSON.stringify({ query: BIG }),
    });
    expect(response.status).toBe(200);
    await until(() => graph.graph.services.live.size === 1, 10_000, 'the subscription');
    const before = heapMb();
    const churning = churn(300, () => dropLine('event-stream') !== undefined);
    await until(() => dropLine('event-stream') !== undefined, 30_000, 'the drop');
    const text = await response.text();
    await churning;
    const last = text
      .trim()
      .split('\n\n')
      .filter((block) => block.startsWith('event: next'))
      .at(-1)!;
    expect(JSON.parse(last.slice(last.indexOf('data: ') + 6)).errors[0].extensions.code).toBe('SLOW_CONSUMER');
    expect(text.trim().endsWith('event: complete\ndata:')).toBe(true);
    expect(dropLine('event-stream')!.bufferedBytes).toBeLessThan(65_536 + 16_384);
    await until(() => graph.graph.services.live.size === 0, 5_000, 'the subscription to end');
    const after = heapMb();
    process.stdout.write(`slow event-stream consumer: heap ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after the drop\n`);
    expect(after - before).toBeLessThan(8);
  }, 60_000);
});
