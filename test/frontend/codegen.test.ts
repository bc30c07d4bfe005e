import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate, loadCodegenConfig, type CodegenConfig } from '@graphql-codegen/cli';

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
    expect(outputs.map((output) => path.relative(root, output.filename))).toEqual(Object.keys(config.generates));
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

  it('type-checks the sample app against the generated hooks', async () => {
    const tsc = path.join(root, 'node_modules/.bin/tsc');
    const result = await run(tsc, ['-p', 'examples/web/tsconfig.json', '--noEmit'], { cwd: root }).then(
      ({ stdout }) => ({ exitCode: 0, stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        exitCode: error.code,
        stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(result).toEqual({ exitCode: 0, stdout: '' });
  });

  it('breaks the build, naming the field, when the schema renames a field the operations use', async () => {
    const renamed = path.join(scratch, 'schema.graphql');
    const sdl = readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8');
    expect(sdl).toMatch(/^\s+macAddresses: \[String!\]!$/m);
    writeFileSync(renamed, sdl.replace(/^(\s+)macAddresses:/m, '$1macs:'));
    await expect(codegen({ schema: renamed })).rejects.toThrow('Cannot query field "macAddresses" on type "Device"');
  });
});
