import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { type DashboardServer, serveDashboard } from '../../examples/dashboard/serve.js';
import { sleep } from '../budget/spend.js';
import { fleetTruth } from '../helpers/fleet-truth.js';
import { startDemoGraph, type TestGraph } from '../helpers/graph.js';
import { buildDashboardOnce } from '../helpers/process.js';
import { allowOnly, holdLookups, launchChromium, pageErrors, screenshot } from './harness.js';

// README "The example dashboard", its fleet views, against demo mode with the sweep on: 250 devices
// and a budget of 2 calls a second (half for the sweep). OPSWAT's answers to the sweep's lookups
// are held at the simulator until both views have shown devices QUEUED, however slowly the
// machine brings the pages up; once released, the sweep (and the hostname join after it) ends in
// about 12 s, and every count can then be checked against the simulator's truth.

let graph: TestGraph;
let dashboard: DashboardServer;
let browser: Browser;
let page: Page;
let blocked: string[];
let errors: string[];
let truth: ReturnType<typeof fleetTruth>;
let lookupsHeld: { release(): void } | undefined;

/** Counts a chart shows, by bar. */
async function barsOnScreen(testId: string): Promise<Record<string, number>> {
  return page.$$eval(`[data-testid=${testId}] li`, (items) =>
    Object.fromEntries(items.map((item) => [item.getAttribute('data-key'), Number(item.getAttribute('data-count'))])),
  );
}

/** Waits until the devices table says it holds `total` devices. */
async function waitForTotal(total: number): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid=devices-count]')?.getAttribute('data-total') === String(expected),
    total,
    { timeout: 30_000 },
  );
}

const rowHostnames = () => page.$$eval('[data-testid=device-row]', (rows) => rows.map((row) => row.getAttribute('data-hostname')!));

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
        // A held lookup is a slow answer, not a failed one.
        UPSTREAM_TIMEOUT_MS: '300000',
      },
      { onSimulator: (simulator) => (lookupsHeld = holdLookups(simulator)) },
    ),
    launchChromium(),
  ]);
  dashboard = await serveDashboard({ port: 0, graphqlUrl: `${graph.url}/graphql` });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  blocked = await allowOnly(context, [new URL(dashboard.url).origin, new URL(graph.url).origin]);
  page = await context.newPage();
  errors = pageErrors(page);
  truth = fleetTruth(graph.graph.simulator!.fleet);
}, 60_000);
afterAll(async () => {
  lookupsHeld?.release();
  await browser?.close();
  await dashboard?.close();
  await graph?.close();
});

/**
 * Waits for the sweep, then the hostname join (the listing runs once the MACs are done), then its
 * lookups; the held answers are released first, so a later spec never depends on an earlier one.
 */
async function sweepFinished(): Promise<void> {
  lookupsHeld?.release();
  const fleet = graph.graph.fleet;
  const deadline = Date.now() + 45_000;
  while (
    !(
      fleet.size > 0 &&
      fleet.counts(Date.now()).unknown === 0 &&
      graph.logs.text().includes('fleet listing:') &&
      graph.graph.sweeper!.inFlight === 0 &&
      graph.graph.services.compliance.queueDepth === 0
    )
  ) {
    if (Date.now() > deadline) throw new Error('the sweep did not finish');
    await sleep(50);
  }
}

describe("the example dashboard's fleet views against demo mode", () => {
  it('shows devices QUEUED behind the sweep, in the table and the summary, and follows the live updates until none is, without a reload', async () => {
    // The summary in a second tab of the same browser, both opened while no lookup has been answered.
    const summaryPage = await page.context().newPage();
    errors.push(...pageErrors(summaryPage));
    await Promise.all([page.goto(`${dashboard.url}#/devices`), summaryPage.goto(`${dashboard.url}#/fleet`)]);
    const queued = page.locator('[data-testid=device-row] [data-state=QUEUED]');
    await queued.first().waitFor({ timeout: 30_000 });
    await expect(queued.first().textContent()).resolves.toMatch(/QUEUED.*retry in \d+ s/);
    await screenshot(page, 'dashboard-devices-queued');
    const queuedBar = summaryPage.locator('[data-testid=by-state] li[data-key=QUEUED]');
    await queuedBar.waitFor({ timeout: 30_000 });
    expect(Number(await queuedBar.getAttribute('data-count'))).toBeGreaterThan(0);
    for (const each of [page, summaryPage]) await each.evaluate(() => Object.assign(window, { notReloaded: true }));
    lookupsHeld!.release();

    // deviceChanged turns each row, fleetSummaryChanged the summary, until nothing shown is QUEUED.
    await Promise.all([
      page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row] [data-state=QUEUED]').length === 0, null, {
        timeout: 30_000,
      }),
      summaryPage.waitForFunction(
        () => document.querySelector('[data-testid=by-state] li[data-key=QUEUED]')?.getAttribute('data-count') === '0',
        null,
        { timeout: 30_000 },
      ),
    ]);
    for (const each of [page, summaryPage]) {
      await expect(each.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    }
    await summaryPage.close();
    await sweepFinished();
  }, 120_000);

  it("shows the fleet summary's counts as the simulator's truth has them", async () => {
    await sweepFinished();
    await page.goto(`${dashboard.url}#/fleet`);
    await page.locator('[data-testid=fleet-summary]').waitFor();
    const truths = truth.live.map(truth.truthOf);
    const count = (predicate: (each: (typeof truths)[number]) => boolean) => truths.filter(predicate).length;
    const fresh = count((each) => each.state === 'FRESH');

    await expect(page.locator('[data-testid=total]').textContent()).resolves.toBe(String(truth.live.length));
    await expect(page.locator('[data-testid=without-report]').textContent()).resolves.toBe(String(truth.live.length - fresh));
    await expect(page.locator('[data-testid=fresh-share]').textContent()).resolves.toBe(
      `${((100 * fresh) / truth.live.length).toFixed(1)} %`,
    );
    await expect(barsOnScreen('by-status')).resolves.toEqual(
      Object.fromEntries(
        ['COMPLIANT', 'NON_COMPLIANT', 'REPORTING', 'EXEMPTED', 'UNKNOWN'].map((status) => [
          status,
          count((each) => each.state === 'FRESH' && each.status === status),
        ]),
      ),
    );
    await expect(barsOnScreen('by-state')).resolves.toEqual(
      Object.fromEntries(
        ['FRESH', 'STALE', 'QUEUED', 'NOT_FOUND', 'UNMATCHED', 'FAILED'].map((state) => [state, count((each) => each.state === state)]),
      ),
    );
    const ambiguous = truth.live.filter((device) => !truth.knownByMac(device) && truth.listedUnder(device.hostname).length > 1).length;
    await expect(barsOnScreen('unmatched')).resolves.toEqual({
      NO_USABLE_MAC: count((each) => each.state === 'UNMATCHED') - ambiguous,
      UNKNOWN_TO_OPSWAT: count((each) => each.state === 'NOT_FOUND'),
      AMBIGUOUS_HOSTNAME: ambiguous,
    });
    // The budget's estimate, as the graph has it now: a number of seconds, worded.
    await expect(page.locator('[data-testid=until-all-fresh]').textContent()).resolves.toMatch(/^(now|about \d+ (s|min|h|d))$/);
    await screenshot(page, 'dashboard-fleet-summary');
  });

  it('narrows the devices table by a filter, and says why an UNMATCHED device is unmatched', async () => {
    await sweepFinished();
    await page.goto(`${dashboard.url}#/devices`);
    await waitForTotal(truth.live.length);
    const nonCompliant = truth.live.filter((device) => {
      const each = truth.truthOf(device);
      return each.state === 'FRESH' && each.status === 'NON_COMPLIANT';
    });
    expect(nonCompliant.length).toBeGreaterThan(0);
    expect(nonCompliant.length).toBeLessThan(truth.live.length);
    await page.selectOption('select[name=status]', 'NON_COMPLIANT');
    await waitForTotal(nonCompliant.length);
    const rows = page.locator('[data-testid=device-row]');
    for (const text of await rows.allTextContents()) expect(text).toContain('NON_COMPLIANT');

    // A hostname substring on top (AND): the rows hold it, case-insensitively.
    const part = nonCompliant[0]!.hostname.slice(0, 3).toUpperCase();
    const both = nonCompliant.filter((device) => device.hostname.toLowerCase().includes(part.toLowerCase()));
    await page.fill('input[name=hostname]', part);
    await waitForTotal(both.length);
    for (const hostname of await rowHostnames()) expect(hostname.toLowerCase()).toContain(part.toLowerCase());
    await screenshot(page, 'dashboard-devices-filtered');

    // UNMATCHED rows say why, from Device.match.
    await page.fill('input[name=hostname]', '');
    await page.selectOption('select[name=status]', '');
    await page.selectOption('select[name=state]', 'UNMATCHED');
    const unmatched = truth.live.filter((device) => truth.truthOf(device).state === 'UNMATCHED');
    await waitForTotal(unmatched.length);
    for (const text of await rows.allTextContents()) {
      expect(text).toMatch(/UNMATCHED (the inventory lists no MAC address|OPSWAT lists its hostname .* never guessed)/);
    }
    await screenshot(page, 'dashboard-devices-unmatched');
  });

  it('pages with "Load more" to the last device, each device once, in hostname order', async () => {
    await page.goto(`${dashboard.url}#/devices`);
    await page.reload();
    await waitForTotal(truth.live.length);
    const more = page.getByRole('button', { name: 'Load more' });
    for (let pages = 1; await more.isVisible(); pages += 1) {
      expect(pages).toBeLessThan(20);
      const shown = await page.locator('[data-testid=device-row]').count();
      await more.click();
      await page.waitForFunction((before) => document.querySelectorAll('[data-testid=device-row]').length > before, shown);
    }
    const ids = await page.$$eval('[data-testid=device-row]', (rows) => rows.map((row) => row.getAttribute('data-id')!));
    expect(ids).toHaveLength(truth.live.length);
    expect([...ids].sort()).toEqual(truth.live.map((device) => String(device.id)).sort());
    const hostnames = (await rowHostnames()).map((hostname) => hostname.toLowerCase());
    expect(hostnames).toEqual([...hostnames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await expect(page.locator('[data-testid=devices-count]').textContent()).resolves.toBe(
      `${truth.live.length} of ${truth.live.length} devices`,
    );
    await screenshot(page, 'dashboard-devices-all');
  });

  it("opens a device's page from its row", async () => {
    const row = page.locator('[data-testid=device-row]').last();
    const hostname = (await row.getAttribute('data-hostname'))!;
    await row.locator('a').click();
    await page.getByRole('heading', { name: 'OPSWAT report' }).or(page.locator('[data-testid=device-compliance]')).first().waitFor();
    await expect(page.locator('article.device').textContent()).resolves.toContain(hostname);
  });

  it("explains a device's match adapter by adapter on its page", async () => {
    // A device OPSWAT knows only by a later adapter: its first MAC was asked and unknown.
    const device = truth.live.find(
      (each) =>
        truth.knownByMac(each) &&
        !each.opswat.knownMacs.includes(each.physicalMacs[0]!) &&
        truth.live.filter((other) => other.hostname.toLowerCase() === each.hostname.toLowerCase()).length === 1,
    )!;
    expect(device).toBeDefined();
    await page.goto(`${dashboard.url}#/devices/${encodeURIComponent(device.hostname)}`);
    const rows = page.locator('[data-testid=adapters] tr');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((each) =>
      each.map((row) => ({ outcome: row.getAttribute('data-outcome'), text: row.textContent ?? '' })),
    );
    expect(shown).toHaveLength(device.nics.length);
    const asked = shown.filter((row) => ['MATCHED', 'UNKNOWN_TO_OPSWAT', 'NOT_ASKED'].includes(row.outcome!));
    expect(asked[0]).toMatchObject({ outcome: 'UNKNOWN_TO_OPSWAT' });
    expect(asked[0]!.text).toContain(device.physicalMacs[0]);
    const matched = asked.find((row) => row.outcome === 'MATCHED')!;
    expect(matched.text).toContain('OPSWAT answered for it');
    expect(device.opswat.knownMacs.some((mac) => matched.text.includes(mac))).toBe(true);
    await screenshot(page, 'dashboard-device-adapters');
  });

  it('loaded nothing but the app and the graph, and logged no error', () => {
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
