import { isoDate } from '../common/index.js';
import { isUsableMac, normalizeMac } from '../inventory/index.js';
import type { ComplianceIssueGroup, ComplianceReportData, ComplianceStatus, DeviceDetailsAnswer, Infection } from './opswat.types.js';
import { wireDetailsDevice, type WireDetailsDevice } from './opswat.wire.js';

/**
 * Device Details status strings (Get Devices v3.x lists nine). Status Change v3.0's doc spells
 * `non-compliant` with a hyphen, so both spellings count; the rest have no verdict of their own.
 */
const STATUS_BY_STRING: Record<string, ComplianceStatus> = {
  compliant: 'COMPLIANT',
  non_compliant: 'NON_COMPLIANT',
  'non-compliant': 'NON_COMPLIANT',
  pending: 'REPORTING',
  installed: 'REPORTING',
  exempted: 'EXEMPTED',
};

/** Policy Check's numeric codes, in case a Device Details version sends a number. */
const STATUS_BY_NUMBER: Record<number, ComplianceStatus> = { 0: 'COMPLIANT', 1: 'NON_COMPLIANT', 3: 'REPORTING' };

/** Maps a Device Details status onto the GraphQL verdict; anything unrecognised is UNKNOWN (the raw value is kept beside it). */
export function detailsStatus(raw: string | number | null | undefined): ComplianceStatus {
  if (typeof raw === 'number') return STATUS_BY_NUMBER[raw] ?? 'UNKNOWN';
  if (typeof raw !== 'string') return 'UNKNOWN';
  return STATUS_BY_STRING[raw.trim().toLowerCase()] ?? 'UNKNOWN';
}

/**
 * A per-id error entry (`{id, error: …}` or `{id, status: 404}`, the shape of OPSWAT's Device
 * Action batch) rather than a device: it names no device. Either way it means "not found".
 */
function isDeviceEntry(entry: Record<string, unknown>): boolean {
  if (entry.error !== undefined && entry.error !== null) return false;
  // Device statuses are words; a number of 400 or more is an HTTP status for this one id.
  if (typeof entry.status === 'number' && entry.status >= 400) return false;
  return entry.device_id != null || Array.isArray(entry.network_info);
}

/** One device of the reply, normalized. */
interface ParsedDevice {
  deviceId: string | null;
  macAddresses: string[];
  report: ComplianceReportData;
}

/**
 * Answers each asked id from a Device Details reply. Devices are matched by their adapters' MACs
 * (any notation) and by `device_id`, never by position: the reply's order is undocumented and
 * unknown ids may be left out. An asked id no device matches is `not_found`.
 */
export function answerDetails(ids: readonly string[], entries: ReadonlyArray<Record<string, unknown>>): DeviceDetailsAnswer[] {
  const byKey = new Map<string, ParsedDevice>();
  for (const entry of entries) {
    if (!isDeviceEntry(entry)) continue;
    const device = parseDevice(wireDetailsDevice.parse(entry));
    for (const mac of device.macAddresses) byKey.set(`mac:${mac}`, device);
    if (device.deviceId) byKey.set(`id:${device.deviceId.toLowerCase()}`, device);
  }
  return ids.map((id): DeviceDetailsAnswer => {
    const mac = normalizeMac(id);
    // A bare 12-hex-digit id reads as a MAC but could be a device id: try both.
    const device = (mac ? byKey.get(`mac:${mac}`) : undefined) ?? byKey.get(`id:${id.trim().toLowerCase()}`);
    if (!device) return { id, kind: 'not_found' };
    return { id, kind: 'found', report: device.report, deviceId: device.deviceId, macAddresses: device.macAddresses };
  });
}

function parseDevice(wire: WireDetailsDevice): ParsedDevice {
  return { deviceId: wire.device_id || null, macAddresses: macsOf(wire), report: toDetailsReport(wire) };
}

/** Every usable MAC of the device's adapters, normalized, in OPSWAT's order, once each. */
function macsOf(wire: WireDetailsDevice): string[] {
  const macs = (wire.network_info ?? []).map((adapter) => {
    const raw = adapter?.mac ?? adapter?.mac_addr ?? adapter?.mac_address;
    return raw ? normalizeMac(raw) : null;
  });
  return [...new Set(macs.filter((mac): mac is string => mac !== null && isUsableMac(mac)))];
}

/** Turns one Device Details device into the same report Policy Check produces. */
export function toDetailsReport(wire: WireDetailsDevice): ComplianceReportData {
  const counts = wire.issue;
  const issues = issueGroups(wire);
  const totalIssues = counts?.total_issues ?? counts?.total_issue ?? issues.reduce((sum, group) => sum + group.descriptions.length, 0);
  const totalCriticalIssues = counts?.total_critical_issues ?? counts?.total_critical_issue ?? 0;
  return {
    status: detailsStatus(wire.status),
    rawStatus: wire.status === null || wire.status === undefined ? '' : String(wire.status),
    hasCriticalIssues: wire.severity?.toLowerCase() === 'critical' || totalCriticalIssues > 0,
    totalIssues,
    totalCriticalIssues,
    deviceType: wire.device_type || null,
    osType: wire.os_info?.family || wire.os_type || wire.os_info?.name || null,
    lastSeen: isoDate(wire.last_seen),
    remediationLink: wire.remediation_link || null,
    issues,
    infections: infectionsOf(wire),
  };
}

/** Categories with an issue become issue groups; a category whose `issue` is empty has none. */
function issueGroups(wire: WireDetailsDevice): ComplianceIssueGroup[] {
  return (wire.categories ?? []).flatMap((category) => {
    if (!category || isEmpty(category.issue)) return [];
    const group = category.category_id ?? category.id ?? category.name ?? category.category_name ?? 'other';
    return [{ group, category: category.name || category.category_name || null, descriptions: descriptionsOf(category.issue) }];
  });
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** The issue body is undocumented: collect its text wherever it is (a string, a list, or a known key). */
function descriptionsOf(issue: unknown): string[] {
  if (typeof issue === 'string') return issue ? [issue] : [];
  if (Array.isArray(issue)) return issue.flatMap(descriptionsOf);
  if (issue && typeof issue === 'object') {
    const record = issue as Record<string, unknown>;
    const key = ['descriptions', 'description', 'issues', 'messages', 'message'].find((k) => record[k] !== undefined && record[k] !== null);
    return key ? descriptionsOf(record[key]) : [];
  }
  return [];
}

/** `infection` is an object keyed by scan kind in the docs and an array in the PHP client. */
function infectionsOf(wire: WireDetailsDevice): Infection[] {
  const source = wire.infection;
  if (!source) return [];
  const pairs = Array.isArray(source)
    ? source.map((entry) => [entry?.category ?? null, entry] as const)
    : Object.entries(source).map(([key, entry]) => [entry?.category ?? key, entry] as const);
  return pairs.flatMap(([category, entry]) => {
    if (!entry) return [];
    const threats = (entry.threats ?? []).flatMap((threat) =>
      threat
        ? [
            {
              name: threat.ThreatName || threat.threat_name || threat.name || null,
              file: threat.File || threat.file || threat.file_path || null,
              foundTime: isoDate(threat.FoundTime ?? threat.found_time),
              hash: threat.hash || null,
              link: threat.link || null,
              ipAddress: threat.ip_address || null,
              status: threat.status || null,
            },
          ]
        : [],
    );
    return [
      {
        category: category || null,
        hasIssue: entry.has_issue === 1 || threats.length > 0,
        hasCriticalIssue: entry.has_critical_issue === 1 || entry.critical_status === 1,
        totalThreats: entry.total_threats ?? threats.length,
        lastScanTime: isoDate(entry.last_scan_time ?? entry.last_scan),
        threats,
      },
    ];
  });
}
