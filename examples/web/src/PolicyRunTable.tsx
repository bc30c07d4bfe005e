import { useQuery } from '@apollo/client/react';
import { PolicyRunTableDocument, type PolicyRunTableQuery } from './gql/graphql';
import { FALLBACK_RETRY_SECONDS, usePollWhileQueued } from './usePollWhileQueued';

type Row = PolicyRunTableQuery['policyRunResults']['nodes'][number];

/** Props of {@link PolicyRunTable}: which run, and which page of it. */
export interface PolicyRunTableProps {
  policyUuid: string;
  execToken: string;
  page?: number;
  limit?: number;
}

/** One page of a policy run's results, each row with its device's OPSWAT compliance. */
export function PolicyRunTable({ policyUuid, execToken, page = 0, limit = 25 }: PolicyRunTableProps) {
  const result = useQuery(PolicyRunTableDocument, {
    variables: { policyUuid, execToken, page, limit, sort: [{ field: 'DEVICE_DISPLAY_NAME', direction: 'ASC' }] },
  });
  const rows = result.data?.policyRunResults.nodes ?? [];
  usePollWhileQueued(
    rows.map((row) => row.device.compliance),
    result,
  );

  if (result.error) return <p role="alert">Could not load the run: {result.error.message}</p>;
  if (!result.data) return <p>Loading…</p>;
  const { pageInfo } = result.data.policyRunResults;
  return (
    <table>
      <caption>
        Page {pageInfo.page + 1} of {pageInfo.totalPages} ({pageInfo.totalCount} devices)
      </caption>
      <thead>
        <tr>
          <th>Device</th>
          <th>MAC addresses</th>
          <th>Result</th>
          <th>Ran at</th>
          <th>Compliance</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.device.hostname}>
            <td>{row.device.displayName ?? row.device.hostname}</td>
            <td>{row.device.macAddresses.join(', ')}</td>
            <td>{row.resultStatus}</td>
            <td>{row.runTime ? new Date(row.runTime).toLocaleString() : '—'}</td>
            <td>{describeCompliance(row.device.compliance)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A cell's text for every state the graph can answer with. */
function describeCompliance(compliance: Row['device']['compliance']): string {
  switch (compliance.state) {
    case 'FRESH':
    case 'STALE': {
      const report = compliance.report;
      if (!report) return compliance.state;
      const issues =
        report.totalIssues === 0 ? 'no issues' : `${report.totalIssues} issue(s)${report.hasCriticalIssues ? ', critical' : ''}`;
      return `${report.status} (${issues})${compliance.state === 'STALE' ? ', refreshing' : ''}`;
    }
    case 'QUEUED':
      return `checking… (retry in ${compliance.retryAfterSeconds ?? FALLBACK_RETRY_SECONDS}s)`;
    case 'NOT_FOUND':
      return 'not enrolled in OPSWAT';
    case 'UNMATCHED':
      return 'no MAC address to check';
    case 'FAILED':
      return 'lookup failed';
    default:
      return assertNever(compliance.state);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected compliance state ${String(value)}`);
}
