import type { ConnectionMonitor } from '../connection';
import { useLiveUpdates } from '../live';
import { href, useRoute } from '../route';
import { ConnectionBanner } from './ConnectionBanner';
import { DevicePage } from './DevicePage';
import { DevicesView } from './DevicesView';
import { FleetSummaryView } from './FleetSummaryView';
import { RunsView } from './RunsView';

/** Props of {@link App}. */
export interface AppProps {
  connection: ConnectionMonitor;
  graphqlUrl: string;
}

/** The dashboard: the connection banner, the navigation, and the view the URL names, kept current by the live updates. */
export function App({ connection, graphqlUrl }: AppProps) {
  const route = useRoute();
  useLiveUpdates();
  return (
    <div className="app">
      <ConnectionBanner connection={connection} />
      <header>
        <h1>Device posture</h1>
        <nav>
          <a href={href({ view: 'runs' })}>Policy runs</a>
          <a href={href({ view: 'fleet' })}>Fleet</a>
          <a href={href({ view: 'devices' })}>Devices</a>
        </nav>
        <span className="graph-url" title="the graph this dashboard asks">
          {graphqlUrl}
        </span>
      </header>
      <main>
        {route.view === 'device' ? (
          <DevicePage hostname={route.hostname} />
        ) : route.view === 'fleet' ? (
          <FleetSummaryView />
        ) : route.view === 'devices' ? (
          <DevicesView connection={connection} />
        ) : (
          <RunsView policyUuid={route.policyUuid} execToken={route.execToken} />
        )}
      </main>
    </div>
  );
}
