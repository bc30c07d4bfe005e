// The bundled GraphiQL the graph serves with GRAPHQL_EXPLORER=graphiql: every script, style and
// editor worker comes from the graph's own origin (vite bundles them from npm), so it works with
// no internet and under a content security policy that allows nothing else.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** What the server writes into the page: the same example operation, variables and headers as Apollo Sandbox's. */
interface ExplorerConfig {
  endpoint: string;
  document: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The page's config, from a JSON script element (data, never run, so the CSP needs no exception for it). */
function readConfig(): ExplorerConfig {
  const element = document.getElementById('explorer-config');
  const fallback: ExplorerConfig = { endpoint: '/graphql', document: '', variables: {}, headers: {} };
  return element?.textContent ? { ...fallback, ...(JSON.parse(element.textContent) as Partial<ExplorerConfig>) } : fallback;
}

const config = readConfig();
const pretty = (value: object) => (Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : '');
const container = document.getElementById('graphiql');
if (!container) throw new Error('the page has no #graphiql element');
createRoot(container).render(
  <StrictMode>
    <GraphiQL
      fetcher={createGraphiQLFetcher({ url: new URL(config.endpoint, window.location.href).toString() })}
      initialQuery={config.document}
      initialVariables={pretty(config.variables)}
      initialHeaders={pretty(config.headers)}
      defaultEditorToolsVisibility="variables"
    />
  </StrictMode>,
);
