import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import type { ConnectionMonitor } from '../connection';
import { age } from '../format';
import {
  type ComplianceState,
  type ComplianceStatus,
  type DeviceFilter,
  type DeviceSortField,
  DevicesDocument,
  type SortDirection,
} from '../gql/graphql';
import { href } from '../route';
import { ComplianceCell } from './ComplianceCell';
import { ErrorState } from './ErrorState';

/** Rows a page adds ("Load more"). */
export const PAGE_SIZE = 50;

/** At most this many loaded rows are refreshed after a reconnect: the most one `devices` page holds. */
const REFRESH_ROWS = 500;

const STATUSES: ComplianceStatus[] = ['COMPLIANT', 'NON_COMPLIANT', 'REPORTING', 'EXEMPTED', 'UNKNOWN'];
const STATES: ComplianceState[] = ['FRESH', 'STALE', 'QUEUED', 'NOT_FOUND', 'UNMATCHED', 'FAILED'];
const OS_FAMILIES = ['Windows', 'Mac', 'Linux'];
const SORTS: Array<[DeviceSortField, string]> = [
  ['HOSTNAME', 'Hostname'],
  ['LAST_SEEN', 'Last seen'],
  ['REPORT_AGE', 'Report age'],
  ['ISSUE_COUNT', 'Issues'],
  ['STATUS', 'Verdict'],
];

/** What the filter form holds: '' is "any". */
interface Filters {
  status: ComplianceStatus | '';
  state: ComplianceState | '';
  osFamily: string;
  hostname: string;
  critical: boolean;
}

const NO_FILTERS: Filters = { status: '', state: '', osFamily: '', hostname: '', critical: false };

/** The `DeviceFilter` the form means; filters left at "any" are left out. */
export function deviceFilter(filters: Filters): DeviceFilter {
  const filter: DeviceFilter = {};
  if (filters.status) filter.status = [filters.status];
  if (filters.state) filter.state = [filters.state];
  if (filters.osFamily) filter.osFamily = [filters.osFamily];
  if (filters.hostname.trim()) filter.hostnameContains = filters.hostname.trim();
  if (filters.critical) filter.hasCriticalIssues = true;
  return filter;
}

/**
 * The fleet, a page at a time (`Query.devices`, Relay): filters, a sort, and "Load more", which adds
 * the next page with `fetchMore({ variables: { after } })`; `relayStylePagination` merges the pages
 * per filter and sort. Each row's compliance is shown as it stands, with `Device.match`'s reason for
 * an UNMATCHED one, and follows the app's deviceChanged subscription (a row is its device in the
 * cache): no polling. A row that stops matching the filter stays until the table is asked again.
 */
export function DevicesView({ connection: monitor }: { connection: ConnectionMonitor }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sortField, setSortField] = useState<DeviceSortField>('HOSTNAME');
  const [direction, setDirection] = useState<SortDirection>('ASC');
  const variables = { filter: deviceFilter(filters), sort: [{ field: sortField, direction }], first: PAGE_SIZE };
  const result = useQuery(DevicesDocument, { variables, errorPolicy: 'all', notifyOnNetworkStatusChange: true });
  const connection = result.data?.devices;
  const edges = connection?.edges ?? [];
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = async () => {
    if (!connection?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await result.fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    } finally {
      setLoadingMore(false);
    }
  };
  useRefreshLoadedRows(monitor, variables, edges.length);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters({ ...filters, [key]: value });

  return (
    <div className="devices">
      <h2>Devices</h2>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Verdict{' '}
          <select name="status" value={filters.status} onChange={(event) => set('status', event.target.value as Filters['status'])}>
            <option value="">any</option>
            {STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          State{' '}
          <select name="state" value={filters.state} onChange={(event) => set('state', event.target.value as Filters['state'])}>
            <option value="">any</option>
            {STATES.map((state) => (
              <option key={state}>{state}</option>
            ))}
          </select>
        </label>
        <label>
          OS{' '}
          <select name="osFamily" value={filters.osFamily} onChange={(event) => set('osFamily', event.target.value)}>
            <option value="">any</option>
            {OS_FAMILIES.map((family) => (
              <option key={family}>{family}</option>
            ))}
          </select>
        </label>
        <label>
          Hostname contains{' '}
          <input name="hostname" type="search" value={filters.hostname} onChange={(event) => set('hostname', event.target.value)} />
        </label>
        <label>
          <input name="critical" type="checkbox" checked={filters.critical} onChange={(event) => set('critical', event.target.checked)} />{' '}
          with critical issues
        </label>
        <label>
          Sort by{' '}
          <select name="sort" value={sortField} onChange={(event) => setSortField(event.target.value as DeviceSortField)}>
            {SORTS.map(([field, label]) => (
              <option key={field} value={field}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" name="direction" onClick={() => setDirection(direction === 'ASC' ? 'DESC' : 'ASC')}>
          {direction === 'ASC' ? '↑ ascending' : '↓ descending'}
        </button>
      </form>
      {result.error && <ErrorState what="the devices" error={result.error} />}
      {connection && (
        <p data-testid="devices-count" data-total={connection.totalCount} data-shown={edges.length}>
          {edges.length} of {connection.totalCount} devices
        </p>
      )}
      {!connection && result.loading && <p>Loading devices…</p>}
      {edges.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Device</th>
              <th>OS</th>
              <th>Last seen</th>
              <th>Compliance</th>
              <th>Issues</th>
            </tr>
          </thead>
          <tbody>
            {edges.map(({ node }) => (
              <tr key={node.id} data-testid="device-row" data-id={node.id} data-hostname={node.hostname}>
                <td>
                  <a href={href({ view: 'device', hostname: node.hostname })}>{node.displayName ?? node.hostname}</a>
                  {node.displayName && node.displayName !== node.hostname && <small> {node.hostname}</small>}
                </td>
                <td>{node.osFamily ?? '—'}</td>
                <td>{node.lastSeenAt ? `${age(node.lastSeenAt)} ago` : '—'}</td>
                <td>
                  <ComplianceCell lookup={node.compliance} match={node.match} />
                </td>
                <td>
                  {node.compliance.report
                    ? `${node.compliance.report.totalIssues}${node.compliance.report.hasCriticalIssues ? ' (critical)' : ''}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection?.pageInfo.hasNextPage && (
        <p className="pager">
          <button type="button" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </p>
      )}
    </div>
  );
}

/**
 * After the live-updates socket comes back (or on the banner's retry), asks again for every loaded
 * row (up to {@link REFRESH_ROWS}, the most a page holds) in one request, as one page from the
 * start: `relayStylePagination` replaces the list with it, so the pages "Load more" added stay on
 * screen (Apollo's own refetch would ask for the first page only, and drop the rest).
 */
function useRefreshLoadedRows(
  connection: ConnectionMonitor,
  variables: { filter: DeviceFilter; sort: Array<{ field: DeviceSortField; direction: SortDirection }> },
  loaded: number,
): void {
  const client = useApolloClient();
  const latest = useRef({ variables, loaded });
  latest.current = { variables, loaded };
  useEffect(
    () =>
      connection.onRefresh(() => {
        const { variables, loaded } = latest.current;
        const first = Math.min(REFRESH_ROWS, Math.max(PAGE_SIZE, loaded));
        return client.query({ query: DevicesDocument, variables: { ...variables, first }, fetchPolicy: 'network-only' });
      }),
    [connection, client],
  );
}
