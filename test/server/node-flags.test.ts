import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { NODE_HEAP_FLAGS } from '../../src/server/index.js';

describe('the heap settings the server runs with', () => {
  it('are what `npm start` passes to node (the bench and the process tests use NODE_HEAP_FLAGS)', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`npm run build && node --enable-source-maps ${NODE_HEAP_FLAGS.join(' ')} dist/main.js`);
  });

  it("are what the Dockerfile's CMD passes to node", async () => {
    const dockerfile = await readFile(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const cmd = dockerfile.split('\n').find((line) => line.startsWith('CMD '));
    expect(cmd).toBe(`CMD ${JSON.stringify(['node', '--enable-source-maps', ...NODE_HEAP_FLAGS, 'dist/main.js'])}`.replaceAll(',', ', '));
  });

  it('bound the young generation to 16 MB and the whole heap to under 600 MB on this Node, whatever the host', () => {
    const probe =
      "const v8 = require('node:v8'); console.log(JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit, young: v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size }))";
    const bare = JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })) as { limit: number };
    // Grow the young generation to its maximum, then measure.
    const grown = `const keep = []; for (let i = 0; i < 2e6; i += 1) { keep.push({ i }); if (keep.length > 5e5) keep.length = 0; } ${probe}`;
    const flagged = JSON.parse(execFileSync(process.execPath, [...NODE_HEAP_FLAGS, '-e', grown], { encoding: 'utf8' })) as {
      limit: number;
      young: number;
    };
    const mb = (bytes: number) => bytes / 1024 / 1024;
    expect(mb(flagged.young)).toBeLessThanOrEqual(16);
    expect(mb(flagged.limit)).toBeLessThan(600);
    expect(flagged.limit).toBeLessThanOrEqual(bare.limit);
  });
});
