import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import express, { type RequestHandler } from 'express';
import type { Explorer } from '../config/index.js';
import { SANDBOX_DOCUMENT } from './sandbox.js';

export type { Explorer };

/** What either explorer opens with, so Sandbox and GraphiQL show the same thing. */
export interface ExplorerInitialState {
  document: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * The example operation with a real run's ids (demo mode), and, when requests need a token, the
 * header to paste it into: without it the first query answers 401 with no hint where the token goes.
 */
export function explorerInitialState({
  variables,
  authenticated,
}: {
  variables?: Record<string, unknown>;
  authenticated: boolean;
}): ExplorerInitialState {
  return {
    document: SANDBOX_DOCUMENT,
    variables: variables ?? {},
    headers: authenticated ? { Authorization: 'Bearer <a token with the posture:read scope>' } : {},
  };
}

/** The path the bundled GraphiQL's scripts, styles and editor workers are served under (vite's `base`). */
export const EXPLORER_ASSETS_PATH = '/explorer';

/** Where `npm run build` writes the bundled GraphiQL (explorer/vite.config.ts), from src/server or dist/server alike. */
const EXPLORER_DIR = fileURLToPath(new URL('../../dist/explorer/', import.meta.url));

/** The comment in explorer/index.html the page's config replaces. */
const CONFIG_SLOT = /<!-- explorer-config[^>]*-->/;

/**
 * The bundled GraphiQL's page with `initial` in it, as data (a JSON script element is never run,
 * so the page's policy needs no inline-script exception). Read once, at start: a graph asked for
 * GraphiQL before `npm run build` made it stops with one line saying so.
 */
function graphiqlPage(initial: ExplorerInitialState, endpoint: string): string {
  const file = `${EXPLORER_DIR}index.html`;
  if (!existsSync(file)) {
    throw new Error(`GRAPHQL_EXPLORER=graphiql needs the bundled GraphiQL at ${file}: run npm run build (or set GRAPHQL_EXPLORER=sandbox)`);
  }
  const html = readFileSync(file, 'utf8');
  // `<` escaped: a document containing `</script>` must not end the element early.
  const json = JSON.stringify({ endpoint, ...initial }).replace(/</g, '\\u003c');
  return html.replace(CONFIG_SLOT, `<script type="application/json" id="explorer-config">${json}</script>`);
}

/**
 * Apollo Server's landing page for the chosen explorer: Apollo's own Sandbox page, a plugin that
 * answers with the bundled GraphiQL (Apollo serves a landing page to a GET that prefers HTML, on
 * every path it is mounted at), or none.
 */
export function explorerPlugin(explorer: Explorer, initial: ExplorerInitialState): ApolloServerPlugin {
  switch (explorer) {
    case 'sandbox':
      return ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, ...initial });
    case 'graphiql': {
      const html = graphiqlPage(initial, '/graphql');
      return {
        async serverWillStart() {
          return { renderLandingPage: async () => ({ html }) };
        },
      };
    }
    case 'off':
      return ApolloServerPluginLandingPageDisabled();
  }
}

/** Serves the bundled GraphiQL's assets; their names carry a content hash, so they are cached for good. */
export function explorerAssets(): RequestHandler {
  return express.static(EXPLORER_DIR, { immutable: true, maxAge: '365d', index: false, fallthrough: false });
}
