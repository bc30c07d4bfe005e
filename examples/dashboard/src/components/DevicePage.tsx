import { useQuery } from '@apollo/client/react';
import { when } from '../format';
import { type AdapterOutcome, DeviceDetailDocument } from '../gql/graphql';
import { ComplianceCell } from './ComplianceCell';
import { ErrorState } from './ErrorState';

/** One device: what Automox knows of it, and OPSWAT's report as far as there is one. */
export function DevicePage({ hostname }: { hostname: string }) {
  const result = useQuery(DeviceDetailDocument, { variables: { hostname }, errorPolicy: 'all' });
  const device = result.data?.device;
  // As in the results table, deviceChanged updates the device; a new report, whose details the
  // event does not carry, makes this query incomplete, and Apollo asks the graph for it.
  if (result.loading && !device) return <p>Loading {hostname}…</p>;
  if (result.error && !device) return <ErrorState what={hostname} error={result.error} />;
  if (!device) return <p role="alert">Automox knows no device named {hostname}.</p>;
  const { compliance } = device;
  const report = compliance.report;
  return (
    <article className="device">
      {result.error && <ErrorState what={`all of ${hostname}`} error={result.error} />}
      <h2>{device.displayName ?? device.hostname}</h2>
      <dl>
        <dt>Hostname</dt>
        <dd>{device.hostname}</dd>
        <dt>Custom name</dt>
        <dd>{device.customName || '—'}</dd>
        <dt>Automox</dt>
        <dd>
          {device.inInventory ? `device ${device.automoxId} (${device.automoxUuid})` : 'not in the inventory'}
          {device.deletedAt && `, deleted ${when(device.deletedAt)}`}
        </dd>
        <dt>MAC addresses</dt>
        <dd>{device.macAddresses.length > 0 ? device.macAddresses.join(', ') : '—'}</dd>
        <dt>OS</dt>
        <dd>{[device.osName, device.osVersion].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Agent</dt>
        <dd>{device.agentConnected === null ? '—' : device.agentConnected ? 'connected' : 'disconnected'}</dd>
        <dt>Matched</dt>
        <dd>{describeMatch(device.match)}</dd>
        {device.match && device.match.adapters.length > 0 && (
          <>
            <dt>Adapters</dt>
            <dd>
              <table data-testid="adapters">
                <tbody>
                  {device.match.adapters.map((adapter, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: two adapters may list no MAC under one name; the graph's order is the list's meaning
                    <tr key={`${adapter.mac}/${i}`} data-outcome={adapter.outcome}>
                      <td>{adapter.name ?? '—'}</td>
                      <td>
                        <code>{adapter.mac ?? 'no MAC'}</code>
                        {adapter.locallyAdministered && ' (randomised)'}
                      </td>
                      <td>{ADAPTER_OUTCOMES[adapter.outcome]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </dd>
          </>
        )}
        <dt>Compliance</dt>
        <dd data-testid="device-compliance">
          <ComplianceCell lookup={compliance} />
        </dd>
      </dl>
      {report && (
        <section className="report">
          <h3>OPSWAT report</h3>
          <dl>
            <dt>Status</dt>
            <dd>{report.status}</dd>
            <dt>Issues</dt>
            <dd>
              {report.totalIssues} ({report.totalCriticalIssues} critical)
            </dd>
            <dt>Device</dt>
            <dd>
              {report.deviceType ?? '—'}, {report.osType ?? '—'}, last seen {when(report.lastSeen)}
            </dd>
            {report.remediationLink && (
              <>
                <dt>Remediation</dt>
                <dd>
                  <a href={report.remediationLink} rel="noreferrer" target="_blank">
                    {report.remediationLink}
                  </a>
                </dd>
              </>
            )}
          </dl>
          {report.issues.length > 0 && (
            <ul className="issues">
              {report.issues.map((issue) => (
                <li key={`${issue.group}/${issue.category}`}>
                  <b>{issue.group}</b> {issue.category && <small>{issue.category}</small>}: {issue.descriptions.join('; ')}
                </li>
              ))}
            </ul>
          )}
          {report.infections.map((infection) => (
            <p key={infection.category ?? 'infection'}>
              {infection.category ?? 'Threats'}: {infection.totalThreats}{' '}
              {infection.threats.map((threat) => [threat.name, threat.status].filter(Boolean).join(' ')).join(', ')}
            </p>
          ))}
        </section>
      )}
    </article>
  );
}

/** What became of an adapter in the match, in words. */
const ADAPTER_OUTCOMES: Record<AdapterOutcome, string> = {
  MATCHED: 'OPSWAT answered for it',
  UNKNOWN_TO_OPSWAT: 'asked; unknown to OPSWAT',
  NOT_ASKED: 'not asked (an adapter ranked before it answered)',
  VIRTUAL: 'skipped: virtual, VPN or tunnel adapter',
  UNUSABLE: 'skipped: no usable MAC',
  DUPLICATE: 'skipped: same MAC as another adapter',
};

/** How the fleet index matched the device to OPSWAT, in words. */
function describeMatch(
  match:
    | { kind: string; value?: string | null; opswatDeviceId?: string | null; reason?: string | null; candidates: readonly string[] }
    | null
    | undefined,
): string {
  if (!match) return 'not yet known';
  if (match.kind === 'MAC_ADDRESS') return `by MAC ${match.value}`;
  if (match.kind === 'HOSTNAME') return `by hostname ${match.value} (OPSWAT device ${match.opswatDeviceId})`;
  if (match.reason === 'AMBIGUOUS_HOSTNAME') return `not matched: OPSWAT lists this hostname ${match.candidates.length} times`;
  if (match.reason === 'NO_USABLE_MAC') return 'not matched: no usable MAC, and OPSWAT does not list the hostname';
  return 'not matched: OPSWAT knows none of its MACs';
}
