// `npm run dashboard`: the posture graph in demo mode on PORT (default 4000) and the built example
// dashboard on DASHBOARD_PORT (default 5173), whose config.json points it at the graph. The page
// calls the graph across origins, as a front-end's dev server would: outside production the graph
// lets any loopback origin through (README, "A local front-end").
//
// Runs on Node's own TypeScript support, so it imports packages only (no sibling .ts files).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';

/** Where `vite build -c examples/dashboard/vite.config.ts` writes the app. */
export const DASHBOARD_DIR = fileURLToPath(new URL('./dist/', import.meta.url));

/** What {@link serveDashboard} needs. */
export interface DashboardServerOptions {
  /** The built app (default {@link DASHBOARD_DIR}). */
  dir?: string;
  port: number;
  host?: string;
  /** The graph the app asks, as the browser reaches it. */
  graphqlUrl: string;
}

/** A running dashboard server. */
export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built app and its config.json (the graph's URL); one line if the app was never built. */
export async function serveDashboard({
  dir = DASHBOARD_DIR,
  port,
  host = '127.0.0.1',
  graphqlUrl,
}: DashboardServerOptions): Promise<DashboardServer> {
  if (!existsSync(`${dir}/index.html`)) {
    throw new Error(`the dashboard is not built (no ${dir}index.html): run npm run dashboard, which builds it first`);
  }
  const app = express().disable('x-powered-by');
  app.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json({ graphqlUrl });
  });
  app.use(express.static(dir, { index: 'index.html' }));
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening)).once('error', reject);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port from the environment, or one line naming the variable, the value and a good example. */
export function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`Invalid configuration: ${name} must be a port number 1-65535, got "${raw}" (for example ${name}=${fallback})`);
  }
  return port;
}

/** The upstream credentials: left out of the graph's environment, so it always runs in demo mode. */
const CREDENTIALS = ['AUTOMOX_API_KEY', 'AUTOMOX_ORG_UUID', 'OPSWAT_CLIENT_ID', 'OPSWAT_CLIENT_SECRET'];

/** Starts `node dist/main.js` in demo mode on `port`, its log lines passed through; resolves once it is ready. */
async function startDemoGraph(port: number) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CREDENTIALS.includes(name)));
  const graph = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    graph.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (String(chunk).includes('posture graph ready')) resolve();
    });
    graph.once('exit', (code) => reject(new Error(`the graph stopped before it was ready (exit code ${code})`)));
  });
  return graph;
}

if (import.meta.main) {
  try {
    const port = portFrom(process.env, 'PORT', 4000);
    const dashboardPort = portFrom(process.env, 'DASHBOARD_PORT', 5173);
    const graph = await startDemoGraph(port);
    const dashboard = await serveDashboard({
      port: dashboardPort,
      host: process.env.HOST ?? '127.0.0.1',
      graphqlUrl: `http://localhost:${port}/graphql`,
    });
    process.stdout.write(
      `${JSON.stringify({ level: 30, time: Date.now(), msg: 'dashboard ready', url: dashboard.url, graph: `http://localhost:${port}/graphql` })}\n`,
    );
    const stop = async () => {
      await dashboard.close();
      graph.kill('SIGTERM');
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
    graph.once('exit', (code) => process.exit(code ?? 0));
  } catch (error) {
    process.stderr.write(`posture dashboard cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
