/** Jest runs TypeScript through SWC as native ESM; SWC emits the decorator metadata type-graphql reads. */
import { readFileSync } from 'node:fs';

// The same one line as src/runtime.ts (a test keeps them in step): on another Node every suite
// touching node:sqlite would fail with "No such built-in module" instead.
const [major] = process.versions.node.split('.');
if (major !== '24') {
  process.stderr.write(
    `posture-graph needs Node 24 (this is Node ${process.versions.node}); run through npm scripts or node_modules/.bin/node\n`,
  );
  process.exit(1);
}

const swc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { ...swc, swcrc: false }] },
  // Sources import siblings as `./x.js` (NodeNext); jest resolves them to the `.ts` files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  testTimeout: 30000,
  // Once every test has a result, the run is decided: a handle that a failed test leaked (a child
  // process or connection whose sibling in a Promise.all threw first) must not hold CI open until
  // its timeout. (Jest prints its "Force exiting" hint on every run; `--detectOpenHandles` finds a leak.)
  forceExit: true,
};
