import { isoDate } from '../common/index.js';
import type { ComplianceReportData, ComplianceStatus, PolicyCheckResult } from './opswat.types.js';
import type { WirePolicyCheck } from './opswat.wire.js';

/** OPSWAT status 2: "endpoint not found (agent not installed)". */
const STATUS_NOT_FOUND = 2;

const STATUS: Record<number, ComplianceStatus> = { 0: 'COMPLIANT', 1: 'NON_COMPLIANT', 3: 'REPORTING' };

/** Turns a policy-check body into a typed result; status 2 means "not found", like HTTP 404. */
export function toPolicyCheckResult(wire: WirePolicyCheck): PolicyCheckResult {
  if (wire.status === STATUS_NOT_FOUND) return { kind: 'not_found' };
  const report: ComplianceReportData = {
    status: STATUS[wire.status] ?? 'UNKNOWN',
    rawStatus: String(wire.status),
    totalIssues: wire.total_issue ?? 0,
    totalCriticalIssues: wire.total_critical_issue ?? 0,
    hasCriticalIssues: wire.critical_status === 1 || (wire.total_critical_issue ?? 0) > 0,
    deviceType: wire.device_type || null,
    osType: wire.os_type || null,
    lastSeen: isoDate(wire.last_seen),
    remediationLink: wire.remediation_link || null,
    issues: (wire.issues ?? []).flatMap((entry) =>
      Object.entries(entry).flatMap(([group, value]) =>
        value ? [{ group, category: value.category || null, descriptions: value.issues ?? [] }] : [],
      ),
    ),
    infections: (wire.infections ?? []).map((infection) => ({
      category: infection.category || null,
      hasIssue: infection.has_issue === 1,
      hasCriticalIssue: infection.has_critical_issue === 1 || infection.critical_status === 1,
      totalThreats: infection.total_threats ?? infection.threats?.length ?? 0,
      lastScanTime: isoDate(infection.last_scan_time),
      threats: (infection.threats ?? []).map((threat) => ({
        name: threat.ThreatName || null,
        file: threat.File || null,
        foundTime: isoDate(threat.FoundTime),
        hash: threat.hash || null,
        link: threat.link || null,
        ipAddress: threat.ip_address || null,
        status: threat.status || null,
      })),
    })),
  };
  return { kind: 'found', report };
}
