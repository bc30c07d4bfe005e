/** Warming the server's caches: ask until every compliance answer comes from the cache. */
import { complianceStates, post, SETTLED_STATES, tally, type GraphQLBody } from './graphql.js';
import { sleep } from './children.js';

/** An operation to repeat while warming. */
export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** How warming went. */
export interface WarmResult {
  settled: boolean;
  passes: number;
  ms: number;
  /** States seen in the last pass. */
  states: Record<string, number>;
  /** Lookups carrying a report in the last pass (FRESH or STALE). */
  reports: number;
  /** GraphQL errors of the last pass, first few. */
  errors: string[];
}

/**
 * Runs every operation, `concurrency` at a time, until one whole pass sees only FRESH, NOT_FOUND
 * or UNMATCHED and no errors. QUEUED means the server is still working its OPSWAT queue, so the
 * next pass waits for the same lookups rather than queueing new ones.
 */
export async function warmUntilSettled(
  url: string,
  operations: Operation[],
  options: { timeoutMs: number; concurrency?: number; onPass?: (pass: number, states: Record<string, number>) => void },
): Promise<WarmResult> {
  const started = Date.now();
  let passes = 0;
  for (;;) {
    passes += 1;
    const bodies = await mapLimit(operations, options.concurrency ?? 1, (op) => post(url, op.query, op.variables));
    const states = bodies.flatMap((body) => complianceStates(body.data));
    const counts = tally(states);
    const errors = bodies.flatMap((body: GraphQLBody) =>
      (body.errors ?? []).map((e) => `${String(e.extensions?.code ?? '')} ${e.message}`.trim()),
    );
    options.onPass?.(passes, counts);
    const settled = errors.length === 0 && states.every((s) => SETTLED_STATES.has(s.state));
    const ms = Date.now() - started;
    if (settled || ms > options.timeoutMs) {
      return {
        settled,
        passes,
        ms,
        states: counts,
        reports: states.filter((s) => s.hasReport).length,
        errors: [...new Set(errors)].slice(0, 5),
      };
    }
    await sleep(250);
  }
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
