import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate, loadCodegenConfig, type CodegenConfig } from '@graphql-codegen/cli';
import { startSimulator } from '../../src/simulator/index.js';
import { startGraph } from '../helpers/graph.js';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let config: CodegenConfig;
let scratch: string;

/** Runs codegen in memory exactly as `npm run codegen` would, optionally against another schema. */
async function codegen(overrides: Partial<CodegenConfig> = {}): Promise<Array<{ filename: string; content: string }>> {
  return generate({ ...config, ...overrides, cwd: root, silent: true }, false);
}

beforeAll(async () => {
  ({ config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') }));
  scratch = mkdtempSync(path.join(tmpdir(), 'posture-codegen-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the sample client generated from codegen.yml', () => {
  it('is committed exactly as codegen produces it from schema/schema.graphql', async () => {
    const outputs = await codegen();
    const folders = Object.keys(config.generates);
    expect(folders).toEqual(['examples/web/src/gql/', 'examples/dashboard/src/gql/']);
    for (const folder of folders) {
      // Nothing stale is left beside the generated files (e.g. Apollo Client 3 hooks).
      const generated = outputs.filter((output) => path.relative(root, output.filename).startsWith(folder));
      expect(readdirSync(path.join(root, folder)).sort()).toEqual(generated.map((output) => path.basename(output.filename)).sort());
    }
    for (const output of outputs) {
      const committed = readFileSync(output.filename, 'utf8');
      if (committed === output.content) continue;
      const lines = [committed.split('\n'), output.content.split('\n')] as const;
      const at = lines[1].findIndex((line, index) => line !== lines[0][index]);
      throw new Error(
        `${path.relative(root, output.filename)} is out of date with schema/schema.graphql or the operations (first difference at line ${at + 1}): run \`npm run codegen\` and commit the result`,
      );
    }
  });

  it.each([
    [
      'examples/web',
      ['DeviceChanged', 'DevicePage', 'FleetSummaryChanged', 'FleetSummaryPanel', 'FleetTable', 'LookupByMac', 'PolicyRunTable'],
    ],
    ['examples/dashboard', ['DeviceChanged', 'DeviceDetail', 'Devices', 'FleetSummary', 'FleetSummaryChanged', 'RunList', 'RunResults']],
  ])('writes %s a persisted-documents manifest whose ids are the sha256 of each listed document', (app, operations) => {
    const file = path.join(root, app, 'src/gql/persisted-documents.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const names = Object.values(manifest).map((text) => /\b(?:query|subscription) (\w+)/.exec(text)?.[1]);
    expect(names.sort()).toEqual(operations);
    for (const [id, text] of Object.entries(manifest)) {
      expect(id).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    }
  });

  it.each(['examples/web', 'examples/dashboard', 'explorer'])(
    'type-checks %s against @apollo/client 4 and its generated typed documents',
    async (app) => {
      const tsc = path.join(root, 'node_modules/.bin/tsc');
      const result = await run(tsc, ['-p', `${app}/tsconfig.json`, '--noEmit'], { cwd: root }).then(
        ({ stdout }) => ({ exitCode: 0, stdout }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          exitCode: error.code,
          stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      );
      expect(result).toEqual({ exitCode: 0, stdout: '' });
    },
  );

  it('breaks the build, naming the field, when the schema renames a field the operations use', async () => {
    const renamed = path.join(scratch, 'schema.graphql');
    const sdl = readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8');
    expect(sdl).toMatch(/^\s+macAddresses: \[String!\]!$/m);
    writeFileSync(renamed, sdl.replace(/^(\s+)macAddresses:/m, '$1macs:'));
    const failure = await codegen({ schema: renamed }).then(
      () => new Error('codegen accepted operations that select a field the schema no longer has'),
      (error: Error) => error,
    );
    // The message names the field and the operation file, line and column that select it.
    expect(failure.message).toContain('Cannot query field "macAddresses" on type "Device"');
    expect(failure.message).toMatch(/examples\/web\/src\/devicePage\.graphql:9:5/);
  });
});

describe('generating from a running server instead of the schema file', () => {
  it('works against a development server, and against a production one fails naming GRAPHQL_INTROSPECTION', async () => {
    const sim = await startSimulator({ fleetSize: 5 });
    const development = await startGraph(sim);
    // Production without AUTH_JWKS_URL starts only as a subgraph behind an authenticating router (contract, "Access").
    const production = await startGraph(sim, { NODE_ENV: 'production', AUTH_ALLOW_ANONYMOUS: 'true' });
    try {
      const fromServer = await codegen({ schema: `${development.url}/graphql` });
      const fromFile = await codegen();
      // Codegen writes its targets concurrently, so outputs come in completion order: pick each by its folder.
      const typed = (app: string) =>
        fromServer.find((output) => path.relative(root, output.filename) === `examples/${app}/src/gql/graphql.ts`)?.content;
      expect(typed('web')).toContain('export type DevicePageQuery');
      expect(typed('dashboard')).toContain('export type DevicesQuery');
      expect(fromServer.map((output) => output.filename).sort()).toEqual(fromFile.map((output) => output.filename).sort());
      await expect(codegen({ schema: `${production.url}/graphql` })).rejects.toThrow(/GRAPHQL_INTROSPECTION=true/);
    } finally {
      await development.close();
      await production.close();
      await sim.close();
    }
  });
});
