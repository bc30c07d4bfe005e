import { useQuery } from '@apollo/client/react';
import { DevicePageDocument } from './gql/graphql';
import { usePollWhileQueued } from './usePollWhileQueued';

/** One device with its full OPSWAT compliance report: issues by group and infections. */
export function DevicePage({ hostname }: { hostname: string }) {
  const result = useQuery(DevicePageDocument, { variables: { hostname } });
  const device = result.data?.device;
  usePollWhileQueued(device ? [device.compliance] : [], result);

  if (result.error)
    return (
      <p role="alert">
        Could not load {hostname}: {result.error.message}
      </p>
    );
  if (!result.data) return <p>Loading…</p>;
  if (!device) return <p>No device named {hostname} in Automox.</p>;
  const { compliance } = device;
  const report = compliance.report;
  return (
    <article>
      <h1>{device.displayName ?? device.hostname}</h1>
      <dl>
        <dt>Hostname</dt>
        <dd>{device.hostname}</dd>
        <dt>MAC addresses</dt>
        <dd>{device.macAddresses.join(', ') || '—'}</dd>
        <dt>Compliance</dt>
        <dd>
          {report ? report.status : compliance.state}
          {compliance.fetchedAt && ` as of ${new Date(compliance.fetchedAt).toLocaleString()}`}
        </dd>
      </dl>
      {report && (
        <>
          <h2>
            Issues ({report.totalIssues}, {report.totalCriticalIssues} critical)
          </h2>
          <ul>
            {report.issues.map((issue) => (
              <li key={issue.group}>
                <strong>{issue.category ?? issue.group}</strong>: {issue.descriptions.join('; ')}
              </li>
            ))}
          </ul>
          <h2>Infections</h2>
          <ul>
            {report.infections.map((infection, index) => (
              <li key={infection.category ?? index}>
                {infection.category ?? 'uncategorised'}: {infection.totalThreats} threat(s)
                {infection.threats.length > 0 && (
                  <ul>
                    {infection.threats.map((threat, i) => (
                      <li key={threat.hash ?? i}>{threat.name ?? threat.file}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          {report.remediationLink && <a href={report.remediationLink}>Remediate in OPSWAT</a>}
        </>
      )}
    </article>
  );
}
