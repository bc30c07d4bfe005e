// `npm run bench` entry: the bench is TypeScript (type-checked by `npm test` through tsconfig.json);
// this compiles it with bench/tsconfig.json into dist/bench and runs it. `npm run build` has
// already compiled the server it measures (dist/main.js).
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
try {
  execFileSync(process.execPath, [tsc, '-p', 'bench/tsconfig.json'], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('bench: compiling bench/ failed (see above)');
  process.exit(1);
}
await import(pathToFileURL(`${root}dist/bench/bench/main.js`).href);
