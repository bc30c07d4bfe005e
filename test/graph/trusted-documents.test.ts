import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { apolloManifest } from '../../examples/federation/persisted-query-manifest.js';
import { createPostureClient } from '../../examples/web/src/apollo.js';
import { DevicePageDocument } from '../../examples/web/src/gql/graphql.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { TrustedDocuments } from '../../src/graphql/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startGraph, type GraphQLResponse, type TestGraph } from '../helpers/graph.js';

const MANIFEST = path.resolve(import.meta.dirname, '../../examples/web/src/gql/persisted-documents.json');
const listed = Object.entries(JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>);
const [devicePageId, devicePageText] = listed.find(([, text]) => text.includes('query DevicePage'))!;
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('TrustedDocuments.decide', () => {
  const trusted = new TrustedDocuments(new Map([[devicePageId, devicePageText]]));

  it('allows a listed document by documentId, by Apollo sha256Hash (bare hex) or by its exact text, always running the listed text', () => {
    const allowed = { kind: 'allowed', query: devicePageText };
    expect(trusted.decide({ documentId: devicePageId })).toEqual(allowed);
    expect(trusted.decide({ extensions: { persistedQuery: { sha256Hash: hex(devicePageText) } } })).toEqual(allowed);
    expect(trusted.decide({ query: devicePageText })).toEqual(allowed);
    expect(trusted.decide({ documentId: devicePageId, query: devicePageText })).toEqual(allowed);
  });

  it('refuses a document that is not listed, even one differing only in whitespace', () => {
    for (const query of ['{ policyRuns { nodes { execToken } } }', `${devicePageText} `]) {
      expect(trusted.decide({ query })).toMatchObject({ kind: 'refused', code: 'PERSISTED_QUERY_NOT_LISTED' });
    }
    // An id and a text that does not match it: the text is not listed either.
    expect(trusted.decide({ documentId: devicePageId, query: '{ __typename }' })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_LISTED' });
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for a request carrying only an unknown id', () => {
    expect(trusted.decide({ documentId: `sha256:${hex('nope')}` })).toMatchObject({ kind: 'refused', code: 'PERSISTED_QUERY_NOT_FOUND' });
    expect(trusted.decide({ extensions: { persistedQuery: { sha256Hash: hex('nope') } } })).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
  });
});

describe('TRUSTED_DOCUMENTS configuration', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'posture-trusted-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("reads the client preset's persisted-documents.json and Apollo's persisted query manifest", () => {
    expect(loadConfig({ TRUSTED_DOCUMENTS: MANIFEST }).trustedDocuments?.size).toBe(listed.length);
    const apollo = path.join(scratch, 'persisted-query-manifest.json');
    writeFileSync(
      apollo,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: hex('{ a }'), name: 'A', type: 'query', body: '{ a }' }],
      }),
    );
    expect([...loadConfig({ TRUSTED_DOCUMENTS: apollo }).trustedDocuments!]).toEqual([[hex('{ a }'), '{ a }']]);
    expect(loadConfig({}).trustedDocuments).toBeNull();
  });

  it('reads the Apollo manifest npm run persisted-query-manifest writes for Apollo Router, and decides by the same ids', () => {
    const file = path.join(scratch, 'persisted-query-manifest.json');
    const federation = path.resolve(import.meta.dirname, '../../examples/federation/persisted-documents.json');
    writeFileSync(file, JSON.stringify(apolloManifest([MANIFEST, federation])));
    const documents = loadConfig({ TRUSTED_DOCUMENTS: file }).trustedDocuments!;
    expect(documents.size).toBe(listed.length + 2);
    expect(new TrustedDocuments(documents).decide({ documentId: devicePageId })).toEqual({ kind: 'allowed', query: devicePageText });
  });

  it('stops with one line naming the variable when the manifest is missing or not one', () => {
    const notManifest = path.join(scratch, 'list.json');
    writeFileSync(notManifest, '["query { a }"]');
    for (const file of [path.join(scratch, 'missing.json'), notManifest]) {
      const attempt = () => loadConfig({ TRUSTED_DOCUMENTS: file });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(
        /^Invalid configuration: TRUSTED_DOCUMENTS must .*\(for example TRUSTED_DOCUMENTS=examples\/web\/src\/gql\/persisted-documents\.json\)$/,
      );
    }
  });
});

describe("TrustedDocuments.decide in 'resolve' mode (demo mode's example manifests)", () => {
  const known = new TrustedDocuments(new Map([[devicePageId, devicePageText]]), 'resolve');

  it('resolves a listed id to its text, and runs any other document as sent', () => {
    expect(known.decide({ documentId: devicePageId })).toEqual({ kind: 'allowed', query: devicePageText });
    expect(known.decide({ query: '{ __typename }' })).toEqual({ kind: 'allowed', query: '{ __typename }' });
  });

  it('still answers PERSISTED_QUERY_NOT_FOUND for an unknown id sent alone', () => {
    expect(known.decide({ documentId: `sha256:${hex('nope')}` })).toMatchObject({ kind: 'refused', code: 'PERSISTED_QUERY_NOT_FOUND' });
  });
});

describe('a graph run with TRUSTED_DOCUMENTS', () => {
  let sim: Simulator;
  let graph: TestGraph;
  const hostname = 'lars-mbp';

  async function post(body: unknown): Promise<GraphQLResponse> {
    const response = await fetch(`${graph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  beforeAll(async () => {
    sim = await startSimulator({ fleetSize: 250 });
    graph = await startGraph(sim, { TRUSTED_DOCUMENTS: MANIFEST });
  });
  afterAll(async () => {
    await graph?.close();
    await sim?.close();
  });
  beforeEach(() => sim.resetCalls());

  it('runs the sample Apollo Client 4 app operations, sent by their persisted-query hash', async () => {
    const client = createPostureClient(`${graph.url}/graphql`);
    const { data, error } = await client.query({ query: DevicePageDocument, variables: { hostname } });
    expect(error).toBeUndefined();
    expect(data?.device?.hostname).toBe(hostname);
    expect(sim.calls({ route: 'servers' }).length).toBeGreaterThan(0);
  });

  it('runs a listed document by documentId and by its exact text', async () => {
    for (const body of [{ documentId: devicePageId }, { query: devicePageText }]) {
      const response = await post({ ...body, variables: { hostname } });
      expect(response.errors).toBeUndefined();
      expect(response.data?.device?.hostname).toBe(hostname);
    }
  });

  it('refuses any other document with PERSISTED_QUERY_NOT_LISTED, and an unknown id with PERSISTED_QUERY_NOT_FOUND, calling no upstream', async () => {
    const other = await post({ query: '{ policyRuns { nodes { execToken } } }' });
    expect(other).toEqual({
      status: 400,
      errors: [{ message: expect.stringContaining('TRUSTED_DOCUMENTS'), extensions: { code: 'PERSISTED_QUERY_NOT_LISTED' } }],
    });
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hex('{ policyRuns { pageInfo { page } } }') } } });
    expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(sim.calls()).toEqual([]);
  });
});
