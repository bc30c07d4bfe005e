/**
 * The production logger writes standard output in batches: a quiet server's line must still show
 * promptly, and what is buffered when the process exits must not be lost.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildOnce } from '../helpers/process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Logs one line, waits for the parent to have READ it (so only the flush timer can have written
// it: 4 KB were never reached), then logs a second and exits at once with status 3.
const SCRIPT = `
import { createInterface } from 'node:readline';
import { createLogger, SecretRedactor } from './dist/common/index.js';
const redactor = new SecretRedactor();
redactor.add('very-secret-value');
const logger = createLogger({ redactor });
logger.info('first line, with very-secret-value');
createInterface({ input: process.stdin }).once('line', () => {
  logger.info('second line');
  process.exit(3);
});
`;

describe('the production logger on standard output', () => {
  it('shows a lone line without waiting for more, and writes what is buffered when the process exits', async () => {
    buildOnce();
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`exited before its first line showed:\n${stdout}${stderr}`)));
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        if (stdout.includes('first line')) resolve();
      });
    });
    child.stdin.write('go\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(3);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((line) => line.msg)).toEqual(['first line, with [REDACTED]', 'second line']);
    expect(stderr).toBe('');
  });
});
