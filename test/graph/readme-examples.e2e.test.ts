import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { createPostureGraph, type PostureGraph } from '../../src/root/index.js';
import { loadConfig } from '../../src/config/index.js';
import { captureLogs } from '../helpers/logs.js';

// The queries README's "Exploring in Apollo Sandbox" suggests, run against demo mode exactly as a
// reader of the README would: `npm start` without credentials (simulator seed 42, 1,300 devices).

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Exploring in Apollo Sandbox'), readme.indexOf('## Why is my compliance QUEUED?'));
const block = /```graphql\n([\s\S]*?)```/.exec(section)![1]!;
const operations = parse(block).definitions.filter(
  (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
);

let graph: PostureGraph;
let url: string;
let dataDir: string;

async function run(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any> | null; errors?: unknown[] };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'posture-readme-'));
  const logs = captureLogs();
  graph = await createPostureGraph(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', FLEET_SWEEP: 'off' }), {
    logger: logs.logger,
    redactor: logs.redactor,
  });
  url = `http://127.0.0.1:${await graph.http.listen(0, '127.0.0.1')}/graphql`;
});
afterAll(async () => {
  await graph?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("README's Sandbox examples in demo mode", () => {
  it('are the five documented queries', () => {
    expect(graph.simulator?.fleet.devices).toHaveLength(1300);
    expect(operations).toHaveLength(5);
  });

  it.each(operations.map((operation, i) => [i + 1, print(operation)] as const))(
    'query %i answers without errors and with nothing null',
    async (_, query) => {
      // Failures asks for a run: the newest one, as the first query lists them.
      const runs = await run('{ policyRuns(limit: 1) { nodes { policy { uuid } execToken } } }');
      const newest = runs.data!.policyRuns.nodes[0];
      const response = await run(query, { policyUuid: newest.policy.uuid, execToken: newest.execToken });
      expect(response.errors).toBeUndefined();
      for (const [field, value] of Object.entries(response.data!)) expect([field, value]).not.toEqual([field, null]);
    },
  );

  it('finds the demo devices the examples name, by short hostname and by MAC in another notation', async () => {
    const byName = await run('{ device(hostname: "ws-9853") { hostname inInventory macAddresses } }');
    expect(byName.data!.device).toEqual({ hostname: 'ws-9853.corp.example.com', inInventory: true, macAddresses: expect.any(Array) });
    const byMac = await run('{ device(macAddress: "3C-22-FB-B2-E8-50") { hostname macAddresses } }');
    expect(byMac.data!.device).toEqual({ hostname: 'Lars-MBP', macAddresses: expect.arrayContaining(['3c:22:fb:b2:e8:50']) });
  });
});
