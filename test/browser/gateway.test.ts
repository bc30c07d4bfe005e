import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { composeSupergraph } from '../../examples/federation/compose-supergraph.js';
import { type OwnershipSubgraph, SAMPLE_OWNERS, startOwnershipSubgraph } from '../../examples/federation/ownership-subgraph.js';
import { startDemoGraph, type TestGraph } from '../helpers/graph.js';
import { freePort } from '../helpers/process.js';
import { allowOnly, launchChromium, pageErrors, screenshot, waitForText } from './harness.js';

// README "Federation and scaling out", as a user walks it: `npm run supergraph`, then `npm run
// gateway` (run here as package.json writes it, on a free GATEWAY_PORT), then the gateway's GraphiQL
// in a browser that can reach nothing but the gateway.

const root = path.resolve(import.meta.dirname, '../..');
const script: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.gateway;

let graph: TestGraph;
let ownership: OwnershipSubgraph;
let gateway: ChildProcess;
let scratch: string;
let url: string;
let browser: Browser;
let page: Page;
let blocked: string[];
let errors: string[];

/** Starts `npm run gateway`'s command in its own process group and waits for its "Listening" line. */
async function startGateway(supergraph: string, port: number): Promise<ChildProcess> {
  const child = spawn('/bin/sh', ['-c', script.replace(' supergraph.graphql ', ` ${supergraph} `)], {
    cwd: root,
    env: { PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}`, GATEWAY_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('"msg":"Listening on')) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', () => reject(new Error(`npm run gateway exited before it was ready:\n${output}`)));
  });
  return child;
}

/** Replaces the query editor's text, as a paste would (typing would meet the editor's bracket completion). */
async function setQuery(text: string): Promise<void> {
  await page.locator('.graphiql-query-editor .monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  // Whatever the editor closed for us (a bracket) is after the cursor: drop it.
  await page.keyboard.press('Shift+ControlOrMeta+End');
  await page.keyboard.press('Delete');
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'posture-gateway-'));
  [graph, ownership, browser] = await Promise.all([startDemoGraph(), startOwnershipSubgraph(), launchChromium()]);
  const supergraph = path.join(scratch, 'supergraph.graphql');
  writeFileSync(supergraph, composeSupergraph({ posture: `${graph.url}/graphql`, ownership: ownership.url }));
  const port = await freePort();
  gateway = await startGateway(supergraph, port);
  url = `http://127.0.0.1:${port}/graphql`;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  blocked = await allowOnly(context, [new URL(url).origin]);
  page = await context.newPage();
  errors = pageErrors(page);
}, 90_000);
afterAll(async () => {
  if (gateway?.pid !== undefined && gateway.exitCode === null) {
    const exited = once(gateway, 'exit');
    process.kill(-gateway.pid, 'SIGTERM');
    await exited;
  }
  await browser?.close();
  await Promise.all([graph?.close(), ownership?.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

describe("Hive Gateway's GraphiQL, from `npm run gateway`, with every origin but the gateway blocked", () => {
  it('loads the supergraph schema by introspection, without an error', async () => {
    const introspection = page.waitForResponse(
      (response) => response.url() === url && /__schema/.test(response.request().postData() ?? ''),
    );
    await page.goto(url);
    const response = await introspection;
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { data?: { __schema?: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema).toBeDefined();
    await page.locator('.graphiql-query-editor').getByText('query OwnedDevicePosture').waitFor();
  });

  it('runs its example query across both subgraphs', async () => {
    await page.locator('.graphiql-execute-button').click();
    await waitForText(page, '.graphiql-response', SAMPLE_OWNERS[0]!.name);
    await screenshot(page, 'gateway-graphiql');
  });

  it('runs an ad-hoc query, which only production refuses', async () => {
    await setQuery('query NewestRun { policyRuns(limit: 1) { nodes { execToken } } }');
    // GraphiQL names the tab after the operation once it has parsed the edit; running before that runs the old name.
    await waitForText(page, '.graphiql-tabs', 'NewestRun');
    await page.locator('.graphiql-execute-button').click();
    const newest = await graph.query('{ policyRuns(limit: 1) { nodes { execToken } } }');
    await waitForText(page, '.graphiql-response', newest.data!.policyRuns.nodes[0].execToken);
  });

  it('needed nothing from outside the gateway', () => {
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
