import { useApolloClient } from '@apollo/client/react';
import { useEffect, useSyncExternalStore } from 'react';
import type { ConnectionMonitor } from '../connection';

/** How often the banner asks again while the graph cannot be reached. */
const RETRY_MS = 5000;

/**
 * A banner while the graph cannot be reached: what failed, since when, and a retry. The dashboard
 * keeps showing what it last had underneath, so a blip costs nothing but the banner.
 */
export function ConnectionBanner({ connection }: { connection: ConnectionMonitor }) {
  const state = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const client = useApolloClient();
  const lost = state.kind === 'lost';
  useEffect(() => {
    if (!lost) return;
    const timer = setInterval(() => void client.refetchObservableQueries().catch(() => undefined), RETRY_MS);
    return () => clearInterval(timer);
  }, [lost, client]);
  if (state.kind === 'connected') return null;
  return (
    <div className="banner" role="status">
      Connection to the graph lost since {state.since.toLocaleTimeString()} ({state.message}); retrying every {RETRY_MS / 1000} s.{' '}
      <button type="button" onClick={() => void client.refetchObservableQueries().catch(() => undefined)}>
        Retry now
      </button>
    </div>
  );
}
