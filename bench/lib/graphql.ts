/** The four query shapes the bench measures, and a plain GraphQL-over-HTTP client. */

/** A GraphQL response body. */
export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** One measured operation with fixed variables. */
export interface Shape {
  key: 'page25' | 'page1000' | 'device' | 'entities';
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

const PAGE = `query Page($policyUuid: ID!, $execToken: ID!, $limit: Int!, $page: Int) {
  policyRunResults(policyUuid: $policyUuid, execToken: $execToken, limit: $limit, page: $page) {
    pageInfo { totalCount hasNextPage }
    nodes { device { hostname macAddresses compliance { state report { status totalIssues } } } }
  }
}`;

const DEVICE = `query Device($hostname: String!) {
  device(hostname: $hostname) {
    hostname
    compliance {
      state fetchedAt
      report {
        status totalIssues totalCriticalIssues hasCriticalIssues
        issues { group category descriptions }
        infections { category totalThreats }
      }
    }
  }
}`;

const ENTITIES = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Device { hostname macAddresses compliance { state report { status } } } } }`;

/** What the shapes are asked about. */
export interface ShapeTargets {
  policyUuid: string;
  execToken: string;
  hostname: string;
  entityHostnames: string[];
}

/** The four shapes, in the order they are reported. */
export function buildShapes(t: ShapeTargets): Shape[] {
  const run = { policyUuid: t.policyUuid, execToken: t.execToken, page: 0 };
  return [
    { key: 'page25', label: 'policyRunResults 25 rows', query: PAGE, variables: { ...run, limit: 25 } },
    { key: 'page1000', label: 'policyRunResults 1,000 rows', query: PAGE, variables: { ...run, limit: 1000 } },
    { key: 'device', label: 'device(hostname:) + report', query: DEVICE, variables: { hostname: t.hostname } },
    {
      key: 'entities',
      label: `_entities × ${t.entityHostnames.length}`,
      query: ENTITIES,
      variables: { r: t.entityHostnames.map((hostname) => ({ __typename: 'Device', hostname })) },
    },
  ];
}

/** The page query, for callers that page through a whole run (the memory phase). */
export const PAGE_QUERY = PAGE;

/** POSTs one operation; throws on a non-200 answer, returns the body (which may carry errors). */
export async function post(url: string, query: string, variables: Record<string, unknown>, timeoutMs = 120_000): Promise<GraphQLBody> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${url}/graphql answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as GraphQLBody;
}

const STATES = new Set(['FRESH', 'STALE', 'QUEUED', 'NOT_FOUND', 'UNMATCHED', 'FAILED']);

/** The compliance lookups anywhere in a response (any object whose `state` is a ComplianceState). */
export function complianceStates(data: unknown): Array<{ state: string; hasReport: boolean }> {
  const found: Array<{ state: string; hasReport: boolean }> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.state === 'string' && STATES.has(record.state)) {
      found.push({ state: record.state, hasReport: record.report !== null && record.report !== undefined });
      return;
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(data);
  return found;
}

/**
 * One request asking `compliance(identifier:)` for each identifier, under aliases c0, c1, …; the
 * identifiers travel as variables, so every full batch shares one document (as a router's would).
 */
export function complianceBatch(identifiers: readonly string[]): { query: string; variables: Record<string, unknown> } {
  const params = identifiers.map((_, i) => `$i${i}: String!`).join(', ');
  const fields = identifiers.map(
    (_, i) =>
      `c${i}: compliance(identifier: $i${i}) { state fetchedAt report { status totalIssues issues { group category descriptions } infections { category totalThreats } } }`,
  );
  return {
    query: `query ComplianceBatch(${params}) {\n  ${fields.join('\n  ')}\n}`,
    variables: Object.fromEntries(identifiers.map((id, i) => [`i${i}`, id])),
  };
}

/** States that need no further OPSWAT call: the cache has the answer. */
export const SETTLED_STATES = new Set(['FRESH', 'NOT_FOUND', 'UNMATCHED']);

/** Counts of each state, e.g. { FRESH: 812, NOT_FOUND: 130 }. */
export function tally(states: Array<{ state: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { state } of states) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}
