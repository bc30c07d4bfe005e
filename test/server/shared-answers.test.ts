import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import express from 'express';
import { graphqlHandler } from '../../src/server/graphql-handler.js';

/** A one-field graph whose executions are counted and finish only when the test says so. */
async function startGraph(options: { sharing: boolean; hold?: () => (() => void) | null }) {
  const executions: Array<{ id: string; signal: AbortSignal; finish: () => void }> = [];
  const apollo = new ApolloServer<{ signal: AbortSignal }>({
    typeDefs: 'type Query { slow(id: String!): String! }',
    resolvers: {
      Query: {
        slow: (_: unknown, { id }: { id: string }, { signal }: { signal: AbortSignal }) =>
          new Promise<string>((resolve) => executions.push({ id, signal, finish: () => resolve(`answer ${id}`) })),
      },
    },
  });
  await apollo.start();
  const state = { sharing: options.sharing };
  const app = express().use(
    '/graphql',
    express.json(),
    graphqlHandler(apollo, {
      context: (_res, signal) => ({ signal }),
      shareIdentical: () => state.sharing,
      audience: (res) => String(res.req.headers['x-caller'] ?? 'anonymous'),
      hold: options.hold ?? (() => () => undefined),
    }),
  );
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  };
  return { url, executions, state, close };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const body = (id: string) => JSON.stringify({ query: 'query Slow($id: String!) { slow(id: $id) }', variables: { id } });

function post(url: string, id: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body(id), signal }).then(
    async (response) => ({ status: response.status, text: await response.text() }),
  );
}

/** Waits until `count` executions have started. */
async function started(executions: unknown[], count: number): Promise<void> {
  for (let i = 0; i < 200 && executions.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(executions).toHaveLength(count);
}

describe('identical requests during a burst share one execution', () => {
  it('executes identical concurrent requests once and sends each the same answer', async () => {
    const graph = await startGraph({ sharing: true });
    close = graph.close;
    const answers = [post(graph.url, 'a'), post(graph.url, 'a'), post(graph.url, 'a')];
    await started(graph.executions, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(graph.executions).toHaveLength(1);
    graph.executions[0]!.finish();
    const results = await Promise.all(answers);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((result) => result.text))).toEqual(new Set(['{"data":{"slow":"answer a"}}\n']));
  });

  it('executes requests with other variables, or for another caller, on their own', async () => {
    const graph = await startGraph({ sharing: true });
    close = graph.close;
    const answers = [post(graph.url, 'a'), post(graph.url, 'b'), post(graph.url, 'a', { 'x-caller': 'other' })];
    await started(graph.executions, 3);
    for (const execution of graph.executions) execution.finish();
    expect((await Promise.all(answers)).map((result) => JSON.parse(result.text).data.slow)).toEqual(['answer a', 'answer b', 'answer a']);
  });

  it('executes every request on its own outside bursts', async () => {
    const graph = await startGraph({ sharing: false });
    close = graph.close;
    const answers = [post(graph.url, 'a'), post(graph.url, 'a')];
    await started(graph.executions, 2);
    for (const execution of graph.executions) execution.finish();
    await Promise.all(answers);
  });

  it('executes a request on its own when the queue has no memory left for it to wait in', async () => {
    const graph = await startGraph({ sharing: true, hold: () => null });
    close = graph.close;
    const answers = [post(graph.url, 'a'), post(graph.url, 'a')];
    await started(graph.executions, 2);
    for (const execution of graph.executions) execution.finish();
    await Promise.all(answers);
  });
});

describe('clients that go away from a shared execution', () => {
  it('keeps executing while one client still waits, and aborts once the last has gone', async () => {
    const graph = await startGraph({ sharing: true });
    close = graph.close;
    const first = new AbortController();
    const second = new AbortController();
    const answers = [post(graph.url, 'a', {}, first.signal), post(graph.url, 'a', {}, second.signal)].map((answer) =>
      answer.catch(() => 'gone'),
    );
    await started(graph.executions, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { signal } = graph.executions[0]!;
    first.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signal.aborted).toBe(false);
    second.abort();
    for (let i = 0; i < 100 && !signal.aborted; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(signal.aborted).toBe(true);
    graph.executions[0]!.finish();
    expect(await Promise.all(answers)).toEqual(['gone', 'gone']);
  });
});
