import { useQuery } from '@apollo/client/react';
import { FleetTableDocument, type FleetTableQueryVariables } from './gql/graphql';

/** Props of {@link FleetTable}: which devices, in which order. */
export interface FleetTableProps {
  filter?: FleetTableQueryVariables['filter'];
  sort?: FleetTableQueryVariables['sort'];
}

/** The fleet, 50 devices at a time; "More" fetches the next page after the last cursor (the cache merges it). */
export function FleetTable({ filter, sort }: FleetTableProps) {
  const result = useQuery(FleetTableDocument, { variables: { filter, sort, first: 50 } });
  if (result.error) return <p role="alert">Could not load the fleet: {result.error.message}</p>;
  if (!result.data) return <p>Loading…</p>;
  const { edges, pageInfo, totalCount } = result.data.devices;
  return (
    <table>
      <caption>
        {edges.length} of {totalCount} devices
      </caption>
      <thead>
        <tr>
          <th>Device</th>
          <th>OS</th>
          <th>Agent</th>
          <th>Compliance</th>
        </tr>
      </thead>
      <tbody>
        {edges.map(({ node }) => (
          <tr key={node.id}>
            <td>{node.displayName ?? node.hostname}</td>
            <td>{[node.osFamily, node.osName, node.osVersion].filter(Boolean).join(' ')}</td>
            <td>{node.agentConnected ? 'connected' : 'disconnected'}</td>
            <td>{node.compliance.report?.status ?? node.compliance.state}</td>
          </tr>
        ))}
      </tbody>
      {pageInfo.hasNextPage && (
        <tfoot>
          <tr>
            <td colSpan={4}>
              <button type="button" onClick={() => void result.fetchMore({ variables: { after: pageInfo.endCursor } })}>
                More
              </button>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
