import type { RateLimitInfo } from '../common/index.js';

/** How OPSWAT interprets the identifier of a policy check (`opt`). */
export type IdentifierKind = 'MAC_ADDRESS' | 'HWID' | 'SSID' | 'OPSWAT_DEVICE_ID';

/** Device Policy Check's `opt` per identifier kind (the Device Details endpoint uses other values). */
// OPSWAT's device id is its HWID: Policy Check asks it as one (only with OPSWAT_LOOKUP=policy-check).
export const OPT_BY_KIND: Record<IdentifierKind, 0 | 1 | 3> = { MAC_ADDRESS: 0, HWID: 1, SSID: 3, OPSWAT_DEVICE_ID: 1 };

/**
 * A device's compliance verdict. Policy Check v2.2: status 0, 1, 3, anything else UNKNOWN.
 * Device Details v3.x: compliant, non_compliant, pending/installed (REPORTING), exempted, else UNKNOWN.
 */
export type ComplianceStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'REPORTING' | 'EXEMPTED' | 'UNKNOWN';

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

/** A parsed compliance report (Policy Check or Device Details); plain data so it can be cached as JSON. */
export interface ComplianceReportData {
  status: ComplianceStatus;
  /** The status exactly as OPSWAT sent it: "non_compliant" from Device Details, "1" for Policy Check's numeric status. */
  rawStatus: string;
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

export type { RateLimitInfo };

/** Device Details versions that take a batch of ids (`POST /o/api/v3.X/devices/detail`). */
export const DEVICE_DETAILS_VERSIONS = ['v3.1', 'v3.2', 'v3.3', 'v3.4', 'v3.5', 'v3.6', 'v3.7', 'v3.8'] as const;

/** One of {@link DEVICE_DETAILS_VERSIONS}. */
export type DeviceDetailsVersion = (typeof DEVICE_DETAILS_VERSIONS)[number];

/** Most ids one Device Details call accepts (documented). */
export const DEVICE_DETAILS_MAX_IDS = 50;

/** One asked identifier's answer in a Device Details batch. */
export type DeviceDetailsAnswer =
  | {
      id: string;
      kind: 'found';
      report: ComplianceReportData;
      /** OPSWAT's device id (HWID), when the device entry carried one. */
      deviceId: string | null;
      /** Every MAC OPSWAT lists for that device, normalized aa:bb:cc:dd:ee:ff. */
      macAddresses: string[];
    }
  | { id: string; kind: 'not_found' };

/** Result of one Device Details call: one answer per asked id, in the asked order. */
export interface DeviceDetailsOutcome {
  answers: DeviceDetailsAnswer[];
  rateLimit: RateLimitInfo | null;
}

/** A policy check's outcome plus what the rate-limit headers said. */
export type PolicyCheckOutcome = PolicyCheckResult & { rateLimit: RateLimitInfo | null };
