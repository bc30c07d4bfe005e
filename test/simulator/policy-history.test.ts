import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimResultRow, type SimRun, type Simulator } from '../../src/simulator/index.js';
import { automoxGet, automoxJson } from './helpers.js';

interface Collection<T> {
  metadata: { current_page: number; total_pages: number; total_count: number; limit: number; links: { previous: string; next: string } };
  data: T[];
}

let sim: Simulator;
let newest: SimRun;
let org: string;
const resultsPath = (run: SimRun, query = ''): string =>
  `/policy-history/policies/${run.policy.uuid}/${run.executionToken}?org=${org}${query}`;

beforeAll(async () => {
  sim = await startSimulator();
  org = sim.credentials.orgUuid;
  newest = sim.fleet.runs[0]!;
});
afterAll(() => sim.close());

describe('policy-history authentication and org', () => {
  it('answers 401 {"errors":["Unauthorized"]} without the right Bearer key', async () => {
    const res = await automoxGet(sim, resultsPath(newest), 'wrong-key');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: ['Unauthorized'] });
    const bare = await fetch(`${sim.automoxPolicyReportUrl}${resultsPath(newest)}`);
    expect(bare.status).toBe(401);
  });

  it('answers 400 in the BadRequest shape when org is missing', async () => {
    const res = await automoxGet(sim, `/policy-history/policies/${newest.policy.uuid}/${newest.executionToken}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      status: 400,
      code: expect.any(String),
      title: expect.any(String),
      message: expect.any(String),
      errors: [{ field: 'org' }],
    });
  });

  it('answers 403 for another org', async () => {
    const res = await automoxGet(sim, `/policy-history/policy-runs?org=0f6e3c2a-9b1d-4e57-8a3c-2d4b6f8e1a90`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errors: [expect.any(String)] });
  });

  it('answers 404 {"errors":["Entity not found"]} for an unknown policy or run', async () => {
    const other = sim.fleet.runs[5]!;
    const res = await automoxGet(sim, `/policy-history/policies/${newest.policy.uuid}/${other.executionToken}?org=${org}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: ['Entity not found'] });
  });

  it('serves the same paths under /api as newer accounts do', async () => {
    const res = await fetch(`${sim.automoxConsoleUrl}${resultsPath(newest, '&limit=1')}`, {
      headers: { authorization: `Bearer ${sim.credentials.automoxApiKey}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('policy run results paging', () => {
  it('pages from 0 with metadata and host-only links', async () => {
    const first = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=100'));
    expect(first.metadata).toEqual({
      current_page: 0,
      total_pages: 3,
      total_count: 250,
      limit: 100,
      links: { previous: '', next: 'policyreport.automox.com?page=1&limit=100' },
    });
    expect(first.data).toHaveLength(100);
    const last = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=100&page=2'));
    expect(last.metadata.links).toEqual({ previous: 'policyreport.automox.com?page=1&limit=100', next: '' });
    expect(last.data).toHaveLength(50);
  });

  it('defaults to 25 rows', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest));
    expect(body.metadata).toMatchObject({ limit: 25, total_pages: 10 });
    expect(body.data).toHaveLength(25);
  });

  it.each(['5001', '0', '-1', 'ten'])('refuses limit=%s with a 400', async (limit) => {
    const res = await automoxGet(sim, resultsPath(newest, `&limit=${limit}`));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ field: 'limit' }] });
  });

  it('accepts limit=5000 and returns every row at once', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=5000'));
    expect(body.data).toHaveLength(250);
    expect(body.metadata.total_pages).toBe(1);
  });

  it('sends the wire fields of a DeviceDetailsResource', async () => {
    const body = await automoxJson<Collection<Record<string, unknown>>>(sim, resultsPath(newest, '&limit=5000'));
    for (const key of [
      'device_id',
      'device_uuid',
      'hostname',
      'custom_name',
      'display_name',
      'result_status',
      'run_time',
      'event_time',
      'patches',
      'stdout',
      'stderr',
      'device_deleted_at',
      'policy_id',
      'policy_uuid',
      'policy_name',
      'policy_type',
    ]) {
      expect(body.data[0]).toHaveProperty([key]);
    }
    expect(body.data.some((r) => 'result-reason' in r) && body.data.some((r) => 'result_reason' in r)).toBe(true);
    expect(body.data.some((r) => 'exit_code' in r) && body.data.some((r) => 'error_code' in r)).toBe(true);
  });
});

describe('policy run results sorting', () => {
  const fetchAll = async (sort: string): Promise<SimResultRow[]> =>
    (await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, `&limit=5000&sort=${sort}`))).data;
  const lower = (s: string): string => s.toLowerCase();

  it.each([
    ['device_display_name', (r: SimResultRow) => lower(r.display_name)],
    ['result_status', (r: SimResultRow) => r.result_status],
    ['run_time', (r: SimResultRow) => r.run_time],
  ] as const)('sorts by %s ascending and descending', async (field, key) => {
    const asc = (await fetchAll(`${field}:asc`)).map(key);
    const desc = (await fetchAll(`${field}:desc`)).map(key);
    expect(asc).toEqual([...asc].sort());
    expect(desc).toEqual([...asc].sort().reverse());
  });

  it('defaults the direction to asc', async () => {
    const rows = (await fetchAll('device_display_name')).map((r) => lower(r.display_name));
    expect(rows).toEqual([...rows].sort());
  });

  it('breaks ties with later keys and is otherwise stable', async () => {
    const rows = await fetchAll('result_status:desc,device_display_name:asc');
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.result_status >= b.result_status).toBe(true);
      if (a.result_status === b.result_status) expect(lower(a.display_name) <= lower(b.display_name)).toBe(true);
    }
    // Every row of a run shares run_time, so sorting by it keeps the server's order (device id).
    const byRunTime = await fetchAll('run_time:desc');
    expect(byRunTime.map((r) => r.device_id)).toEqual(newest.results.map((r) => r.device_id));
  });

  it('refuses an unknown sort field with a 400', async () => {
    const res = await automoxGet(sim, resultsPath(newest, '&sort=hostname:asc'));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'sort' }] });
  });
});

describe('policy run results filtering', () => {
  const count = (status: string[]): number => newest.results.filter((r) => status.includes(r.result_status)).length;

  it('filters by repeated result_status:in[]', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(
      sim,
      resultsPath(newest, '&limit=5000&result_status:in[]=failed&result_status:in[]=pending'),
    );
    expect(body.metadata.total_count).toBe(count(['failed', 'pending']));
    expect(new Set(body.data.map((r) => r.result_status))).toEqual(new Set(['failed', 'pending']));
  });

  it('filters by result_status:in with a comma-separated list', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=5000&result_status:in=failed,blocked'));
    expect(body.metadata.total_count).toBe(count(['failed', 'blocked']));
  });

  it('filters by result_status:equals', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=5000&result_status:equals=success'));
    expect(body.metadata.total_count).toBe(count(['success']));
    expect(body.data.every((r) => r.result_status === 'success')).toBe(true);
  });

  it('filters by device_name:like over hostname and custom name, case-insensitively', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=5000&device_name:like=win-'));
    const expected = newest.results.filter(
      (r) => r.hostname.toLowerCase().includes('win-') || r.custom_name.toLowerCase().includes('win-'),
    );
    expect(body.data.map((r) => r.device_id)).toEqual(expected.map((r) => r.device_id));
    // Hostnames hold no spaces, so this fragment can only match custom names; its value arrives percent-encoded.
    const byCustom = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=5000&device_name:like=MACBOOK%20pro'));
    expect(byCustom.data.length).toBeGreaterThan(0);
    expect(byCustom.data.every((r) => r.custom_name.toLowerCase().includes('macbook pro'))).toBe(true);
  });

  it('silently ignores a percent-encoded operator key, as the real API does', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&limit=5000&result_status%3Ain%5B%5D=failed'));
    expect(body.metadata.total_count).toBe(250);
  });

  it('ignores unknown keys', async () => {
    const body = await automoxJson<Collection<SimResultRow>>(sim, resultsPath(newest, '&colour=blue&limit=1'));
    expect(body.metadata.total_count).toBe(250);
  });
});

describe('policy runs', () => {
  type Summary = Record<string, unknown> & { run_time: string; policy_name: string; device_count: number; execution_token: string };

  it('lists every run newest first by default, with counts that match the results', async () => {
    const body = await automoxJson<Collection<Summary>>(sim, `/policy-history/policy-runs?org=${org}&limit=100`);
    expect(body.metadata.total_count).toBe(15);
    const times = body.data.map((s) => s.run_time);
    expect(times).toEqual([...times].sort().reverse());
    const summary = body.data.find((s) => s.execution_token === newest.executionToken)!;
    const n = (status: string): number => newest.results.filter((r) => r.result_status === status).length;
    expect(summary).toMatchObject({
      policy_uuid: newest.policy.uuid,
      policy_id: newest.policy.id,
      org_uuid: org,
      policy_name: 'Patch Tuesday',
      policy_type: 'patch',
      device_count: 250,
      success: n('success'),
      failed: n('failed'),
      pending: n('pending'),
      not_included: n('not_included'),
      remediation_not_applicable: n('remediation_not_applicable'),
      run_time: newest.runTime,
      run_count: 250,
    });
  });

  it('sorts by policy_name and device_count', async () => {
    const byName = await automoxJson<Collection<Summary>>(sim, `/policy-history/policy-runs?org=${org}&limit=100&sort=policy_name:asc`);
    const names = byName.data.map((s) => s.policy_name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const byCount = await automoxJson<Collection<Summary>>(sim, `/policy-history/policy-runs?org=${org}&limit=100&sort=device_count:desc`);
    const counts = byCount.data.map((s) => s.device_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('filters by policy_type, policy_name, policy_uuid and time range', async () => {
    const q = (filter: string): Promise<Collection<Summary>> =>
      automoxJson<Collection<Summary>>(sim, `/policy-history/policy-runs?org=${org}&limit=100&${filter}`);
    expect((await q('policy_type:equals=custom')).metadata.total_count).toBe(6);
    expect((await q('policy_name:in=Patch Tuesday,Chrome Required')).metadata.total_count).toBe(6);
    expect((await q('policy_name:like=patch')).metadata.total_count).toBe(6);
    expect((await q(`policy_uuid:equals=${newest.policy.uuid}`)).metadata.total_count).toBe(3);
    expect((await q(`start_time=${newest.runTime}`)).data.map((s) => s.execution_token)).toEqual([newest.executionToken]);
    expect((await q('end_time=2020-01-01T00:00:00Z')).metadata.total_count).toBe(0);
  });
});
