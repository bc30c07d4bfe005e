/** What OPSWAT's policy_check says about each device, generated once so every call returns the same body. */
import { BASE_TIME, DAY, HOUR, MINUTE, iso, type Rng } from './prng.js';
import type { OpswatProfile, OpswatReport, SimDevice, SimDeviceKind } from './types.js';

/** Issue groups as policy_check keys them; `critical` ones count towards total_critical_issue. */
const ISSUE_GROUPS: Array<{ key: string; category: string; critical: boolean; issues: string[] }> = [
  {
    key: 'antivirus',
    category: 'Anti-malware',
    critical: true,
    issues: ['Real-time protection is disabled', 'Definitions are out of date'],
  },
  {
    key: 'patch_management',
    category: 'Patch Management',
    critical: true,
    issues: ['Missing critical patches', 'Automatic updates are disabled'],
  },
  { key: 'firewall', category: 'Firewall', critical: false, issues: ['Firewall is disabled'] },
  { key: 'disk_encryption', category: 'Encryption', critical: false, issues: ['Disk encryption is not enabled'] },
  { key: 'screen_lock', category: 'Lock Screen', critical: false, issues: ['Screen lock timeout exceeds 15 minutes'] },
  { key: 'public_file_sharing', category: 'Public File Sharing', critical: false, issues: ['Public file sharing is enabled'] },
];

const THREATS: Array<[name: string, file: string]> = [
  ['Trojan:Win32/Wacatac.B!ml', 'C:\\Users\\jdoe\\Downloads\\setup_installer.exe'],
  ['PUA:Win32/Presenoker', 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\bundle.exe'],
  ['HackTool:Win32/AutoKMS', 'C:\\Program Files\\KMSpico\\AutoPico.exe'],
  ['Adware.MacOS.Pirrit', '/Users/marcus/Library/LaunchAgents/com.pirrit.agent.plist'],
];

const GEO = [
  { city: 'Denver', country_name: 'United States', country_code: 'US', region_name: 'Colorado', region_code: 'CO' },
  { city: 'Frankfurt am Main', country_name: 'Germany', country_code: 'DE', region_name: 'Hesse', region_code: 'HE' },
  { city: 'Singapore', country_name: 'Singapore', country_code: 'SG', region_name: 'Central Singapore', region_code: '01' },
];

const STATUS_OF: Record<Exclude<OpswatProfile, 'not_found_404' | 'not_found_status2'>, number> = {
  compliant: 0,
  non_compliant: 1,
  reporting: 3,
  // Undocumented values do occur; 7 stands for "something a client has never seen".
  unknown_status: 7,
};

/** The body of a device OPSWAT lists without an agent: status 2 and every other field empty. */
export function status2Report(): OpswatReport {
  return {
    ...reserved(),
    device_type: '',
    os_type: '',
    status: 2,
    total_issue: 0,
    total_critical_issue: 0,
    critical_status: 0,
    last_seen: '',
    issues: [],
    remediation_link: '',
    infections: [],
  };
}

/** Builds the verbose=1 body for a device, or null when OPSWAT answers 404 for it. */
export function opswatReport(rng: Rng, profile: OpswatProfile, kind: SimDeviceKind, osFamily: string, hwid: string): OpswatReport | null {
  if (profile === 'not_found_404') return null;
  if (profile === 'not_found_status2') return status2Report();
  const groups =
    profile === 'non_compliant'
      ? rng.shuffle([...ISSUE_GROUPS]).slice(0, rng.int(1, 3))
      : profile === 'unknown_status' && rng.chance(0.5)
        ? [rng.pick(ISSUE_GROUPS)]
        : [];
  const issues = groups.map((g) => ({ [g.key]: { category: g.category, issues: g.issues.slice(0, rng.int(1, g.issues.length)) } }));
  const counts = groups.map((g, i) => ({ critical: g.critical, n: Object.values(issues[i] ?? {})[0]?.issues.length ?? 0 }));
  const totalIssue = counts.reduce((sum, c) => sum + c.n, 0);
  const totalCritical = counts.reduce((sum, c) => sum + (c.critical ? c.n : 0), 0);
  const lastSeen = profile === 'reporting' ? BASE_TIME - rng.int(1, 20) * MINUTE : BASE_TIME - rng.int(10, 72 * 60) * MINUTE;
  return {
    ...reserved(),
    device_type: kind === 'mac' ? 'laptop' : kind,
    os_type: osFamily === 'Mac' ? 'macOS' : osFamily,
    status: STATUS_OF[profile],
    total_issue: totalIssue,
    total_critical_issue: totalCritical,
    critical_status: totalCritical > 0 ? 1 : 0,
    last_seen: iso(lastSeen),
    issues,
    remediation_link: `https://gears.opswat.com/console/remediation?hwid=${hwid}`,
    infections: infections(rng, profile, lastSeen),
  };
}

function reserved(): Record<string, string> {
  return { policy_name: '', user: '', location: '', remediation: '', notification: '' };
}

function infections(rng: Rng, profile: OpswatProfile, lastSeen: number): unknown[] {
  const infected = profile === 'non_compliant' && rng.chance(0.5);
  if (!infected && !rng.chance(0.5)) return [];
  const threats = infected ? Array.from({ length: rng.int(1, 3) }, () => threat(rng, lastSeen)) : [];
  const critical = threats.some((t) => t.status === 'dirty') ? 1 : 0;
  return [
    {
      category: 'Anti-malware',
      critical_status: critical,
      total_threats: threats.length,
      has_issue: threats.length > 0 ? 1 : 0,
      has_critical_issue: critical,
      last_scan_time: iso(lastSeen - rng.int(1, 12) * HOUR),
      total_engines: rng.int(1, 3),
      total_sources: rng.int(1, 4),
      last_report: iso(lastSeen),
      threats,
    },
  ];
}

function threat(rng: Rng, lastSeen: number): { status: string } & Record<string, unknown> {
  const [name, file] = rng.pick(THREATS);
  const hash = rng.hex(64);
  return {
    ThreatName: name,
    File: file,
    FoundTime: iso(lastSeen - rng.int(1, 10) * DAY),
    hash,
    link: `https://metadefender.opswat.com/results/file/${hash}/hash/overview`,
    ip_address: `203.0.113.${rng.int(2, 254)}`,
    status: rng.pick(['dirty', 'dirty', 'in-progress', 'clear']),
    details: [
      { source_name: 'Microsoft Defender', assessment: name, confident: rng.int(60, 100) },
      { source_name: 'MetaDefender Cloud', assessment: 'Malicious', confident: rng.int(50, 100) },
    ],
    geo_info: rng.pick(GEO),
  };
}

/** Device Details statuses per profile; Policy Check v2.2 has no code for exempted, installed or the rest. */
const DETAILS_STATUS: Record<OpswatProfile, ReadonlyArray<[string, number]> | null> = {
  compliant: [
    ['compliant', 0.85],
    ['exempted', 0.15],
  ],
  non_compliant: [['non_compliant', 1]],
  reporting: [
    ['pending', 0.5],
    ['installed', 0.5],
  ],
  unknown_status: [
    ['out_of_license_usage', 0.5],
    ['quarantined', 0.5],
  ],
  not_found_404: null,
  not_found_status2: null,
};

/** The entry whose cumulative share first exceeds `draw` (0 ≤ draw < 1). */
function pickShare(choices: ReadonlyArray<[string, number]>, draw: number): string {
  let cumulative = 0;
  for (const [value, share] of choices) {
    cumulative += share;
    if (draw < cumulative) return value;
  }
  return (choices[choices.length - 1] as [string, number])[0];
}

/**
 * What Device Details adds to the ground truth: each known device's v3 status, and for some
 * devices with several adapters every adapter's MAC (so one answer covers the device's other
 * MACs). Devices OPSWAT registered under their second adapter keep that one MAC only.
 */
export function addDetailsKnowledge(rng: Rng, devices: SimDevice[]): void {
  for (const device of devices) {
    const choices = DETAILS_STATUS[device.opswat.profile];
    const draw = rng.int(0, 999) / 1000;
    const widen = rng.chance(0.5);
    if (!choices) continue;
    device.opswat.detailsStatus = pickShare(choices, draw);
    const known = device.opswat.knownMacs;
    if (widen && known.length === 1 && known[0] === device.physicalMacs[0] && device.physicalMacs.length > 1) {
      device.opswat.knownMacs = [...device.physicalMacs];
    }
  }
}

/**
 * Issue groups that add up to the given counts, for a device whose issues a change set: critical
 * ones in the critical groups, the rest in the others, each group's texts first and numbered
 * ones after, so Policy Check's `issues` and Device Details' categories agree with the totals.
 */
export function issuesFor(total: number, critical: number): Array<Record<string, { category: string; issues: string[] }>> {
  const spread = (isCritical: boolean, count: number) => {
    const groups = ISSUE_GROUPS.filter((group) => group.critical === isCritical);
    const texts = groups.map((): string[] => []);
    for (let i = 0; i < count; i++) {
      const g = i % groups.length;
      const group = groups[g]!;
      const list = texts[g]!;
      list.push(group.issues[list.length] ?? `${group.category} issue ${list.length + 1}`);
    }
    return groups.flatMap((group, g) => (texts[g]!.length > 0 ? [{ [group.key]: { category: group.category, issues: texts[g]! } }] : []));
  };
  return [...spread(true, critical), ...spread(false, total - critical)];
}

/** Policy Check v2.2's numeric status for each Device Details status (7: "a value a client has never seen"). */
export const POLICY_STATUS_OF_DETAILS: Record<string, number> = {
  compliant: 0,
  exempted: 0,
  non_compliant: 1,
  pending: 3,
  installed: 3,
  out_of_license_usage: 7,
  unknown: 7,
  ignored: 7,
  quarantined: 7,
};

/** The profile a Device Details status belongs to, so the ground truth stays one after a change. */
export const PROFILE_OF_DETAILS: Record<string, OpswatProfile> = {
  compliant: 'compliant',
  exempted: 'compliant',
  non_compliant: 'non_compliant',
  pending: 'reporting',
  installed: 'reporting',
  out_of_license_usage: 'unknown_status',
  unknown: 'unknown_status',
  ignored: 'unknown_status',
  quarantined: 'unknown_status',
};
