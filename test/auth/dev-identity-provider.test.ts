import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { buildOnce, freePort } from '../helpers/process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let sim: Simulator;
let graph: TestGraph;
let stop: () => void;
let printed = '';

beforeAll(async () => {
  buildOnce();
  sim = await startSimulator({ fleetSize: 20 });
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/auth/dev-identity-provider.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, DEV_AUTH_PORT: String(port) },
  });
  stop = () => child.kill('SIGTERM');
  child.stdout.on('data', (chunk) => {
    printed += String(chunk);
  });
  while (!printed.includes('until Ctrl-C')) {
    if (child.exitCode !== null) throw new Error(`dev-auth exited:\n${printed}`);
    await new Promise((resolve) => child.stdout.once('data', resolve));
  }
  const env = Object.fromEntries([...printed.matchAll(/(AUTH_[A-Z_]+)=(\S+)/g)].map((match) => [match[1]!, match[2]!]));
  graph = await startGraph(sim, env);
});
afterAll(async () => {
  stop();
  await graph?.close();
  await sim.close();
});

describe('npm run dev-auth (README, "Security")', () => {
  it('prints variables and tokens that the graph accepts, with the scopes it names', async () => {
    const tokens = [...printed.matchAll(/^ {4}(eyJ\S+)$/gm)].map((match) => match[1]!);
    expect(tokens).toHaveLength(2);
    const query = '{ policyRuns(limit: 1) { nodes { execToken } } compliance(identifier: "02:00:00:00:00:99") { state } }';
    const full = await graph.query(query, undefined, { authorization: `Bearer ${tokens[0]}` });
    expect(full.errors).toBeUndefined();
    const readOnly = await graph.query(query, undefined, { authorization: `Bearer ${tokens[1]}` });
    expect(readOnly.data?.policyRuns.nodes).toHaveLength(1);
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graph.query(query)).status).toBe(401);
  });
});
