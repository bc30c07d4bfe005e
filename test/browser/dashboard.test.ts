import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { type DashboardServer, serveDashboard } from '../../examples/dashboard/serve.js';
import { startDemoGraph, type TestGraph } from '../helpers/graph.js';
import { buildDashboardOnce } from '../helpers/process.js';
import { allowOnly, holdLookups, launchChromium, pageErrors, screenshot } from './harness.js';

// README "The example dashboard", against demo mode: the app as `npm run dashboard` builds and
// serves it, calling the graph across origins, in a browser that reaches only those two.

const MANIFEST = path.resolve(import.meta.dirname, '../../examples/dashboard/src/gql/persisted-documents.json');
const documents = Object.entries(JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>);
const idOf = (operation: string) => documents.find(([, text]) => text.includes(`query ${operation}`))![0];

let graph: TestGraph;
let dashboard: DashboardServer;
let browser: Browser;
let page: Page;
let blocked: string[];
let errors: string[];
let graphOrigin: string;
let lookupsHeld: { release(): void } | undefined;

/** Each row's compliance state as the page shows it, by hostname. */
async function statesOnScreen(): Promise<Record<string, string>> {
  return page.$$eval('[data-testid=result-row]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [row.getAttribute('data-hostname'), row.querySelector('[data-state]')?.getAttribute('data-state')]),
    ),
  );
}

/** The graph's own answer for the newest run's first page, asked as the app asks it (by document id). */
async function statesFromGraph(): Promise<Record<string, string>> {
  const runs = await fetch(`${graph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ documentId: idOf('RunList'), variables: {} }),
  }).then((response) => response.json() as Promise<any>);
  const newest = runs.data.policyRuns.nodes[0];
  const results = await fetch(`${graph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      documentId: idOf('RunResults'),
      variables: { policyUuid: newest.policy.uuid, execToken: newest.execToken, page: 0, limit: 25 },
    }),
  }).then((response) => response.json() as Promise<any>);
  return Object.fromEntries(
    (results.data.policyRunResults.nodes as any[]).map((row) => [row.device.hostname, row.device.compliance.state as string]),
  );
}

beforeAll(async () => {
  buildDashboardOnce();
  // No waiting on OPSWAT within a request: every device the first page shows starts QUEUED, and
  // stays so while OPSWAT's answers are held at the simulator (a held lookup is a slow answer,
  // not a failed one), however slowly the machine brings the page up.
  [graph, browser] = await Promise.all([
    startDemoGraph(
      { COMPLIANCE_MAX_WAIT_MS: '0', UPSTREAM_TIMEOUT_MS: '300000' },
      { onSimulator: (simulator) => (lookupsHeld = holdLookups(simulator)) },
    ),
    launchChromium(),
  ]);
  dashboard = await serveDashboard({ port: 0, graphqlUrl: `${graph.url}/graphql` });
  graphOrigin = new URL(graph.url).origin;
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  blocked = await allowOnly(context, [new URL(dashboard.url).origin, graphOrigin]);
  page = await context.newPage();
  errors = pageErrors(page);
}, 60_000);
afterAll(async () => {
  lookupsHeld?.release();
  await browser?.close();
  await dashboard?.close();
  await graph?.close();
});

describe('the example dashboard against demo mode', () => {
  it("shows the newest run's results, each row's compliance as the graph answers it; QUEUED rows turn FRESH without a reload", async () => {
    await page.goto(dashboard.url);
    const queued = page.locator('[data-testid=result-row]', { has: page.locator('[data-state=QUEUED]') });
    await queued.first().waitFor();
    await expect(queued.first().textContent()).resolves.toMatch(/QUEUED.*retry in \d+ s/);
    const hostname = (await queued.first().getAttribute('data-hostname'))!;
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    lookupsHeld!.release();

    // The answers reach the page through the deviceChanged subscription: no row is left waiting,
    // and this one is FRESH (test/browser/dashboard-live.test.ts counts that no query is re-sent).
    const row = page.locator(`[data-testid=result-row][data-hostname="${hostname}"]`);
    await row.locator('[data-state=FRESH]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=result-row] [data-state=QUEUED]').length === 0, null, {
      timeout: 30_000,
    });
    await expect(page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);

    const onScreen = await statesOnScreen();
    expect(Object.keys(onScreen)).toHaveLength(25);
    expect(onScreen).toEqual(await statesFromGraph());
    await screenshot(page, 'dashboard-run-results');
  }, 60_000);

  it("opens a device's page from its row: the device's fields and OPSWAT's report", async () => {
    const fresh = page.locator('[data-testid=result-row]', { has: page.locator('[data-state=FRESH]') }).first();
    const hostname = (await fresh.getAttribute('data-hostname'))!;
    await fresh.locator('a').first().click();
    await page.getByRole('heading', { name: 'OPSWAT report' }).waitFor();
    const device = (
      await graph.query('query ($h: String!) { device(hostname: $h) { macAddresses compliance { report { status } } } }', { h: hostname })
    ).data!.device;
    const text = await page.locator('article.device').textContent();
    expect(text).toContain(hostname);
    for (const mac of device.macAddresses) expect(text).toContain(mac);
    expect(text).toContain(device.compliance.report.status);
    await expect(page.locator('[data-testid=device-compliance] [data-state]').getAttribute('data-state')).resolves.toBe('FRESH');
    await screenshot(page, 'dashboard-device');
  });

  it('shows OPSWAT failing as text on the device page, not a blank page', async () => {
    const simulator = graph.graph.simulator!;
    const shown = new Set(Object.keys(await statesOnScreen()));
    const unseen = simulator.fleet.devices.find((device) => !device.deletedAt && device.nics.length > 0 && !shown.has(device.hostname))!;
    simulator.inject({ route: 'device-details', status: 503, times: Infinity });
    try {
      await page.goto(`${dashboard.url}#/devices/${encodeURIComponent(unseen.hostname)}`);
      const failed = page.locator('[data-testid=device-compliance] [data-state=FAILED]');
      await failed.waitFor({ timeout: 30_000 });
      await expect(failed.textContent()).resolves.toMatch(/FAILED.*OPSWAT could not be asked \(UPSTREAM_\w+\); retry in \d+ s/);
      // The rest of the page is there: Automox answered.
      await expect(page.locator('article.device').textContent()).resolves.toContain(unseen.hostname);
      await screenshot(page, 'dashboard-opswat-failing');
    } finally {
      simulator.clearFaults();
    }
  }, 45_000);

  it('says when the connection to the graph is lost, and stops saying so once it is back', async () => {
    await page.route(
      (url) => url.origin === graphOrigin,
      (route) => route.abort('connectionrefused'),
    );
    // A fresh load: what it has not cached it must ask the graph for.
    await page.goto(`${dashboard.url}#/runs`);
    await page.reload();
    const banner = page.getByRole('status');
    await banner.getByText('Connection to the graph lost').waitFor();
    await screenshot(page, 'dashboard-connection-lost');
    await page.unrouteAll();
    await banner.getByRole('button', { name: 'Retry now' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.locator('[data-testid=result-row]').first().waitFor();
  });

  it('loaded nothing but the app and the graph, and logged no error but the refused connections', () => {
    expect(blocked).toEqual([]);
    expect(errors.filter((error) => !/ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch/.test(error))).toEqual([]);
  });
});
