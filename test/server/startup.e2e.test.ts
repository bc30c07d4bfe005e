import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runtimeProblem } from '../../src/runtime.js';
import { createStores } from '../../src/store/index.js';
import { runGraphToExit, type GraphExit } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** uid and gid of `nobody`: a user that owns nothing here, as a volume owned by someone else looks. */
const NOBODY = 65534;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'posture-startup-'));
  chmodSync(scratch, 0o755); // others may look, not write
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The process stopped with exit code 1, one line on stderr matching `line`, and nothing else. */
function expectOneLineFailure(exit: GraphExit, line: RegExp): void {
  expect(exit.stdout).toBe('');
  expect(exit.stderr.endsWith('\n')).toBe(true);
  expect(exit.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(exit.stderr.trimEnd()).toMatch(line);
  expect(exit.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
  expect(exit.code).toBe(1);
}

describe('start-up failures are one line on stderr, no stack trace', () => {
  it('a port in use, found before the demo simulator starts', async () => {
    const taken: Server = createServer().listen(0);
    await once(taken, 'listening');
    try {
      const { port } = taken.address() as AddressInfo;
      const exit = await runGraphToExit({ PORT: String(port), DATA_DIR: path.join(scratch, 'port') });
      expectOneLineFailure(
        exit,
        new RegExp(`^posture-graph cannot start: PORT ${port} is already in use by another process; stop it or set PORT to a free port`),
      );
      expect(existsSync(path.join(scratch, 'port'))).toBe(false); // the store was never opened either
    } finally {
      taken.close();
    }
  });

  it('a NODE_ENV typo, instead of silently serving the simulated fleet', async () => {
    expectOneLineFailure(
      await runGraphToExit({ NODE_ENV: 'prod' }),
      /^posture-graph cannot start: Invalid configuration: NODE_ENV .*"prod".*\(for example NODE_ENV=production\)$/,
    );
  });

  it('an existing DATA_DIR this user cannot write (owned by another user)', async () => {
    const dataDir = path.join(scratch, 'root-owned');
    mkdirSync(dataDir, { mode: 0o755 });
    const exit = await runGraphToExit({ DATA_DIR: dataDir }, { uid: NOBODY });
    expectOneLineFailure(
      exit,
      new RegExp(
        `^posture-graph cannot start: DATA_DIR ${dataDir} is not writable by uid ${NOBODY} \\(.+\\); point DATA_DIR at a writable directory`,
      ),
    );
  });

  it('a DATA_DIR whose database another user created, which opens but cannot be written', async () => {
    const dataDir = path.join(scratch, 'theirs');
    const theirs = await createStores({ dataDir, budget: { limit: 1, windowMs: 1000 } });
    await theirs.close();
    const exit = await runGraphToExit({ DATA_DIR: dataDir }, { uid: NOBODY });
    expectOneLineFailure(
      exit,
      new RegExp(
        `^posture-graph cannot start: DATA_DIR ${dataDir} is not writable by uid ${NOBODY} \\(.+\\); point DATA_DIR at a writable directory`,
      ),
    );
  });

  // Permissions do not stop root (tests and containers often run as root): these fail for anyone.
  it("a DATA_DIR on a file system that refuses every write, root's included (/proc)", async () => {
    expectOneLineFailure(
      await runGraphToExit({ DATA_DIR: '/proc/self' }),
      /^posture-graph cannot start: DATA_DIR \/proc\/self is not writable by uid \d+ \(unable to open database file\); point DATA_DIR at a writable directory/,
    );
  });

  // Issue 21's item 10 ("a read-only DATA_DIR file system exits with no line"), on a real read-only
  // mount: an empty one, and one that already holds a database (a volume remounted read-only).
  // Mounting needs root's CAP_SYS_ADMIN, which CI's container has; elsewhere /proc above stands in.
  const canMount = ((probe) => {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
    if (mounted) spawnSync('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
    return mounted;
  })(mkdtempSync(path.join(tmpdir(), 'posture-mount-probe-')));
  (canMount ? it : it.skip)('a DATA_DIR on a read-only mount, empty or holding a database (EROFS)', async () => {
    const mountPoint = path.join(scratch, 'read-only');
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint]);
    try {
      const existing = path.join(mountPoint, 'existing');
      await createStores({ dataDir: existing, budget: { limit: 1, windowMs: 1000 } }).then((stores) => stores.close());
      expect(existsSync(path.join(existing, 'posture.sqlite'))).toBe(true);
      execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
      for (const dataDir of [mountPoint, existing]) {
        expectOneLineFailure(
          await runGraphToExit({ DATA_DIR: dataDir }),
          new RegExp(
            `^posture-graph cannot start: DATA_DIR ${dataDir} is not writable by uid \\d+ \\(.+\\); point DATA_DIR at a writable directory`,
          ),
        );
      }
      expectOneLineFailure(
        await runGraphToExit({ DATA_DIR: path.join(mountPoint, 'new') }),
        /^posture-graph cannot start: DATA_DIR .+\/new cannot be created by uid \d+ \(.+\); point DATA_DIR at a writable directory/,
      );
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });

  it('a DATA_DIR whose database file is a directory', async () => {
    const dataDir = path.join(scratch, 'database-is-a-directory');
    mkdirSync(path.join(dataDir, 'posture.sqlite'), { recursive: true });
    expectOneLineFailure(
      await runGraphToExit({ DATA_DIR: dataDir }),
      new RegExp(
        `^posture-graph cannot start: DATA_DIR ${dataDir} is not writable by uid \\d+ \\(unable to open database file\\); point DATA_DIR`,
      ),
    );
  });

  it('a DATA_DIR that is a file', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, 'x');
    expectOneLineFailure(
      await runGraphToExit({ DATA_DIR: file }),
      new RegExp(
        `^posture-graph cannot start: DATA_DIR ${file} is not a directory \\(EEXIST: .+\\); point DATA_DIR at a writable directory`,
      ),
    );
  });

  it('a DATA_DIR that cannot be created', async () => {
    const dataDir = path.join(scratch, 'new', 'data');
    expectOneLineFailure(
      await runGraphToExit({ DATA_DIR: dataDir }, { uid: NOBODY }),
      new RegExp(
        `^posture-graph cannot start: DATA_DIR ${dataDir} cannot be created by uid ${NOBODY} \\(EACCES: .+\\); point DATA_DIR at a writable directory`,
      ),
    );
  });

  it('a Redis that refuses the connection, at once rather than after the 10 s connect bound', async () => {
    // Only the fast path says "refused"; waiting out the bound would say "did not answer within 10000 ms".
    const exit = await runGraphToExit({ REDIS_URL: 'redis://127.0.0.1:1' });
    expectOneLineFailure(
      exit,
      /^posture-graph cannot start: Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\) refused the connection \(ECONNREFUSED\); start Redis/,
    );
  });
});

describe('the Node runtime', () => {
  // The machine's own node (Node 20 here), not the pinned one npm scripts run.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => existsSync(candidate));

  it('is checked before anything loads node:sqlite: another Node stops with one line saying which to use', async () => {
    expect(systemNode).toBeDefined();
    expectOneLineFailure(
      await runGraphToExit({}, { node: systemNode }),
      /^posture-graph needs Node 24 \(this is Node \d+\.\d+\.\d+\); run through npm scripts or node_modules\/\.bin\/node$/,
    );
  });

  it('is checked by jest too, with the same line, instead of 12 suites failing on node:sqlite', () => {
    const version = execFileSync(systemNode!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const jest = spawnSync(systemNode!, ['node_modules/jest/bin/jest.js', '--listTests'], { cwd: ROOT, encoding: 'utf8' });
    expect(jest.status).toBe(1);
    expect(jest.stdout).toBe('');
    expect(jest.stderr).toBe(`${runtimeProblem(version)}\n`);
    expect(runtimeProblem(process.versions.node)).toBeNull();
  });
});
