import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AUTOMOX_REQUEST_RETRY, createAutomoxClients, MAX_PAGE_LIMIT } from '../../src/automox/index.js';
import { UpstreamError } from '../../src/common/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { automoxFor } from '../helpers/clients.js';
import { captureLogs } from '../helpers/logs.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 250 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetCalls();
  sim.clearFaults();
});

const client = () => automoxFor(sim, captureLogs().logger).policyHistory;
const newestRun = () => sim.fleet.runs.reduce((best, run) => (run.results.length > best.results.length ? run : best));
const resultCalls = () => sim.calls({ route: 'policy-results' });

describe('policy-history: listing policy runs', () => {
  it('sends org, sort, page and limit and maps every run', async () => {
    const page = await client().listPolicyRuns({ page: 0, limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.totalCount).toBe(sim.fleet.runs.length);
    expect(page.items[0]).toEqual(expect.objectContaining({ policyUuid: expect.any(String), execToken: expect.any(String) }));
    const [call] = sim.calls({ route: 'policy-runs' });
    expect(call?.rawQuery).toBe(`org=${sim.credentials.orgUuid}&sort=run_time:desc&page=0&limit=5`);
  });
});

describe("policy-history: a run's results", () => {
  it('sends one status as result_status:equals, literally', async () => {
    const run = newestRun();
    const page = await client().getRunResults(run.policy.uuid, run.executionToken, { resultStatus: ['failed'], limit: 5000 });
    expect(resultCalls()[0]?.rawQuery).toContain('result_status:equals=failed');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((row) => row.resultStatus === 'failed')).toBe(true);
  });

  it('sends several statuses as repeated result_status:in[] keys, literally', async () => {
    const run = newestRun();
    const page = await client().getRunResults(run.policy.uuid, run.executionToken, { resultStatus: ['failed', 'pending'], limit: 5000 });
    expect(resultCalls()[0]?.rawQuery).toContain('result_status:in[]=failed&result_status:in[]=pending');
    expect(new Set(page.items.map((row) => row.resultStatus))).toEqual(new Set(['failed', 'pending']));
  });

  it('sends device_name:like with an encoded value', async () => {
    const run = newestRun();
    const host = run.results[0]!.hostname.slice(0, 4);
    const page = await client().getRunResults(run.policy.uuid, run.executionToken, { deviceName: host, limit: 5000 });
    expect(resultCalls()[0]?.rawQuery).toContain(`device_name:like=${encodeURIComponent(host)}`);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((row) => `${row.hostname} ${row.customName ?? ''}`.toLowerCase().includes(host.toLowerCase()))).toBe(true);
  });

  it.each([
    [[{ field: 'run_time', direction: 'asc' }], 'sort=run_time:asc'],
    [[{ field: 'device_display_name', direction: 'desc' }], 'sort=device_display_name:desc'],
    [
      [
        { field: 'result_status', direction: 'asc' },
        { field: 'device_display_name', direction: 'desc' },
      ],
      'sort=result_status:asc,device_display_name:desc',
    ],
  ] as const)('sends sort %j as %s and gets rows in that order', async (sort, expected) => {
    const run = newestRun();
    const page = await client().getRunResults(run.policy.uuid, run.executionToken, { sort, limit: 5000 });
    expect(resultCalls()[0]?.rawQuery).toContain(expected);
    const key =
      sort[0].field === 'device_display_name'
        ? (row: (typeof page.items)[number]) => row.displayName ?? ''
        : sort[0].field === 'run_time'
          ? (row: (typeof page.items)[number]) => row.runTime ?? ''
          : (row: (typeof page.items)[number]) => row.resultStatus;
    // The rows come back in Automox's order (case-insensitive here): the client must not reorder them.
    const keys = page.items.map((row) => key(row).toLowerCase());
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (sort[0].direction === 'desc') sorted.reverse();
    expect(keys).toEqual(sorted);
  });

  it('reads page and limit into metadata and maps both spellings of reason and exit code', async () => {
    const run = newestRun();
    const page = await client().getRunResults(run.policy.uuid, run.executionToken, { page: 1, limit: 10 });
    expect(resultCalls()[0]?.rawQuery).toMatch(/page=1&limit=10$/);
    expect(page).toEqual(
      expect.objectContaining({ page: 1, limit: 10, totalCount: run.results.length, totalPages: Math.ceil(run.results.length / 10) }),
    );
    expect(run.results.length).toBeLessThanOrEqual(MAX_PAGE_LIMIT);
    const all = (await client().getRunResults(run.policy.uuid, run.executionToken, { page: 0, limit: MAX_PAGE_LIMIT })).items;
    expect(all).toHaveLength(run.results.length);
    const withReason = run.results.filter(
      (row) => (row as unknown as Record<string, unknown>)['result-reason'] || (row as unknown as Record<string, unknown>).result_reason,
    );
    expect(all.filter((row) => row.resultReason).length).toBe(withReason.length);
    const withExit = run.results.filter(
      (row) =>
        typeof (row as unknown as Record<string, unknown>).exit_code === 'number' ||
        typeof (row as unknown as Record<string, unknown>).error_code === 'number',
    );
    expect(all.filter((row) => row.exitCode !== null).length).toBe(withExit.length);
  });

  it('sends the bearer key, and a wrong key is UPSTREAM_UNAUTHORIZED', async () => {
    const run = newestRun();
    const bad = automoxFor(
      { ...sim, credentials: { ...sim.credentials, automoxApiKey: 'wrong-key-123' } } as Simulator,
      captureLogs().logger,
    ).policyHistory;
    await expect(bad.getRunResults(run.policy.uuid, run.executionToken)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAUTHORIZED',
      status: 401,
    });
  });
});

describe('policy-history: failures', () => {
  it('retries a 429 after its Retry-After and then succeeds', async () => {
    sim.inject({ route: 'policy-runs', status: 429, retryAfter: '1' });
    const started = Date.now();
    await client().listPolicyRuns();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sim.calls({ route: 'policy-runs' }).map((call) => call.status)).toEqual([429, 200]);
  });

  it('backs off and retries 5xx, then gives up with UPSTREAM_UNAVAILABLE', async () => {
    sim.inject({ route: 'policy-runs', status: 500, times: Infinity });
    const error = await client()
      .listPolicyRuns()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 500, upstream: 'automox' });
    expect(sim.calls({ route: 'policy-runs' })).toHaveLength(1 + AUTOMOX_REQUEST_RETRY.limit); // first try + retries
  });

  it('reports a malformed body as UPSTREAM_BAD_RESPONSE', async () => {
    sim.inject({ route: 'policy-runs', malformed: true });
    await expect(client().listPolicyRuns()).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('reports a body of the wrong shape as UPSTREAM_BAD_RESPONSE', async () => {
    sim.inject({ route: 'policy-runs', status: 200, body: '{"data":"nope"}' });
    await expect(client().listPolicyRuns()).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: expect.stringContaining('data'),
    });
  });

  it('times out a hung request as UPSTREAM_UNAVAILABLE', async () => {
    sim.inject({ route: 'policy-runs', hang: true, times: Infinity });
    const clients = automoxFor(sim, captureLogs().logger, { limit: 0 }, 300);
    await expect(clients.policyHistory.listPolicyRuns()).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringContaining('timeout'),
    });
  });
});

describe('policy-history: a client waiting on the page', () => {
  /** The production retry policy, not the shrunk one of the other tests. */
  const productionClient = () =>
    createAutomoxClients({
      apiKey: sim.credentials.automoxApiKey,
      orgUuid: sim.credentials.orgUuid,
      orgId: null,
      policyReportUrl: sim.automoxPolicyReportUrl,
      consoleUrl: sim.automoxConsoleUrl,
      timeoutMs: 5000,
      logger: captureLogs().logger,
    }).policyHistory;

  it('is answered UPSTREAM_RATE_LIMITED with the one-minute penalty at once, not held through retries, by a 429 without Retry-After', async () => {
    sim.inject({ route: 'policy-results', status: 429, times: 5 });
    const run = newestRun();
    const error = await productionClient()
      .getRunResults(run.policy.uuid, run.executionToken)
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 60_000, upstream: 'automox' });
    expect(resultCalls()).toHaveLength(1);
  });

  it('does not wait out a Retry-After longer than 10 s', async () => {
    sim.inject({ route: 'policy-results', status: 429, retryAfter: '120', times: 5 });
    const run = newestRun();
    const error = await productionClient()
      .getRunResults(run.policy.uuid, run.executionToken)
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 120_000 });
    expect(resultCalls()).toHaveLength(1);
  });

  it('stops the call and its retries when the client has gone', async () => {
    sim.inject({ route: 'policy-results', status: 503, latencyMs: 200, times: 5 });
    const run = newestRun();
    const gone = new AbortController();
    const page = productionClient().getRunResults(run.policy.uuid, run.executionToken, { signal: gone.signal });
    while (resultCalls().length === 0) await new Promise((resolve) => setImmediate(resolve));
    gone.abort(new Error('the client disconnected'));
    await expect(page).rejects.toBeInstanceOf(UpstreamError);
    expect(resultCalls()).toHaveLength(1);
  });
});
