import { useEffect, useSyncExternalStore } from 'react';
import type { ConnectionMonitor } from '../connection';

/** How often the banner asks again while requests to the graph fail. */
const RETRY_MS = 5000;

/**
 * A banner while the graph cannot be reached: what failed, since when, and a retry. While requests
 * fail it asks again every {@link RETRY_MS}; while only the live-updates socket is down, graphql-ws
 * reconnects by itself with backoff, and the views ask again once it is back. The dashboard keeps
 * showing what it last had underneath, so a blip costs nothing but the banner.
 */
export function ConnectionBanner({ connection }: { connection: ConnectionMonitor }) {
  const state = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const failing = state.kind === 'lost' && state.requests;
  useEffect(() => {
    if (!failing) return;
    const timer = setInterval(() => void connection.refresh(), RETRY_MS);
    return () => clearInterval(timer);
  }, [failing, connection]);
  if (state.kind === 'connected') return null;
  return (
    <div className="banner" role="status">
      Connection to the graph lost since {state.since.toLocaleTimeString()} ({state.message});{' '}
      {state.requests ? `retrying every ${RETRY_MS / 1000} s.` : 'live updates paused, reconnecting.'}{' '}
      <button type="button" onClick={() => void connection.refresh()}>
        Retry now
      </button>
    </div>
  );
}
