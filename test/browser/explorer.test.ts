import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoGraph, type TestGraph } from '../helpers/graph.js';
import { buildExplorerOnce } from '../helpers/process.js';
import { allowOnly, launchChromium, pageErrors, screenshot, waitForText } from './harness.js';

// README "Exploring the graph": with GRAPHQL_EXPLORER=graphiql the graph serves a GraphiQL bundled
// from npm, which works on a machine that reaches nothing but the graph.

let graph: TestGraph;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let blocked: string[];
let errors: string[];

beforeAll(async () => {
  buildExplorerOnce();
  [graph, browser] = await Promise.all([startDemoGraph({ GRAPHQL_EXPLORER: 'graphiql' }), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Anything but the graph's own origin (a CDN, a font service) is refused before it leaves.
  blocked = await allowOnly(context, [new URL(graph.url).origin]);
  page = await context.newPage();
  errors = pageErrors(page);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await graph?.close();
});

describe('the bundled GraphiQL (GRAPHQL_EXPLORER=graphiql), with every origin but the graph blocked', () => {
  it("opens on the same example operation and the demo's newest run as Apollo Sandbox does", async () => {
    await page.goto(`${graph.url}/graphql`);
    await page.locator('.graphiql-query-editor').getByText('query RecentPolicyRuns').waitFor();
    const runs = await graph.query('{ policyRuns(limit: 1) { nodes { policy { uuid } execToken } } }');
    const newest = runs.data!.policyRuns.nodes[0];
    await expect(page.locator('.graphiql-editor-tool').textContent()).resolves.toContain(newest.execToken);
  });

  it('runs the example query and shows its result in the page', async () => {
    await page.locator('.graphiql-execute-button').click();
    // Two operations in the document: GraphiQL asks which one to run.
    await page.getByRole('menuitem', { name: 'RecentPolicyRuns' }).click();
    const runs = await graph.query('{ policyRuns(limit: 1) { nodes { execToken } } }');
    await waitForText(page, '.graphiql-response', '"policyRuns"');
    await waitForText(page, '.graphiql-response', runs.data!.policyRuns.nodes[0].execToken);
    await screenshot(page, 'explorer-graphiql');
  });

  it('needed nothing from outside the graph, and broke no rule of its content security policy', () => {
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('serves its page and assets under a policy that allows its own origin only', async () => {
    const html = await fetch(`${graph.url}/graphql`, { headers: { accept: 'text/html' } });
    const policy = html.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/https?:/);
    const script = /src="(\/explorer\/assets\/[^"]+\.js)"/.exec(await html.text())![1]!;
    const asset = await fetch(`${graph.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-security-policy')).toBe(policy);
  });
});
