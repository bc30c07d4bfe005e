import { useEffect } from 'react';
import type { ComplianceState } from './gql/graphql';

/** What the graph says about one compliance lookup, as far as polling cares. */
export interface RetryableLookup {
  state: ComplianceState;
  retryAfterSeconds: number | null;
}

/** Apollo's polling controls, as every `useXQuery` result carries them. */
export interface Polling {
  startPolling(pollInterval: number): void;
  stopPolling(): void;
}

/** Used only if the graph ever sends QUEUED without a delay. */
export const FALLBACK_RETRY_SECONDS = 10;

/**
 * Polls while any lookup is QUEUED, every `retryAfterSeconds` of the soonest one, and stops once
 * none is. The graph never waits on OPSWAT's 10-calls-a-minute budget for you: it answers QUEUED
 * with the delay after which asking again can help, and asking sooner only costs a round trip.
 */
export function usePollWhileQueued(lookups: readonly RetryableLookup[], polling: Polling): void {
  const delays = lookups.filter((lookup) => lookup.state === 'QUEUED').map((lookup) => lookup.retryAfterSeconds ?? FALLBACK_RETRY_SECONDS);
  const seconds = delays.length > 0 ? Math.max(1, Math.min(...delays)) : null;
  const { startPolling, stopPolling } = polling;
  useEffect(() => {
    if (seconds === null) return;
    startPolling(seconds * 1000);
    return () => stopPolling();
  }, [seconds, startPolling, stopPolling]);
}
