/** How OPSWAT interprets the identifier of a policy check (`opt`). */
export type IdentifierKind = 'MAC_ADDRESS' | 'HWID' | 'SSID';

/** Device Policy Check's `opt` per identifier kind (the Device Details endpoint uses other values). */
export const OPT_BY_KIND: Record<IdentifierKind, 0 | 1 | 3> = { MAC_ADDRESS: 0, HWID: 1, SSID: 3 };

/** A device's compliance verdict: OPSWAT status 0, 1, 3, or anything else. */
export type ComplianceStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'REPORTING' | 'UNKNOWN';

/** One group of issues, e.g. `antivirus` / "Anti-malware". */
export interface ComplianceIssueGroup {
  group: string;
  category: string | null;
  descriptions: string[];
}

/** One detected threat. */
export interface Threat {
  name: string | null;
  file: string | null;
  foundTime: string | null;
  hash: string | null;
  link: string | null;
  ipAddress: string | null;
  status: string | null;
}

/** One infection category (verbose reports only). */
export interface Infection {
  category: string | null;
  hasIssue: boolean;
  hasCriticalIssue: boolean;
  totalThreats: number;
  lastScanTime: string | null;
  threats: Threat[];
}

/** A parsed Device Policy Check report; plain data so it can be cached as JSON. */
export interface ComplianceReportData {
  status: ComplianceStatus;
  /** OPSWAT's numeric status, kept for diagnostics. */
  rawStatus: number;
  hasCriticalIssues: boolean;
  totalIssues: number;
  totalCriticalIssues: number;
  deviceType: string | null;
  osType: string | null;
  lastSeen: string | null;
  remediationLink: string | null;
  issues: ComplianceIssueGroup[];
  infections: Infection[];
}

/** Outcome of one policy check: a report, or OPSWAT does not know the identifier (status 2 or HTTP 404). */
export type PolicyCheckResult = { kind: 'found'; report: ComplianceReportData } | { kind: 'not_found' };
