/**
 * Entry point of `npm start` and `node dist/main.js`. It checks the Node version first and only
 * then loads the server: a static import would pull in node:sqlite, and an older Node would die
 * with "No such built-in module" and a stack trace instead of saying which Node to use. Tracing,
 * when configured, starts in between: its instrumentations patch express, graphql and http as
 * they load, so the server's modules are imported after it.
 */
import { runtimeProblem } from './runtime.js';

const problem = runtimeProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
const { startTracingBeforeServer } = await import('./tracing/index.js');
const { tracing, config } = await startTracingBeforeServer();
const { serve } = await import('./serve.js');
await serve(tracing, config);
