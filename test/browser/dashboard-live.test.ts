import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page, WebSocket } from 'playwright-core';
import { type DashboardServer, serveDashboard } from '../../examples/dashboard/serve.js';
import type { FleetEntry } from '../../src/fleet/index.js';
import { startDemoGraph, type TestGraph } from '../helpers/graph.js';
import { buildDashboardOnce } from '../helpers/process.js';
import { until } from '../helpers/until.js';
import { allowOnly, holdLookups, launchChromium, pageErrors, screenshot } from './harness.js';

// README "The example dashboard", its live updates: the app subscribes to deviceChanged and
// fleetSummaryChanged over graphql-ws (by persisted id, against a graph that runs the dashboard's
// trusted documents only) and never polls. Demo mode with the sweep on: 250 devices, 2 OPSWAT calls
// a second, OPSWAT's answers to lookups held at the simulator until the page shows QUEUED. The
// browser reaches the graph through a TCP proxy in this process, which the last spec takes away
// (the graph "goes away" for the page) and brings back on the same port.

const SECRET = 'opswat-push-key-0123456789abcdef';
const MANIFEST = path.resolve(import.meta.dirname, '../../examples/dashboard/src/gql/persisted-documents.json');
const listed = new Set(Object.keys(JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>).map((id) => id.slice(7)));

let graph: TestGraph;
let proxy: Proxy;
let dashboard: DashboardServer;
let browser: Browser;
let page: Page;
let blocked: string[];
/** Each page's console errors and uncaught exceptions. */
const errors: string[][] = [];
let lookupsHeld: { release(): void } | undefined;
/** The operations the page POSTed to the graph (queries over HTTP), in order. */
const posted: string[] = [];
/** The page's graphql-ws sockets, and every frame they carried. */
const sockets: Array<{ socket: WebSocket; sent: string[]; received: string[] }> = [];

/** A TCP proxy to the graph on a fixed port: `down()` refuses and cuts every connection, `up()` listens on the same port again. */
interface Proxy {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function startProxy(target: number): Promise<Proxy> {
  const open = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const up = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(target, '127.0.0.1');
      for (const each of [client, upstream]) {
        open.add(each);
        each.once('close', () => open.delete(each));
        each.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as net.AddressInfo).port;
  };
  const down = async () => {
    const closing = server ? new Promise((resolve) => server!.close(resolve)) : Promise.resolve();
    for (const each of open) each.destroy();
    await closing;
    server = undefined;
  };
  await up();
  return { url: `http://127.0.0.1:${port}`, up, down, close: down };
}

beforeAll(async () => {
  buildDashboardOnce();
  [graph, browser] = await Promise.all([
    startDemoGraph(
      {
        SIMULATOR_FLEET_SIZE: '250',
        OPSWAT_RATE_LIMIT: '2',
        OPSWAT_RATE_WINDOW_MS: '1000',
        FLEET_SWEEP: 'on',
        FLEET_SWEEP_SHARE: '0.5',
        // OPSWAT's pushes carry the changes here; the feed would spend a call a poll.
        FLEET_FEED_INTERVAL_SECONDS: '3600',
        OPSWAT_WEBHOOK_SECRET: SECRET,
        // Only the dashboard's documents run, by id: subscriptions included.
        TRUSTED_DOCUMENTS: MANIFEST,
        // A held lookup is a slow answer, not a failed one.
        UPSTREAM_TIMEOUT_MS: '300000',
      },
      { onSimulator: (simulator) => (lookupsHeld = holdLookups(simulator)) },
    ),
    launchChromium(),
  ]);
  graph.graph.simulator!.opswat.configureWebhook({ url: `${graph.url}/webhooks/opswat`, key: SECRET });
  proxy = await startProxy(Number(new URL(graph.url).port));
  dashboard = await serveDashboard({ port: 0, graphqlUrl: `${proxy.url}/graphql` });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  blocked = await allowOnly(context, [new URL(dashboard.url).origin, proxy.url]);
  // Every page of the context: its POSTs to the graph, its sockets' frames, its errors.
  context.on('request', (request) => {
    if (request.method() === 'POST' && request.url().startsWith(`${proxy.url}/graphql`)) {
      posted.push(String((JSON.parse(request.postData() ?? '{}') as { operationName?: string }).operationName));
    }
  });
  context.on('page', (opened) => {
    errors.push(pageErrors(opened));
    opened.on('websocket', (socket) => {
      const frames = { socket, sent: [] as string[], received: [] as string[] };
      sockets.push(frames);
      socket.on('framesent', (frame) => frames.sent.push(String(frame.payload)));
      socket.on('framereceived', (frame) => frames.received.push(String(frame.payload)));
    });
  });
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  lookupsHeld?.release();
  await browser?.close();
  await dashboard?.close();
  await proxy?.close();
  await graph?.close();
});

const rowOf = (id: number) => page.locator(`[data-testid=device-row][data-id="${id}"]`);
const idsOnScreen = () => page.$$eval('[data-testid=device-row]', (rows) => rows.map((row) => Number(row.getAttribute('data-id'))));
const summaryCount = (summary: Page, bars: string, key: string) =>
  summary.locator(`[data-testid=${bars}] li[data-key=${key}]`).getAttribute('data-count').then(Number);

/** A device on screen that the index holds FRESH and COMPLIANT and tied to its OPSWAT id (so a push names it), not one of `except`. */
async function compliantOnScreen(except: number[] = []): Promise<FleetEntry> {
  const ids = await idsOnScreen();
  const entry = ids
    .map((id) => graph.graph.fleet.get(id)!)
    .find(
      (each) =>
        !except.includes(each.device.id) &&
        each.opswatDeviceId !== null &&
        each.outcome?.state === 'FRESH' &&
        each.outcome.answer.report.status === 'COMPLIANT',
    );
  if (!entry) throw new Error('no COMPLIANT device tied to OPSWAT on screen');
  return entry;
}

/** Waits for the sweep, the hostname join after it, and their lookups: from then on, counts change only as a test changes them. */
async function sweepFinished(): Promise<void> {
  lookupsHeld?.release();
  const fleet = graph.graph.fleet;
  await until(
    () =>
      fleet.size > 0 &&
      fleet.counts(Date.now()).unknown === 0 &&
      graph.logs.text().includes('fleet listing:') &&
      graph.graph.sweeper!.inFlight === 0 &&
      graph.graph.services.compliance.queueDepth === 0,
    45_000,
    'the sweep',
  );
}

describe("the example dashboard's live updates against demo mode", () => {
  it('turns QUEUED rows and the summary live, by subscriptions sent as persisted ids: no query is asked again, no reload', async () => {
    const summary = await page.context().newPage();
    await Promise.all([page.goto(`${dashboard.url}#/devices`), summary.goto(`${dashboard.url}#/fleet`)]);
    await page.locator('[data-testid=device-row] [data-state=QUEUED]').first().waitFor({ timeout: 30_000 });
    await summary.locator('[data-testid=by-state] li[data-key=QUEUED]').waitFor({ timeout: 30_000 });
    expect(await summaryCount(summary, 'by-state', 'QUEUED')).toBeGreaterThan(0);
    await screenshot(page, 'dashboard-live-queued');
    for (const each of [page, summary]) await each.evaluate(() => Object.assign(window, { notReloaded: true }));
    // What the two pages asked over HTTP to show what they show; from here on, nothing more.
    const asked = [...posted];
    expect(asked.sort()).toEqual(['Devices', 'FleetSummary']);
    lookupsHeld!.release();

    await Promise.all([
      page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row] [data-state=QUEUED]').length === 0, null, {
        timeout: 30_000,
      }),
      summary.waitForFunction(
        () => document.querySelector('[data-testid=by-state] li[data-key=QUEUED]')?.getAttribute('data-count') === '0',
        null,
        { timeout: 30_000 },
      ),
    ]);
    await expect(page.locator('[data-testid=device-row] [data-state=FRESH]').count()).resolves.toBeGreaterThan(0);
    for (const each of [page, summary]) {
      await expect(each.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    }
    expect(posted).toHaveLength(asked.length);
    await screenshot(page, 'dashboard-live-fresh');

    // Each page subscribed over graphql-ws by id alone (the graph runs the listed documents only).
    const subscribes = sockets
      .flatMap((each) => each.sent)
      .map((frame) => JSON.parse(frame) as { type: string; payload?: any })
      .filter((frame) => frame.type === 'subscribe');
    expect(new Set(subscribes.map((frame) => frame.payload.operationName))).toEqual(new Set(['DeviceChanged', 'FleetSummaryChanged']));
    for (const frame of subscribes) {
      expect(frame.payload.query).toBe('');
      expect(listed.has(frame.payload.extensions.persistedQuery.sha256Hash)).toBe(true);
    }
    await summary.close();
  }, 60_000);

  it('shows a status change at OPSWAT in the row and the summary as it happens, with no query asked', async () => {
    await sweepFinished();
    const summary = await page.context().newPage();
    await summary.goto(`${dashboard.url}#/fleet`);
    await summary.locator('[data-testid=by-status] li[data-key=NON_COMPLIANT]').waitFor();
    const entry = await compliantOnScreen();
    const before = {
      compliant: await summaryCount(summary, 'by-status', 'COMPLIANT'),
      non: await summaryCount(summary, 'by-status', 'NON_COMPLIANT'),
    };
    const asked = posted.length;

    graph.graph.simulator!.opswat.change(entry.opswatDeviceId!, { status: 'non_compliant', totalIssues: 2, totalCriticalIssues: 1 });
    await rowOf(entry.device.id).getByText('NON_COMPLIANT').waitFor({ timeout: 15_000 });
    await summary.waitForFunction(
      (expected) => document.querySelector('[data-testid=by-status] li[data-key=NON_COMPLIANT]')?.getAttribute('data-count') === expected,
      String(before.non + 1),
      { timeout: 15_000 },
    );
    await expect(summaryCount(summary, 'by-status', 'COMPLIANT')).resolves.toBe(before.compliant - 1);
    expect(posted).toHaveLength(asked);
    await screenshot(page, 'dashboard-live-changed');
    await summary.close();
  }, 40_000);

  it('says when the graph goes away, reconnects when it is back, and asks again for what changed meanwhile', async () => {
    await expect(page.getByRole('status').count()).resolves.toBe(0);
    await proxy.down();
    const banner = page.getByRole('status');
    await banner.getByText('Connection to the graph lost').waitFor({ timeout: 15_000 });
    await expect(banner.textContent()).resolves.toMatch(/live updates paused, reconnecting/);
    await screenshot(page, 'dashboard-live-connection-lost');

    // A change while the page cannot hear it: no event will ever say so.
    const entry = await compliantOnScreen();
    graph.graph.simulator!.opswat.change(entry.opswatDeviceId!, { status: 'non_compliant', totalIssues: 3, totalCriticalIssues: 0 });
    await until(
      () => {
        const outcome = graph.graph.fleet.get(entry.device.id)?.outcome;
        return outcome?.state === 'FRESH' && outcome.answer.report.status === 'NON_COMPLIANT';
      },
      10_000,
      'the push at the graph',
    );
    await expect(rowOf(entry.device.id).textContent()).resolves.not.toContain('NON_COMPLIANT');
    const asked = posted.length;
    const socketsBefore = sockets.length;

    await proxy.up();
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    await rowOf(entry.device.id).getByText('NON_COMPLIANT').waitFor({ timeout: 10_000 });
    // The devices table asked again (its loaded rows, as one page); no event for this device came on the new socket.
    expect(posted.slice(asked)).toContain('Devices');
    const fresh = sockets.slice(socketsBefore).flatMap((each) => each.received);
    expect(fresh.some((frame) => frame.includes(`"id":"${entry.device.id}"`))).toBe(false);
    await expect(page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
  }, 40_000);

  it('loaded nothing but the app and the graph, and logged no error but the lost connection', () => {
    expect(blocked).toEqual([]);
    expect(errors.flat().filter((error) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(error))).toEqual([]);
  });
});
