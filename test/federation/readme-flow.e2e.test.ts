import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, spawnGraph, type GraphProcess } from '../helpers/process.js';

// README "Federation and scaling out", run as written on a fresh clone: the posture graph in demo
// mode (`npm start`), `npm run ownership-subgraph`, `npm run supergraph`, `npm run gateway`, each a
// process of its own, offline. Ports are free ones instead of 4000/4002/4100, passed the way the
// README says (PORT, POSTURE_URL, OWNERSHIP_URL, --port).

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(root, 'examples/federation/persisted-documents.json'), 'utf8')) as Record<
  string,
  string
>;
const ownedDevicesId = Object.keys(manifest).find((id) => manifest[id]!.startsWith('query OwnedDevices'))!;

let scratch: string;
let posture: GraphProcess;
const children: ChildProcess[] = [];
let gatewayUrl: string;
let gateway: Started;

/** The `gateway` script of package.json. */
const gatewayScript = (): string => JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.gateway;

/** A started child and everything it has printed so far. */
type Started = ChildProcess & { output(): string };

/** Starts `node <args>` (or `command <args>`) from the repo root and waits until its output says `ready`. */
async function start(args: string[], env: Record<string, string>, ready: RegExp, command = process.execPath): Promise<Started> {
  // Its own process group, so the shell a script runs in and the gateway it starts stop together.
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let output = '';
  const exited = once(child, 'exit').then(() => {
    throw new Error(`${args.join(' ')} exited before it was ready:\n${output}`);
  });
  const started = new Promise<void>((resolve) => {
    const listen = (chunk: Buffer) => {
      output += String(chunk);
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', listen);
  });
  await Promise.race([started, exited]);
  return Object.assign(child, { output: () => output });
}

async function post(
  url: string,
  body: unknown,
): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as never;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'posture-readme-'));
  // README: SIMULATOR_FLEET_SIZE=250 npm start (owners.json names the 250-device fleet's hostnames).
  posture = await spawnGraph({ DATA_DIR: path.join(scratch, 'data'), SIMULATOR_FLEET_SIZE: '250' });
  const ownershipPort = await freePort();
  await start(['examples/federation/ownership-subgraph.ts'], { PORT: String(ownershipPort) }, /ownership subgraph ready/);

  const supergraph = path.join(scratch, 'supergraph.graphql');
  const composed = spawnSync(process.execPath, ['examples/federation/compose-supergraph.ts', supergraph], {
    cwd: root,
    env: { PATH: process.env.PATH, POSTURE_URL: `${posture.url}/graphql`, OWNERSHIP_URL: `http://127.0.0.1:${ownershipPort}/graphql` },
    encoding: 'utf8',
  });
  if (composed.status !== 0) throw new Error(`npm run supergraph failed:\n${composed.stdout}${composed.stderr}`);

  // `npm run gateway` as package.json has it, run by sh as npm runs it, on the scratch supergraph;
  // its port comes from GATEWAY_PORT. In production, where trusted documents are enforced.
  const gatewayPort = await freePort();
  const script = gatewayScript().replace(' supergraph.graphql ', ` ${supergraph} `);
  gateway = await start(
    ['-c', script],
    { PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}`, GATEWAY_PORT: String(gatewayPort), NODE_ENV: 'production' },
    /Listening on/,
    '/bin/sh',
  );
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
}, 120_000);
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = once(child, 'exit');
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  }
  await posture?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("README's federation steps, offline, with Hive Gateway", () => {
  it('the README names the npm scripts and the trusted document id it queries the gateway with', () => {
    for (const step of ['npm run ownership-subgraph', 'npm run supergraph', 'npm run gateway', ownedDevicesId])
      expect(readme).toContain(step);
    const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.supergraph).toBe('node examples/federation/compose-supergraph.ts');
    expect(scripts['ownership-subgraph']).toBe('node examples/federation/ownership-subgraph.ts');
    expect(scripts.gateway).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell expands it, as npm runs the script.
      'LOG_JSON=1 hive-gateway supergraph supergraph.graphql -c examples/federation/gateway.config.ts --port ${GATEWAY_PORT:-4100}',
    );
  });

  it('answers the ownership list joined to posture for all 40 devices through the gateway, nothing null', async () => {
    const response = await post(gatewayUrl, { documentId: ownedDevicesId });
    expect(response.errors).toBeUndefined();
    const devices = (response.data.owners as Array<{ devices: Array<Record<string, any>> }>).flatMap((owner) => owner.devices);
    expect(devices).toHaveLength(40);
    for (const device of devices) {
      expect(device.hostname).toEqual(expect.any(String));
      expect(device.compliance.state).toEqual(expect.any(String));
    }
    expect(devices.filter((device) => !device.inInventory)).toHaveLength(6);
  });

  it('logs JSON lines, as the graph does', () => {
    const lines = gateway
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.map((line) => JSON.parse(line).msg)).toContain(`Listening on http://localhost:${new URL(gatewayUrl).port}`);
  });

  it('refuses an operation that is not a trusted document in production', async () => {
    const response = await post(gatewayUrl, { query: '{ owners { name } }' });
    expect(response.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_LISTED');
  });
});
