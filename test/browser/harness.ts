import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Simulator } from '../../src/simulator/index.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Where the browser tests' screenshots go (gitignored, beside any other test output). */
export const SCREENSHOTS = path.join(root, 'test-output/screenshots');

/** Where Debian and Ubuntu put their Chromium, in the order tried after CHROMIUM_PATH. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Debian's Chromium, never a browser download (this network reaches only package registries): the
 * file CHROMIUM_PATH names, else the first of {@link CANDIDATES}. Missing, it is one line saying how
 * to install it, thrown so that every browser test FAILS: a skipped browser test reads as a pass.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CANDIDATES): string {
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(
      `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist: point it at a Chromium binary, or unset it to use /usr/bin/chromium`,
    );
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    `No Chromium for the browser tests (looked at ${candidates.join(', ')}): install it with \`apt-get install chromium\` (as root; .ci/run does), or set CHROMIUM_PATH`,
  );
}

/**
 * Chromium flags for a closed network: without the background-networking ones Chromium keeps
 * dialling Google (updates, sync, field trials), which this network refuses, and a refused
 * connection can stall start-up on a loaded machine. No sandbox: the tests run as root.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless Chromium; playwright gives every launch a fresh, temporary profile (user data dir). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: FLAGS, timeout: 60_000 });
}

/**
 * Lets a page reach only `origins` (scheme://host:port): every other request is aborted before it
 * leaves, so a page that still works proves it needs nothing from the internet (no CDN). Returns
 * the URLs that were blocked.
 */
export async function allowOnly(context: BrowserContext, origins: readonly string[]): Promise<string[]> {
  const blocked: string[] = [];
  await context.route(
    (url) => !origins.includes(url.origin) && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return blocked;
}

/** Saves a full-page screenshot as `test-output/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects a page's console errors and uncaught exceptions, to assert that a view loaded cleanly. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/**
 * Waits until the first element matching `selector` has `text` in its text. For editors, where a
 * locator by text is brittle: Monaco renders a line as many spans, only the lines in view, and its
 * spaces as no-break spaces.
 */
export async function waitForText(page: Page, selector: string, text: string, timeoutMs = 20_000): Promise<void> {
  await page
    .waitForFunction(
      ([where, what]) =>
        (document.querySelector(where!) as HTMLElement | null)?.textContent?.replace(/\u00a0/g, ' ').includes(what!) === true,
      [selector, text],
      {
        timeout: timeoutMs,
      },
    )
    .catch(async (error: Error) => {
      const shown = await page.evaluate(
        (where) => (document.querySelector(where) as HTMLElement | null)?.textContent ?? '(no such element)',
        selector,
      );
      throw new Error(`${selector} never showed "${text}" (${error.message}); it shows:\n${shown.slice(0, 2000)}`);
    });
}

/**
 * Holds OPSWAT's answers to lookups at the simulator (a batch of 50 asks Device Details, a single
 * one Policy Check) until `release()`: each call arrives and is counted, its answer waits on the
 * wire, so a page shows devices QUEUED however slowly the machine brings it up.
 */
export function holdLookups(simulator: Simulator): { release(): void } {
  const held = [simulator.hold('device-details'), simulator.hold('policy-check')];
  return {
    release: () => {
      for (const each of held) each.release();
    },
  };
}
