/**
 * The dashboard on the default demo, measured in Chromium (not part of `npm test`: it takes about
 * four minutes, at OPSWAT's real budget). `npm run measure:dashboard` runs it through jest (which
 * compiles the sources) and writes test-output/measure/dashboard-demo.json.
 *
 * The graph starts as `npm run dashboard` starts it (1,300 devices, the sweep on, 10 OPSWAT calls a
 * minute), the page opens on the devices table with the summary in a second tab, and nothing is
 * ever reloaded. Measured from the graph's start: when the first QUEUED row shows, when no device
 * is QUEUED on screen any more (the summary's QUEUED count, fed by fleetSummaryChanged, and the
 * table's rows, fed by deviceChanged), and when the summary's counts by state equal the simulator's
 * truth (the hostname join included); compared with the physical bound: the lookups the sweep
 * needs (`ceil(MACs it must ask / 50) + 2`, the listing and the join's lookups included) at 10 a
 * minute, back to back, plus a second for the last call. Counted at the simulator: every OPSWAT call.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { type DashboardServer, serveDashboard } from '../../examples/dashboard/serve.js';
import { launchChromium } from '../browser/harness.js';
import { fleetTruth } from '../helpers/fleet-truth.js';
import { startDemoGraph, type TestGraph } from '../helpers/graph.js';
import { buildDashboardOnce } from '../helpers/process.js';

const OUT = path.resolve(import.meta.dirname, '../../test-output/measure/dashboard-demo.json');
const LIMIT = 10;
const WINDOW_MS = 60_000;

let graph: TestGraph | undefined;
let dashboard: DashboardServer | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await graph?.close();
});

/** Counts by key, as a chart shows them. */
type Counts = Record<string, number>;

/** Resolves with the time (ms since `t0`) at which `predicate(arg)` first holds in `page`, polled every 100 ms. */
async function when(
  page: Page,
  t0: number,
  predicate: (arg: Counts | null) => boolean,
  timeoutMs: number,
  arg: Counts | null = null,
): Promise<number> {
  await page.waitForFunction(predicate, arg, { polling: 100, timeout: timeoutMs });
  return Date.now() - t0;
}

it('the default demo: QUEUED rows at once, every device out of QUEUED within the physical bound, without a reload', async () => {
  buildDashboardOnce();
  browser = await launchChromium();
  const t0 = Date.now();
  // The demo's own defaults (fleet, sweep, budget); only the log level and the data directory are the test's.
  graph = await startDemoGraph({ SIMULATOR_FLEET_SIZE: '1300', FLEET_SWEEP: 'on', LOG_LEVEL: 'info' });
  const graphReadyMs = Date.now() - t0;
  dashboard = await serveDashboard({ port: 0, graphqlUrl: `${graph.url}/graphql` });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const table = await context.newPage();
  const summary = await context.newPage();
  let reloads = 0;
  for (const each of [table, summary]) each.on('load', () => (reloads += 1));
  const pageOpenedMs = Date.now() - t0;
  await Promise.all([table.goto(`${dashboard.url}#/devices`), summary.goto(`${dashboard.url}#/fleet`)]);

  const firstQueuedMs = await when(
    table,
    t0,
    () => document.querySelector('[data-testid=device-row] [data-state=QUEUED]') !== null,
    60_000,
  );
  const noneQueuedMs = await Promise.all([
    when(
      summary,
      t0,
      () => document.querySelector('[data-testid=by-state] li[data-key=QUEUED]')?.getAttribute('data-count') === '0',
      600_000,
    ),
    when(table, t0, () => document.querySelectorAll('[data-testid=device-row] [data-state=QUEUED]').length === 0, 600_000),
  ]).then((times) => Math.max(...times));

  // The simulator's truth, as the summary shows states once the join is done.
  const sim = graph.graph.simulator!;
  const truth = fleetTruth(sim.fleet);
  const expected: Record<string, number> = { FRESH: 0, STALE: 0, QUEUED: 0, NOT_FOUND: 0, UNMATCHED: 0, FAILED: 0 };
  for (const device of truth.live) expected[truth.truthOf(device).state]! += 1;
  const finalMs = await when(
    summary,
    t0,
    (want) =>
      [...document.querySelectorAll('[data-testid=by-state] li')].every(
        (li) => Number(li.getAttribute('data-count')) === want?.[li.getAttribute('data-key') ?? ''],
      ),
    600_000,
    expected,
  );

  // What the sweep must ask: each eligible device's MACs in the graph's order, up to the first OPSWAT knows (all of them if none).
  let macs = 0;
  for (const entry of graph.graph.fleet.all()) {
    const device = sim.fleet.devices.find((each) => each.id === entry.device.id);
    if (!device || entry.device.deletedAt !== null || entry.device.macAddresses.length === 0) continue;
    const known = entry.device.macAddresses.findIndex(
      (mac) => device.opswat.detailsStatus !== null && device.opswat.knownMacs.includes(mac),
    );
    macs += known >= 0 ? known + 1 : entry.device.macAddresses.length;
  }
  const boundCalls = Math.ceil(macs / 50) + 2;
  /** The last of `calls` calls at `perWindow` a window, back to back from the start, answered a second later. */
  const lastCallMs = (calls: number, perWindow: number) => (Math.ceil(calls / perWindow) - 1) * WINDOW_MS + 1_000;
  const physicalBoundMs = lastCallMs(boundCalls, LIMIT);
  const opswat = sim.calls().filter((call) => call.upstream === 'opswat');
  const lookups = opswat.filter((call) => call.route === 'device-details' || call.route === 'policy-check');
  // Every OPSWAT call but the token counts against the budget; those made before no device was QUEUED, by second since t0.
  const budgeted = opswat.filter((call) => call.route !== 'oauth-token' && call.at <= t0 + noneQueuedMs);
  const result = {
    devices: truth.live.length,
    graphReadyMs,
    pageOpenedMs,
    firstQueuedMs,
    noneQueuedMs,
    finalCountsMs: finalMs,
    macsToAsk: macs,
    boundCalls,
    physicalBoundMs,
    ratio: Number((noneQueuedMs / physicalBoundMs).toFixed(3)),
    // The sweep leaves one slot of each window to clients (sweepReserve): at most LIMIT - 1 of its calls a window.
    boundWithClientSlotMs: lastCallMs(boundCalls, LIMIT - 1),
    ratioWithClientSlot: Number((noneQueuedMs / lastCallMs(boundCalls, LIMIT - 1)).toFixed(3)),
    budgetedCallsUntilNoneQueued: budgeted.length,
    budgetedCallSeconds: budgeted.map((call) => `${call.route}@${((call.at - t0) / 1000).toFixed(1)}`),
    ratioFinal: Number((finalMs / physicalBoundMs).toFixed(3)),
    lookupCalls: lookups.length,
    opswatCalls: opswat.length,
    opswatCallsByRoute: Object.fromEntries(
      [...new Set(opswat.map((call) => call.route))].map((route) => [route, opswat.filter((call) => call.route === route).length]),
    ),
    rateLimited: opswat.filter((call) => call.status === 429).length,
    reloads: reloads - 2,
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`dashboard demo: ${JSON.stringify(result)}\n`);
  expect(result.reloads).toBe(0);
  expect(result.rateLimited).toBe(0);
}, 900_000);
