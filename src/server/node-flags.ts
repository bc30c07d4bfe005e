/**
 * The V8 heap settings the server runs with: `npm start` passes them, and so must anyone who runs
 * `node dist/main.js` directly (containers). A test keeps package.json's start script in step.
 *
 * Without them V8 sizes its heap for the host, not for this service. On a 24 GB machine it takes
 * 64 MB semi-spaces (128 MB of young generation, all of it touched) and, with a 4 GB limit, lets
 * the old generation grow to four times its live size before a full collection: a server whose
 * live set is ~60-90 MB (a 2,000-device inventory and 11,636 cached reports) sat at 270 MB idle
 * and 440-520 MB under load. With these, the same load peaks at ~260 MB at the same requests/s
 * (bench/README.md, "Memory").
 *
 * - `--max-semi-space-size=8`: 16 MB of young generation. A request's garbage still dies young;
 *   against 16 MB semi-spaces (Node 20's default) two full bench runs of the same code measured
 *   peak RSS 302-304 MB (over the 300 MB target) against 287 MB, at a cost within the runs'
 *   noise on the pages' throughput (bench/README.md, "What the profiles found").
 * - `--max-old-space-size=512`: a ceiling several times the live set, which also makes V8 grow
 *   the old generation by at most ~1.4x between full collections instead of 4x. Raise it for
 *   inventories far beyond 10,000 devices (README, "Operating").
 */
export const NODE_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--max-old-space-size=512'];
