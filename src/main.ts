/**
 * Entry point of `npm start` and `node dist/main.js`. It checks the Node version first and only
 * then loads the server: a static import would pull in node:sqlite, and an older Node would die
 * with "No such built-in module" and a stack trace instead of saying which Node to use.
 */
import { runtimeProblem } from './runtime.js';

const problem = runtimeProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
await import('./serve.js');
