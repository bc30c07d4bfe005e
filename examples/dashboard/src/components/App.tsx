import type { ConnectionMonitor } from '../connection';
import { href, useRoute } from '../route';
import { ConnectionBanner } from './ConnectionBanner';
import { DevicePage } from './DevicePage';
import { RunsView } from './RunsView';

/** Props of {@link App}. */
export interface AppProps {
  connection: ConnectionMonitor;
  graphqlUrl: string;
}

/** The dashboard: the connection banner, the navigation, and the view the URL names. */
export function App({ connection, graphqlUrl }: AppProps) {
  const route = useRoute();
  return (
    <div className="app">
      <ConnectionBanner connection={connection} />
      <header>
        <h1>Device posture</h1>
        <nav>
          <a href={href({ view: 'runs' })}>Policy runs</a>
          {/* Seam: the fleet summary and the devices table (Query.fleetSummary, Query.devices) add their links here. */}
        </nav>
        <span className="graph-url" title="the graph this dashboard asks">
          {graphqlUrl}
        </span>
      </header>
      <main>
        {route.view === 'device' ? (
          <DevicePage hostname={route.hostname} />
        ) : (
          <RunsView policyUuid={route.policyUuid} execToken={route.execToken} />
        )}
      </main>
    </div>
  );
}
