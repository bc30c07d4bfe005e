import type { ApolloClient } from '@apollo/client';
import { useSubscription } from '@apollo/client/react';
import { DeviceChangedDocument, FleetSummaryDocument, FleetSummaryChangedDocument } from './gql/graphql';

/**
 * The dashboard's live updates, subscribed once for the whole app (over graphql-ws, by persisted
 * id): each `deviceChanged` event is a Device with its id, which Apollo's cache writes over that
 * device wherever it is shown (a row of the devices table, of a run's results, the device page);
 * each `fleetSummaryChanged` event replaces the cached `fleetSummary`, which the summary view
 * reads. Nothing polls: a QUEUED row turns FRESH when the graph learns its report.
 */
export function useLiveUpdates(): void {
  useSubscription(DeviceChangedDocument);
  useSubscription(FleetSummaryChangedDocument, {
    onData: ({ client, data }) => {
      const summary = data.data?.fleetSummaryChanged;
      if (summary) client.cache.writeQuery({ query: FleetSummaryDocument, data: { __typename: 'Query', fleetSummary: summary } });
    },
  });
}

/**
 * Asks the graph again for what every active view shows, after the live-updates socket comes back
 * (events sent meanwhile are not replayed) or on the banner's retry. The devices table is left
 * out: refetched as Apollo would, it would come back as its first page only; it refreshes its
 * loaded rows itself (DevicesView).
 */
export function refetchActive(client: ApolloClient): Promise<unknown> {
  return client.refetchQueries({ include: 'active', onQueryUpdated: (query) => query.queryName !== 'Devices' });
}
