/**
 * The Node major this service runs on. node:sqlite (the embedded store) and the heap flags in
 * src/server/node-flags.ts are only known to work there; package.json's `engines` says the same,
 * and jest.config.js repeats the check (it cannot import TypeScript on an older Node).
 */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * The one line to print when `version` (process.versions.node) is not the required major, else
 * null. This module imports nothing, so the entry point can run it before anything loads
 * node:sqlite, which an older Node does not have.
 */
export function runtimeProblem(version: string): string | null {
  const major = Number(version.split('.')[0]);
  if (major === REQUIRED_NODE_MAJOR) return null;
  return `posture-graph needs Node ${REQUIRED_NODE_MAJOR} (this is Node ${version}); run through npm scripts or node_modules/.bin/node`;
}
