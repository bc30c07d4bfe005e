import { useQuery } from '@apollo/client/react';
import { when } from '../format';
import { RunListDocument } from '../gql/graphql';
import { href } from '../route';
import { ErrorState } from './ErrorState';
import { RunResultsTable } from './RunResultsTable';

/** Props of {@link RunsView}: the run the URL picked, if any (else the newest). */
export interface RunsViewProps {
  policyUuid?: string;
  execToken?: string;
}

/** The recent policy runs to pick from, and the picked run's results joined to devices. */
export function RunsView({ policyUuid, execToken }: RunsViewProps) {
  const runs = useQuery(RunListDocument, { errorPolicy: 'all' });
  const nodes = runs.data?.policyRuns.nodes ?? [];
  const picked = nodes.find((run) => run.policy.uuid === policyUuid && run.execToken === execToken) ?? (policyUuid ? undefined : nodes[0]);
  return (
    <div className="runs">
      <aside>
        <h2>Policy runs</h2>
        {runs.error && <ErrorState what="the policy runs" error={runs.error} />}
        {runs.loading && nodes.length === 0 && <p>Loading runs…</p>}
        <ol className="run-list">
          {nodes.map((run) => (
            <li key={`${run.policy.uuid}/${run.execToken}`} className={run === picked ? 'picked' : undefined}>
              <a href={href({ view: 'runs', policyUuid: run.policy.uuid, execToken: run.execToken })}>
                <b>{run.policy.name ?? run.policy.uuid}</b>
                <small>
                  {when(run.runTime)} · {run.deviceCount ?? '?'} devices, {run.failed ?? 0} failed
                </small>
              </a>
            </li>
          ))}
        </ol>
      </aside>
      <section>
        {picked ? (
          <>
            <h2>
              {picked.policy.name} <small>{when(picked.runTime)}</small>
            </h2>
            <RunResultsTable policyUuid={picked.policy.uuid} execToken={picked.execToken} />
          </>
        ) : (
          !runs.loading && !runs.error && <p>{policyUuid ? 'This run is not among the recent ones.' : 'No policy runs yet.'}</p>
        )}
      </section>
    </div>
  );
}
