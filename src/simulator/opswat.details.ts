/**
 * The fake Device Details v3.1–v3.8 (`POST /o/api/v3.X/devices/detail`): up to 50 ids a call,
 * answered from the same fleet and ground truth as Policy Check. What the docs leave open
 * (unknown ids, top-level shape, field spellings) is chosen by simulator options, so clients
 * are tested against every reading.
 */
import { json, type Reply } from './http.js';
import { normalizeMac } from './nics.js';
import { HOUR, iso } from './prng.js';
import type { SimDevice } from './types.js';

/** The documented reading of each open question, or another one. */
export interface DetailsVariants {
  unknownIds: 'omit' | 'error-entry' | '404-when-none';
  detailsShape: 'array' | 'devices' | 'data';
  spelling: 'documented' | 'alternate';
}

/** Most ids one call takes. */
const MAX_IDS = 50;

type Verbose = { system_info: number; categories: number };

/** The parts of a Policy Check body (see opswat.data.ts) Device Details re-expresses. */
interface ReportView {
  total_issue?: number;
  total_critical_issue?: number;
  device_type?: string;
  last_seen?: string;
  remediation_link?: string;
  issues?: Array<Record<string, { category: string; issues: string[] }>>;
  infections?: Array<Record<string, unknown> & { last_scan_time?: string; threats?: Array<Record<string, unknown>> }>;
}

const badRequest = (description: string): Reply => json(400, { error: 'invalid_request', error_description: description });

/** Minor version of `v3.X`, e.g. 8 for v3.8. */
export function minorOf(version: string): number {
  return Number(version.slice(3));
}

/**
 * Builds the handler over every device the account holds (`opswatDevices`). Whether Device Details
 * knows a device is read at each call: a status change or a deletion shows at once.
 */
export function createDeviceDetails(devices: readonly SimDevice[], variants: DetailsVariants): (version: string, body: string) => Reply {
  const byMac = new Map<string, SimDevice>();
  const byId = new Map<string, SimDevice>();
  for (const device of devices) {
    for (const mac of device.opswat.knownMacs) byMac.set(mac, device);
    if (device.opswat.knownHwid) byId.set(device.opswat.knownHwid.toLowerCase(), device);
  }
  const order = new Map(devices.map((device, index) => [device, index]));

  return (version, rawBody) => {
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return badRequest('JSON malformed');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return badRequest('body must be a JSON object');
    const { ids, opt = 0, verbose = {} } = body as Record<string, unknown>;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
      return badRequest('ids must be a non-empty array of strings');
    // The "limit greater than 50" code of OPSWAT's common table.
    if (ids.length > MAX_IDS) return json(406, { error: 'not_acceptable', error_description: `ids must hold at most ${MAX_IDS} values` });
    if (opt !== 0 && opt !== 1) return badRequest(`opt must be 0 (device id or MAC) or 1 (custom id), got ${JSON.stringify(opt)}`);
    const flags = parseVerbose(verbose);
    if (!flags) return badRequest('verbose must be an object of 0/1 flags');

    const found = new Set<SimDevice>();
    const unknown: string[] = [];
    for (const id of ids as string[]) {
      // opt 1 asks by third-party custom id: the simulated account links none (v3.1 has no opt and reads 0).
      const device = opt === 1 && minorOf(version) >= 2 ? undefined : lookup(id);
      if (device) found.add(device);
      else unknown.push(id);
    }
    if (found.size === 0 && variants.unknownIds === '404-when-none') return json(404, { error: 'Device not found' });
    // Fleet order, not the asked order: clients must match by device_id / MAC, never by position.
    const answered: unknown[] = [...found]
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map((device) => detailsOf(device, version, flags, variants.spelling));
    if (variants.unknownIds === 'error-entry') for (const id of unknown) answered.push({ id, status: 404, error: 'Device not found' });
    if (variants.detailsShape === 'array') return json(200, answered);
    return json(200, { [variants.detailsShape]: answered });
  };

  function lookup(id: string): SimDevice | undefined {
    const mac = normalizeMac(id);
    const device = (mac ? byMac.get(mac) : undefined) ?? byId.get(id.toLowerCase());
    return device?.opswat.detailsStatus == null ? undefined : device;
  }
}

/** Defaults from v3.1 on: system_info 1, categories 0 (it was 1 in v3.0). */
function parseVerbose(value: unknown): Verbose | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (!Object.values(record).every((flag) => flag === 0 || flag === 1)) return null;
  return { system_info: (record.system_info as number | undefined) ?? 1, categories: (record.categories as number | undefined) ?? 0 };
}

/** Severity and issue counts of a device, from its Policy Check report so every endpoint agrees. */
export function issueSummary(
  device: SimDevice,
  spelling: DetailsVariants['spelling'],
): { severity: string; issue: Record<string, number> } {
  const report = (device.opswat.report ?? {}) as ReportView;
  const total = Number(report.total_issue ?? 0);
  const critical = Number(report.total_critical_issue ?? 0);
  return {
    severity: critical > 0 ? 'critical' : total > 0 ? 'warning' : 'no_issues',
    issue:
      spelling === 'alternate'
        ? { total_issue: total, total_critical_issue: critical, total_warning_issue: total - critical }
        : { total_issues: total, total_critical_issues: critical, total_warning_issues: total - critical },
  };
}

/** The fields Device Details and Get Devices share (host_name is left to each, by version). */
export function deviceSummary(device: SimDevice, spelling: DetailsVariants['spelling']): Record<string, unknown> {
  const report = device.opswat.report as unknown as ReportView;
  const alt = spelling === 'alternate';
  const status = device.opswat.detailsStatus as string;
  return {
    device_id: device.hwid,
    status: alt && status === 'non_compliant' ? 'non-compliant' : status,
    ...issueSummary(device, spelling),
    device_name: device.hostname.split('.')[0],
    [alt ? 'nick_name' : 'nickname']: device.customName,
    device_type: report.device_type,
    last_seen: report.last_seen,
    last_reboot: iso(Date.parse(report.last_seen ?? '') - 3 * HOUR),
    enrolled_at: device.opswat.enrolledAt,
  };
}

/** One device as Device Details describes it, derived from the Policy Check report so both endpoints agree. */
function detailsOf(device: SimDevice, version: string, verbose: Verbose, spelling: DetailsVariants['spelling']): Record<string, unknown> {
  const report = device.opswat.report as unknown as ReportView;
  const alt = spelling === 'alternate';
  const minor = minorOf(version);
  const { enrolled_at, ...summary } = deviceSummary(device, spelling);
  const status = device.opswat.detailsStatus as string;
  const out: Record<string, unknown> = {
    ...summary,
    status_detail: { exempted: status === 'exempted' ? 1 : 0, pending: status === 'pending' ? 1 : 0 },
    group_name: 'Default',
    agent_type: 'persistent',
    agent_version: '9.3.41',
    remediation_link: report.remediation_link,
    user_info: { username: 'Administrator', domain: device.hostname.split('.')[0] },
  };
  if (minor >= 3) out.enrolled_at = enrolled_at;
  if (minor >= 8) out.host_name = device.hostname;
  if (verbose.system_info === 1) {
    out.os_info = { family: device.osFamily, name: device.osName, version: device.osVersion };
    out.network_info = networkInfo(device, alt);
  }
  if (verbose.categories === 1) out.categories = categoriesOf(report, alt);
  out.infection = infectionOf(report, minor, alt);
  return out;
}

/** The adapters OPSWAT knows, upper-case as Windows agents print them, plus a loopback with no hardware address. */
function networkInfo(device: SimDevice, alt: boolean): unknown[] {
  const adapters = device.opswat.knownMacs.map((mac, index) => ({
    description: index === 0 ? 'Primary adapter' : `Adapter ${index + 1}`,
    [alt ? 'mac_addr' : 'mac']: alt ? mac.toUpperCase().replace(/:/g, '-') : mac.toUpperCase(),
    ipv4: `10.0.${index}.${(device.id % 250) + 2}`,
    media_state: 'connected',
  }));
  return [...adapters, { description: 'Loopback Pseudo-Interface 1', [alt ? 'mac_addr' : 'mac']: '00:00:00:00:00:00', ipv4: '127.0.0.1' }];
}

/** Every category the device reports on; those without an issue carry an empty `issue`. */
function categoriesOf(report: ReportView, alt: boolean): unknown[] {
  const withIssue = new Map<string, { category: string; issues: string[] }>();
  for (const entry of report.issues ?? []) {
    for (const [key, value] of Object.entries(entry)) withIssue.set(key, value);
  }
  const keys = [...new Set(['antivirus', 'firewall', ...withIssue.keys()])];
  return keys.map((key) => {
    const value = withIssue.get(key);
    return {
      [alt ? 'id' : 'category_id']: key,
      name: value?.category ?? (key === 'antivirus' ? 'Anti-malware' : 'Firewall'),
      issue: value ? { description: value.issues } : {},
      apps: [],
    };
  });
}

/** The Policy Check infections, keyed by scan kind (documented) or as an array (PHP client). */
function infectionOf(report: ReportView, minor: number, alt: boolean): unknown {
  const entries = (report.infections ?? []).map((infection) => {
    const threats = (infection.threats ?? []).map(({ details: _d, geo_info: _g, ...threat }) =>
      minor >= 2 ? { ...threat, existing: threat.status === 'clear' ? 0 : 1 } : threat,
    );
    const { last_scan_time, ...rest } = infection;
    return { ...rest, ...(minor >= 2 ? { last_scan: last_scan_time } : { last_scan_time }), threats };
  });
  if (alt) return entries;
  return Object.fromEntries(entries.map((entry) => ['antivirus', entry]));
}
