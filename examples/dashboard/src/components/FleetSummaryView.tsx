import { useQuery } from '@apollo/client/react';
import { duration } from '../format';
import { FleetSummaryDocument } from '../gql/graphql';
import { unmatched } from './ComplianceCell';
import { ErrorState } from './ErrorState';

/** One bar of a {@link Bars} chart. */
interface Bar {
  key: string;
  count: number;
}

/**
 * Counts as horizontal bars, plain CSS (no chart library): each bar's width is its share of the
 * total, its count written beside it. `data-key` and `data-count` let a test read what is shown.
 */
function Bars({ title, bars, total, testId }: { title: string; bars: readonly Bar[]; total: number; testId: string }) {
  return (
    <section className="bars" data-testid={testId}>
      <h3>{title}</h3>
      <ul>
        {bars.map((bar) => (
          <li key={bar.key} data-key={bar.key} data-count={bar.count}>
            <span className="bar-label">{bar.key}</span>
            <span className="bar-track">
              <span className={`bar bar-${bar.key.toLowerCase()}`} style={{ width: `${total > 0 ? (100 * bar.count) / total : 0}%` }} />
            </span>
            <span className="bar-count">{bar.count}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The fleet at a glance (`Query.fleetSummary`): devices by OPSWAT's verdict and by compliance
 * state, the share FRESH, the budget's estimate of when every device will be, and why devices are
 * unmatched. Counts come from the fleet index: no upstream call. Kept current by fleetSummaryChanged.
 */
export function FleetSummaryView() {
  const result = useQuery(FleetSummaryDocument, { errorPolicy: 'all', fetchPolicy: 'cache-and-network' });
  const summary = result.data?.fleetSummary;
  // No polling: the app's fleetSummaryChanged subscription (src/live.ts) writes each new summary
  // over this query's data as the counts change, at most once a second.
  if (result.loading && !summary) return <p>Loading the fleet…</p>;
  if (!summary) return result.error ? <ErrorState what="the fleet summary" error={result.error} /> : null;
  const { budget } = summary;
  const estimate = budget.estimatedSecondsUntilAllFresh;
  return (
    <article className="fleet" data-testid="fleet-summary" data-total={summary.totalCount}>
      {result.error && <ErrorState what="all of the fleet summary" error={result.error} />}
      <h2>Fleet</h2>
      <dl className="figures">
        <dt>Devices</dt>
        <dd data-testid="total">{summary.totalCount}</dd>
        <dt>FRESH</dt>
        <dd data-testid="fresh-share" data-share={summary.freshShare}>
          {(100 * summary.freshShare).toFixed(1)} %
        </dd>
        <dt>Without a report</dt>
        <dd data-testid="without-report">{summary.withoutReport}</dd>
        <dt title="the budget's estimate: devices not FRESH, at the sweep's share of OPSWAT's budget">All FRESH in</dt>
        <dd data-testid="until-all-fresh" data-seconds={estimate ?? ''}>
          {estimate === null ? 'never: nothing sweeps (FLEET_SWEEP=off)' : estimate === 0 ? 'now' : `about ${duration(estimate)}`}
        </dd>
        <dt>OPSWAT budget</dt>
        <dd>
          {budget.callsInWindow} of {budget.limit} calls in this {budget.windowSeconds} s window; {budget.queuedInteractive} asked by
          clients and {budget.queuedSweep} by the sweep queued
        </dd>
        <dt>Oldest report</dt>
        <dd>{summary.oldestReportAgeSeconds === null ? '—' : duration(summary.oldestReportAgeSeconds)}</dd>
      </dl>
      <div className="charts">
        <Bars
          title="By verdict"
          testId="by-status"
          total={summary.totalCount}
          bars={summary.byStatus.map(({ status, count }) => ({ key: status, count }))}
        />
        <Bars
          title="By state"
          testId="by-state"
          total={summary.totalCount}
          bars={summary.byState.map(({ state, count }) => ({ key: state, count }))}
        />
      </div>
      <section data-testid="unmatched">
        <h3>Unmatched</h3>
        {summary.unmatched.length === 0 ? (
          <p>Every device is matched.</p>
        ) : (
          <ul>
            {summary.unmatched.map(({ reason, count }) => (
              <li key={reason} data-key={reason} data-count={count}>
                <b>{count}</b> {reason}: {unmatched(reason)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
