import { useSubscription } from '@apollo/client/react';
import { DeviceChangedDocument, FleetSummaryChangedDocument, type DeviceChangedSubscriptionVariables } from './gql/graphql';

/** Props of {@link FleetLive}: which devices to watch. */
export interface FleetLiveProps {
  filter?: DeviceChangedSubscriptionVariables['filter'];
}

/**
 * The fleet's counts and its latest change, live. Each `deviceChanged` event is a `Device` with its
 * id, so the cache updates every table and page that shows that device (FleetTable included) as
 * it arrives; `fleetSummaryChanged` sends the current counts at once, then at most once a second.
 */
export function FleetLive({ filter }: FleetLiveProps) {
  const summary = useSubscription(FleetSummaryChangedDocument, { variables: { filter } });
  const change = useSubscription(DeviceChangedDocument, { variables: { filter } });
  if (summary.error) return <p role="alert">Live updates stopped: {summary.error.message}</p>;
  const counts = summary.data?.fleetSummaryChanged;
  const device = change.data?.deviceChanged;
  return (
    <section aria-live="polite">
      {counts ? (
        <p>
          {counts.totalCount} devices, {Math.round(counts.freshShare * 100)}% with a fresh report:{' '}
          {counts.byStatus.map(({ status, count }) => `${count} ${status}`).join(', ')}
        </p>
      ) : (
        <p>Connecting…</p>
      )}
      {device && (
        <p>
          Latest change: {device.displayName ?? device.hostname} is {device.compliance.report?.status ?? device.compliance.state}
        </p>
      )}
    </section>
  );
}
