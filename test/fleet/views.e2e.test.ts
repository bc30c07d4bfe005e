/**
 * `devices` and `fleetSummary` against the simulator's truth, over real HTTP: once the sweep has
 * finished (a short budget window, so it takes seconds), every filter, sort and count is the
 * simulator's own, paging with `after` reaches every row exactly once, and a warm view costs no
 * upstream call at all. One simulator and graph are shared: the views only read.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { automoxFacts, type SimDevice, type Simulator, SIM_SERVER_GROUPS, startSimulator } from '../../src/simulator/index.js';
import { LIFTED_DOCUMENT_LIMITS } from '../budget/spend.js';
import { startGraph, type TestGraph } from '../helpers/graph.js';
import { fleetTruth } from '../helpers/fleet-truth.js';
import { settled } from './settle.js';

const NODE = `id hostname osFamily agentConnected lastSeenAt tags serverGroupId
  automoxPolicies { policyId state compliant }
  compliance { state identifierKind fetchedAt retryAfterSeconds report { status totalIssues hasCriticalIssues } }`;
const DEVICES = `query Devices($filter: DeviceFilter, $sort: [DeviceSort!], $first: Int, $after: String) {
  devices(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ${NODE} } }
  }
}`;

type Node = {
  id: string;
  hostname: string;
  osFamily: string | null;
  agentConnected: boolean | null;
  lastSeenAt: string | null;
  tags: string[];
  serverGroupId: number | null;
  automoxPolicies: Array<{ policyId: number; state: string; compliant: boolean }>;
  compliance: {
    state: string;
    identifierKind: string | null;
    fetchedAt: string | null;
    retryAfterSeconds: number | null;
    report: { status: string; totalIssues: number; hasCriticalIssues: boolean } | null;
  };
};
type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: Node }>;
};

let sim: Simulator;
let graph: TestGraph;
let live: SimDevice[];

/** Every row of a view, paging by `first` with `after` until the end; checks each page's info on the way. */
async function allRows(variables: { filter?: unknown; sort?: unknown } = {}, first = 50): Promise<Node[]> {
  const rows: Node[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const response: { data?: { devices: Page } | null; errors?: unknown[] } = await graph.query<{ devices: Page }>(DEVICES, {
      ...variables,
      first,
      after,
    });
    expect(response.errors).toBeUndefined();
    const page: Page = response.data!.devices;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    rows.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) {
      expect(rows).toHaveLength(page.totalCount);
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
      return rows;
    }
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const ids = (devices: readonly { id: number | string }[]) => devices.map((device) => String(device.id)).sort();

/** What the simulator says OPSWAT answers for a device once the sweep has asked: its verdict, or why none. */
// The simulator's truth, the hostname join included (shared with the dashboard's browser spec).
let truth: ReturnType<typeof fleetTruth>;
const truthOf = (device: SimDevice) => truth.truthOf(device);
const knownByMac = (device: SimDevice) => truth.knownByMac(device);
const listedUnder = (hostname: string) => truth.listedUnder(hostname);

beforeAll(async () => {
  sim = await startSimulator({ fleetSize: 250, opswatRateLimit: 10, opswatRateWindowMs: 2_000 });
  live = sim.fleet.devices.filter((device) => device.deletedAt === null);
  truth = fleetTruth(sim.fleet);
  graph = await startGraph(sim, { OPSWAT_RATE_LIMIT: '10', OPSWAT_RATE_WINDOW_MS: '2000', FLEET_SWEEP: 'on', ...LIFTED_DOCUMENT_LIMITS });
  // The sweep, then the hostname join (the listing runs once the MACs are done), then its lookups.
  await settled(graph);
}, 90_000);
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

describe('devices(filter: {status: NON_COMPLIANT})', () => {
  it('returns exactly the devices the simulator reports non-compliant, paging to the end with after', async () => {
    const expected = live.filter((device) => {
      const truth = truthOf(device);
      return truth.state === 'FRESH' && truth.status === 'NON_COMPLIANT';
    });
    expect(expected.length).toBeGreaterThan(50);
    const rows = await allRows({ filter: { status: 'NON_COMPLIANT' } });
    expect(ids(rows)).toEqual(ids(expected));
    expect(rows.every((row) => row.compliance.state === 'FRESH' && row.compliance.report?.status === 'NON_COMPLIANT')).toBe(true);
  });

  it('answers a warm page and a summary with no upstream call, Automox or OPSWAT', async () => {
    sim.resetCalls();
    await allRows({ filter: { status: ['NON_COMPLIANT', 'COMPLIANT'] }, sort: [{ field: 'STATUS', direction: 'DESC' }] }, 100);
    await graph.query('{ fleetSummary { totalCount byStatus { status count } budget { callsInWindow } } }');
    expect(sim.calls()).toEqual([]);
  });
});

describe('devices: every filter against the truth', () => {
  const cases: Array<[string, unknown, (device: SimDevice) => boolean]> = [
    ['state NOT_FOUND and UNMATCHED', { state: ['NOT_FOUND', 'UNMATCHED'] }, (d) => truthOf(d).state !== 'FRESH'],
    [
      'status as a list',
      { status: ['COMPLIANT', 'EXEMPTED'] },
      (d) => ['COMPLIANT', 'EXEMPTED'].includes((truthOf(d) as { status?: string }).status ?? ''),
    ],
    ['OS family, any case', { osFamily: ['mac', 'LINUX'] }, (d) => d.osFamily === 'Mac' || d.osFamily === 'Linux'],
    ['agent connected', { agentConnected: false }, (d) => !d.connected],
    [
      'server group',
      { serverGroupId: [SIM_SERVER_GROUPS.servers.id] },
      (d) => automoxFacts(d, sim.fleet).serverGroupId === SIM_SERVER_GROUPS.servers.id,
    ],
    ['tag, any case', { tag: ['FINANCE'] }, (d) => automoxFacts(d, sim.fleet).tags.includes('finance')],
    ['hostname substring', { hostnameContains: 'MacBook' }, (d) => d.hostname.toLowerCase().includes('macbook')],
    ['matched by MAC', { matchedBy: 'MAC_ADDRESS' }, (d) => knownByMac(d)],
    ['matched by hostname, asked by device id', { matchedBy: 'OPSWAT_DEVICE_ID' }, (d) => truthOf(d).state === 'FRESH' && !knownByMac(d)],
    ['deleted (the inventory lists live devices only)', { deleted: true }, () => false],
    ['not deleted', { deleted: false }, () => true],
    ['a report older than a day, or none', { reportOlderThanSeconds: 86_400 }, (d) => truthOf(d).state !== 'FRESH'],
    ['a report older than 0 s, or none: all', { reportOlderThanSeconds: 0 }, () => true],
    [
      'several at once (AND)',
      { osFamily: 'Windows', agentConnected: true, status: 'COMPLIANT' },
      (d) => d.osFamily === 'Windows' && d.connected && (truthOf(d) as { status?: string }).status === 'COMPLIANT',
    ],
  ];
  it.each(cases)('%s', async (_name, filter, expected) => {
    const rows = await allRows({ filter }, 100);
    expect(ids(rows)).toEqual(ids(live.filter(expected)));
  });

  it('an Automox policy, compliant or not, as the console reports each device', async () => {
    const policy = sim.fleet.policies[0]!;
    const standing = (d: SimDevice) => automoxFacts(d, sim.fleet).policyStatus.find((status) => status.policy_id === policy.id);
    for (const compliant of [true, false, null]) {
      const rows = await allRows({ filter: { automoxPolicy: { policyId: policy.id, compliant } } }, 100);
      const expected = live.filter((d) => standing(d) !== undefined && (compliant === null || (standing(d)!.status === 1) === compliant));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(rows)).toEqual(ids(expected));
    }
  });

  it('has critical issues, as each device report says', async () => {
    const everyone = await allRows({}, 500);
    for (const wanted of [true, false]) {
      const rows = await allRows({ filter: { hasCriticalIssues: wanted } }, 100);
      expect(ids(rows)).toEqual(ids(everyone.filter((row) => row.compliance.report?.hasCriticalIssues === wanted)));
    }
  });
});

describe('devices: every sort, each way, ties broken by id', () => {
  const byId = (a: Node, b: Node) => Number(a.id) - Number(b.id);
  /** Compares with missing values last in either direction, then by id. */
  const by =
    <T extends string | number>(value: (node: Node) => T | null, direction: 1 | -1) =>
    (a: Node, b: Node) => {
      const [x, y] = [value(a), value(b)];
      if (x === y) return byId(a, b);
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * direction || byId(a, b);
    };
  const rank: Record<string, number> = { COMPLIANT: 0, EXEMPTED: 1, REPORTING: 2, UNKNOWN: 3, NON_COMPLIANT: 4 };
  const truthById = () => new Map(live.map((device) => [String(device.id), device]));
  const sorts: Array<[string, (node: Node) => string | number | null, 1 | -1]> = [
    ['HOSTNAME', (node) => truthById().get(node.id)!.hostname.toLowerCase(), 1],
    ['LAST_SEEN', (node) => Date.parse(truthById().get(node.id)!.lastRefreshTime), 1],
    ['REPORT_AGE', (node) => (node.compliance.fetchedAt ? Date.parse(node.compliance.fetchedAt) : null), -1],
    ['ISSUE_COUNT', (node) => node.compliance.report?.totalIssues ?? null, 1],
    ['STATUS', (node) => (node.compliance.report ? rank[node.compliance.report.status]! : null), 1],
  ];
  it.each(sorts.flatMap(([field, value, sign]) => (['ASC', 'DESC'] as const).map((direction) => [field, direction, value, sign] as const)))(
    '%s %s',
    async (field, direction, value, sign) => {
      const rows = await allRows({ sort: [{ field, direction }] }, 70);
      expect(rows).toHaveLength(live.length);
      const expected = [...rows].sort(by(value, (direction === 'ASC' ? sign : -sign) as 1 | -1));
      expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    },
  );

  it('a second key breaks the first one’s ties', async () => {
    const rows = await allRows({ sort: [{ field: 'STATUS' }, { field: 'HOSTNAME', direction: 'DESC' }] }, 100);
    const hostname = (node: Node) => truthById().get(node.id)!.hostname.toLowerCase();
    const status = (node: Node) => (node.compliance.report ? rank[node.compliance.report.status]! : 99);
    const expected = [...rows].sort(
      (a, b) => status(a) - status(b) || (hostname(a) < hostname(b) ? 1 : hostname(a) > hostname(b) ? -1 : byId(a, b)),
    );
    expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
  });
});

describe('fleetSummary', () => {
  it('counts what a direct count over the simulator’s fleet counts', async () => {
    const response = await graph.query<{ fleetSummary: Record<string, any> }>(`{ fleetSummary {
      totalCount withoutReport freshShare oldestReportAgeSeconds
      byStatus { status count } byState { state count } byOsFamily { osFamily count }
      byAutomoxPolicy { policyId policyName compliant nonCompliant } unmatched { reason count }
      budget { limit windowSeconds callsInWindow queuedInteractive queuedSweep estimatedSecondsUntilAllFresh } } }`);
    expect(response.errors).toBeUndefined();
    const summary = response.data!.fleetSummary;
    const truths = live.map(truthOf);
    const count = (predicate: (truth: ReturnType<typeof truthOf>) => boolean) => truths.filter(predicate).length;
    const fresh = count((truth) => truth.state === 'FRESH');
    expect(summary.totalCount).toBe(live.length);
    expect(summary.withoutReport).toBe(live.length - fresh);
    expect(summary.freshShare).toBeCloseTo(fresh / live.length, 6);
    expect(summary.byStatus).toEqual(
      ['COMPLIANT', 'NON_COMPLIANT', 'REPORTING', 'EXEMPTED', 'UNKNOWN'].map((status) => ({
        status,
        count: count((truth) => truth.state === 'FRESH' && truth.status === status),
      })),
    );
    expect(summary.byState).toEqual(
      ['FRESH', 'STALE', 'QUEUED', 'NOT_FOUND', 'UNMATCHED', 'FAILED'].map((state) => ({
        state,
        count: count((truth) => truth.state === state),
      })),
    );
    const ambiguous = live.filter((device) => !knownByMac(device) && listedUnder(device.hostname).length > 1).length;
    expect(ambiguous).toBe(1);
    expect(summary.unmatched).toEqual([
      { reason: 'NO_USABLE_MAC', count: count((truth) => truth.state === 'UNMATCHED') - ambiguous },
      { reason: 'UNKNOWN_TO_OPSWAT', count: count((truth) => truth.state === 'NOT_FOUND') },
      { reason: 'AMBIGUOUS_HOSTNAME', count: ambiguous },
    ]);
    const families = ['Windows', 'Mac', 'Linux'].map((osFamily) => ({
      osFamily,
      count: live.filter((d) => d.osFamily === osFamily).length,
    }));
    expect([...summary.byOsFamily].sort((a, b) => a.osFamily.localeCompare(b.osFamily))).toEqual(
      families.sort((a, b) => a.osFamily.localeCompare(b.osFamily)),
    );
    expect(summary.byAutomoxPolicy).toEqual(
      [...sim.fleet.policies]
        .sort((a, b) => a.id - b.id)
        .map((policy) => {
          const standings = live.flatMap((d) => automoxFacts(d, sim.fleet).policyStatus.filter((status) => status.policy_id === policy.id));
          return {
            policyId: policy.id,
            policyName: policy.name,
            compliant: standings.filter((status) => status.status === 1).length,
            nonCompliant: standings.filter((status) => status.status !== 1).length,
          };
        }),
    );
    expect(summary.oldestReportAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(summary.oldestReportAgeSeconds).toBeLessThan(120);
    expect(summary.budget).toMatchObject({
      limit: 10,
      windowSeconds: 2,
      queuedInteractive: 0,
      estimatedSecondsUntilAllFresh: expect.any(Number),
    });
  });

  it('counts only what the filter selects', async () => {
    const response = await graph.query<{ fleetSummary: { totalCount: number; byOsFamily: unknown[] } }>(
      '{ fleetSummary(filter: {osFamily: "Mac"}) { totalCount byOsFamily { osFamily count } } }',
    );
    const macs = live.filter((d) => d.osFamily === 'Mac').length;
    expect(response.data!.fleetSummary).toEqual({ totalCount: macs, byOsFamily: [{ osFamily: 'Mac', count: macs }] });
  });
});

describe('two devices with one hostname', () => {
  it('are two rows, each with its own id', async () => {
    const rows = await allRows({ filter: { hostnameContains: 'aishas-macbook-pro.local' } });
    expect(rows.map((row) => [row.id, row.hostname])).toEqual([
      ['1001964', 'Aishas-MacBook-Pro.local'],
      ['1004064', 'Aishas-MacBook-Pro.local'],
    ]);
  });
});

describe('Device.match explains every adapter', () => {
  type Explained = {
    id: string;
    compliance: { state: string };
    match: {
      kind: string;
      value: string | null;
      adapters: Array<{ mac: string | null; outcome: string; locallyAdministered: boolean }>;
    } | null;
  };
  let rows: Explained[];
  const byId = (device: SimDevice) => rows.find((row) => row.id === String(device.id))!;
  beforeAll(async () => {
    const response = await graph.query<{ devices: { edges: Array<{ node: Explained }> } }>(
      '{ devices(first: 500) { edges { node { id compliance { state } match { kind value adapters { mac outcome locallyAdministered } } } } } }',
    );
    expect(response.errors).toBeUndefined();
    rows = response.data!.devices.edges.map((edge) => edge.node);
  });

  it('asks the usable adapters, and skips every other one the inventory lists, saying why', () => {
    for (const device of live) {
      const { adapters } = byId(device).match!;
      expect(adapters).toHaveLength(device.nics.length);
      const asked = adapters.filter((adapter) => !['VIRTUAL', 'UNUSABLE', 'DUPLICATE'].includes(adapter.outcome));
      expect(asked.map((adapter) => adapter.mac).sort()).toEqual([...device.physicalMacs].sort());
    }
  });

  it('marks the MAC that answered MATCHED, those asked before it UNKNOWN_TO_OPSWAT, those after it NOT_ASKED', () => {
    let second = 0;
    for (const device of live.filter(knownByMac)) {
      const { kind, value, adapters } = byId(device).match!;
      expect(kind).toBe('MAC_ADDRESS');
      const outcomes = adapters.filter((adapter) => adapter.mac !== null && device.physicalMacs.includes(adapter.mac));
      const at = outcomes.findIndex((adapter) => adapter.outcome === 'MATCHED');
      expect(outcomes[at]!.mac).toBe(value);
      expect(device.opswat.knownMacs).toContain(value);
      for (const before of outcomes.slice(0, at)) {
        expect(before.outcome).toBe('UNKNOWN_TO_OPSWAT');
        expect(device.opswat.knownMacs).not.toContain(before.mac);
      }
      for (const after of outcomes.slice(at + 1)) expect(after.outcome).toBe('NOT_ASKED');
      if (at > 0) second += 1;
    }
    // The demo fleet holds devices OPSWAT knows only by a later adapter.
    expect(second).toBeGreaterThan(0);
  });

  it('marks every asked MAC UNKNOWN_TO_OPSWAT where no MAC matched (NOT_FOUND, or matched by hostname)', () => {
    const unmatchedByMac = live.filter((device) => !knownByMac(device) && device.physicalMacs.length > 0);
    expect(unmatchedByMac.length).toBeGreaterThan(0);
    for (const device of unmatchedByMac) {
      const asked = byId(device).match!.adapters.filter((adapter) => adapter.mac !== null && device.physicalMacs.includes(adapter.mac));
      expect(asked.map((adapter) => adapter.outcome)).toEqual(asked.map(() => 'UNKNOWN_TO_OPSWAT'));
    }
  });

  it('says which MACs are locally administered', () => {
    for (const row of rows) {
      for (const adapter of row.match?.adapters ?? []) {
        if (adapter.mac === null || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(adapter.mac)) continue;
        expect(adapter.locallyAdministered).toBe((Number.parseInt(adapter.mac.slice(0, 2), 16) & 2) !== 0);
      }
    }
  });
});

describe('cursors and page sizes', () => {
  const codeOf = async (variables: Record<string, unknown>) => {
    const response = await graph.query(DEVICES, variables);
    return { codes: response.errors?.map((error) => error.extensions?.code), data: response.data };
  };

  it('refuses a forged, edited, garbled or truncated cursor with BAD_USER_INPUT, before reading anything', async () => {
    const first = (await graph.query<{ devices: Page }>(DEVICES, { first: 5 })).data!.devices;
    const cursor = first.pageInfo.endCursor!;
    const [payload, mac] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { i: number };
    const edited = `${Buffer.from(JSON.stringify({ ...decoded, i: decoded.i + 1 })).toString('base64url')}.${mac}`;
    sim.resetCalls();
    for (const after of [edited, `${payload}.AAAAAAAAAAAAAAAAAAAAAA`, 'garbage', cursor.slice(0, -3), `${cursor}.x`, '']) {
      if (after === '') continue;
      const { codes, data } = await codeOf({ first: 5, after });
      expect({ after, codes }).toEqual({ after, codes: ['BAD_USER_INPUT'] });
      expect(data).toBeNull();
    }
    expect(sim.calls()).toEqual([]);
  });

  it('refuses a cursor of another filter or sort, and accepts it again with its own', async () => {
    const page = (await graph.query<{ devices: Page }>(DEVICES, { first: 5, filter: { osFamily: 'Windows' } })).data!.devices;
    expect((await codeOf({ first: 5, after: page.pageInfo.endCursor })).codes).toEqual(['BAD_USER_INPUT']);
    expect(
      (await codeOf({ first: 5, after: page.pageInfo.endCursor, filter: { osFamily: 'Windows' }, sort: [{ field: 'LAST_SEEN' }] })).codes,
    ).toEqual(['BAD_USER_INPUT']);
    expect((await codeOf({ first: 5, after: page.pageInfo.endCursor, filter: { osFamily: 'Windows' } })).codes).toBeUndefined();
  });

  it('bounds first: 0 to 500, 50 by default', async () => {
    expect((await codeOf({ first: 501 })).codes).toEqual(['BAD_USER_INPUT']);
    expect((await codeOf({ first: -1 })).codes).toEqual(['BAD_USER_INPUT']);
    const byDefault = await graph.query<{ devices: Page }>('{ devices { totalCount edges { cursor } } }');
    expect(byDefault.data!.devices.edges).toHaveLength(50);
    const none = await graph.query<{ devices: Page }>(DEVICES, { first: 0 });
    expect(none.data!.devices).toMatchObject({ totalCount: live.length, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });
});
