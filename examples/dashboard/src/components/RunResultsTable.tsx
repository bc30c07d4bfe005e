import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { RunResultsDocument } from '../gql/graphql';
import { href } from '../route';
import { ComplianceCell } from './ComplianceCell';
import { ErrorState } from './ErrorState';

/** Rows a page shows. */
const PAGE_SIZE = 25;

/** Props of {@link RunResultsTable}: which run. */
export interface RunResultsTableProps {
  policyUuid: string;
  execToken: string;
}

/** One page of a run's results, each row with its device and that device's compliance as the graph answers it. */
export function RunResultsTable({ policyUuid, execToken }: RunResultsTableProps) {
  const [page, setPage] = useState(0);
  const result = useQuery(RunResultsDocument, { variables: { policyUuid, execToken, page, limit: PAGE_SIZE }, errorPolicy: 'all' });
  const rows = result.data?.policyRunResults.nodes ?? [];
  const pageInfo = result.data?.policyRunResults.pageInfo;
  // No polling: a QUEUED row turns FRESH (or NOT_FOUND, FAILED) when the app's deviceChanged
  // subscription (src/live.ts) brings its device, which the cache writes over this row's device.
  return (
    <div className="results">
      {result.error && <ErrorState what="this run's results" error={result.error} />}
      {result.loading && rows.length === 0 && <p>Loading results…</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Device</th>
              <th>Result</th>
              <th>Compliance</th>
              <th>Issues</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.device.hostname} data-testid="result-row" data-hostname={row.device.hostname}>
                <td>
                  <a href={href({ view: 'device', hostname: row.device.hostname })}>{row.device.displayName ?? row.device.hostname}</a>
                  {!row.device.inInventory && <small> (not in Automox)</small>}
                </td>
                <td>
                  {row.resultStatus}
                  {row.resultReason && <small> {row.resultReason}</small>}
                </td>
                <td>
                  <ComplianceCell lookup={row.device.compliance} />
                </td>
                <td>
                  {row.device.compliance.report
                    ? `${row.device.compliance.report.totalIssues}${row.device.compliance.report.hasCriticalIssues ? ' (critical)' : ''}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pageInfo && pageInfo.totalPages > 1 && (
        <p className="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>{' '}
          Page {pageInfo.page + 1} of {pageInfo.totalPages} ({pageInfo.totalCount} devices){' '}
          <button type="button" disabled={!pageInfo.hasNextPage} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </p>
      )}
    </div>
  );
}
