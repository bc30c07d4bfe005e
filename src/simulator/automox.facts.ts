/**
 * What the fake console says about a device beyond its identity: tags, server group, reboot and
 * patch counters, and its standing in each policy. Derived, never drawn from the PRNG, so the
 * fleet every earlier test relies on stays exactly as it was; tests read the same function as
 * the ground truth the graph must reproduce.
 */
import { consoleTime } from './prng.js';
import type { SimDevice, SimDeviceKind, SimFleet, SimPolicyType } from './types.js';

/** A server group of the simulated org (the console's /servergroups is not simulated: the graph never calls it). */
export interface SimServerGroup {
  id: number;
  name: string;
}

/** The org's server groups: every device is in exactly one. */
export const SIM_SERVER_GROUPS: Readonly<Record<'default' | 'servers' | 'macs', SimServerGroup>> = Object.freeze({
  default: { id: 654321, name: 'Default' },
  servers: { id: 654322, name: 'Servers' },
  macs: { id: 654323, name: 'Macs' },
});

/** One entry of `policy_status`, as the console sends it. */
export interface SimPolicyStatus {
  policy_id: number;
  policy_name: string;
  policy_type_name: SimPolicyType;
  /** 0 needs remediation, 1 up to date, 2 pending. */
  status: 0 | 1 | 2;
  create_time: string;
}

/** The console's facts of one device. */
export interface SimAutomoxFacts {
  tags: string[];
  serverGroupId: number;
  needsReboot: boolean;
  pendingPatches: number;
  policyStatus: SimPolicyStatus[];
}

const TAGS: Record<SimDeviceKind, string[]> = {
  laptop: ['laptop', 'mobile'],
  desktop: ['office'],
  mac: ['laptop', 'macos'],
  vm: ['virtual'],
  server: ['datacenter'],
};

// A result's status in a policy's newest run that targeted the device decides its standing there;
// `not_included` means the policy does not target it (no entry).
const STANDING: Record<string, 0 | 1 | 2 | undefined> = {
  success: 1,
  remediation_not_applicable: 1,
  failed: 0,
  blocked: 0,
  pending: 2,
};

const statusesByFleet = new WeakMap<SimFleet, Map<number, SimPolicyStatus[]>>();

/** The `policy_status` of every device, from each policy's newest run that has a row for it. */
function policyStatuses(fleet: SimFleet): Map<number, SimPolicyStatus[]> {
  let statuses = statusesByFleet.get(fleet);
  if (statuses) return statuses;
  statuses = new Map();
  const seen = new Set<string>();
  // Runs are newest first within each policy: the first row met per (policy, device) is the newest.
  for (const run of fleet.runs) {
    for (const row of run.results) {
      const key = `${run.policy.id}:${row.device_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const status = STANDING[row.result_status];
      if (status === undefined) continue;
      const list = statuses.get(row.device_id) ?? [];
      list.push({
        policy_id: run.policy.id,
        policy_name: run.policy.name,
        policy_type_name: run.policy.type,
        status,
        create_time: consoleTime(Date.parse(row.event_time)),
      });
      statuses.set(row.device_id, list);
    }
  }
  statusesByFleet.set(fleet, statuses);
  return statuses;
}

/** What the console reports for `device` besides identity and details. */
export function automoxFacts(device: SimDevice, fleet: SimFleet): SimAutomoxFacts {
  const group =
    device.kind === 'mac'
      ? SIM_SERVER_GROUPS.macs
      : device.kind === 'server' || device.kind === 'vm'
        ? SIM_SERVER_GROUPS.servers
        : SIM_SERVER_GROUPS.default;
  const tags = [...TAGS[device.kind]];
  if (/finance|payroll/i.test(device.customName)) tags.push('finance');
  return {
    tags,
    serverGroupId: group.id,
    needsReboot: device.id % 7 === 0,
    pendingPatches: device.id % 5,
    policyStatus: policyStatuses(fleet).get(device.id) ?? [],
  };
}
