/** Automox JSON bodies: console server objects, organizations, run summaries and paging metadata. */
import type { SimAutomoxFacts } from './automox.facts.js';
import { BASE_TIME, DAY, consoleTime } from './prng.js';
import type { SimDevice, SimDeviceKind, SimRun } from './types.js';

/** Who the simulated account is. */
export interface AutomoxAccount {
  orgId: number;
  orgUuid: string;
}

/** The second org a real API key often sees, so clients cannot assume there is only one. */
const OTHER_ORG = { id: 4343, uuid: '0f6e3c2a-9b1d-4e57-8a3c-2d4b6f8e1a90', name: 'Sim Sandbox' };

const HARDWARE: Record<SimDeviceKind, { VENDOR: string; MODEL: string; CPU: string; RAM: string }> = {
  laptop: { VENDOR: 'LENOVO', MODEL: '20XW', CPU: 'Intel(R) Core(TM) i7-1165G7 @ 2.80GHz', RAM: '17179869184' },
  desktop: { VENDOR: 'Dell Inc.', MODEL: 'OptiPlex 7090', CPU: 'Intel(R) Core(TM) i5-10505 CPU @ 3.20GHz', RAM: '17179869184' },
  mac: { VENDOR: 'Apple Inc.', MODEL: 'MacBookPro18,3', CPU: 'Apple M1 Pro', RAM: '34359738368' },
  vm: { VENDOR: 'VMware, Inc.', MODEL: 'VMware7,1', CPU: 'Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', RAM: '8589934592' },
  server: { VENDOR: 'HPE', MODEL: 'ProLiant DL360 Gen10', CPU: 'Intel(R) Xeon(R) Silver 4214R CPU @ 2.40GHz', RAM: '68719476736' },
};

/** The full `detail` object of a device, NICS included. */
export function deviceDetail(device: SimDevice): Record<string, unknown> {
  return {
    ...HARDWARE[device.kind],
    VERSION: device.kind === 'mac' ? '10151.140.19' : 'N1MET64W (1.49)',
    SERIAL: device.serial,
    SERVICETAG: device.kind === 'desktop' ? device.serial : 'No Asset Tag',
    IPS: device.nics.flatMap((n) => n.IPS),
    NICS: device.nics,
    DISKS: [{ TYPE: 'Micron MTFDKCD512TFK', SIZE: '512105932800' }],
    FQDNS: [device.hostname.includes('.') ? device.hostname : `${device.hostname}.WORKGROUP`],
  };
}

/** A console server object; `detail` is `{}` unless asked for, and some devices use the key `details`. */
export function serverJson(
  device: SimDevice,
  facts: SimAutomoxFacts,
  account: AutomoxAccount,
  withDetail: boolean,
  totalCount: number,
): Record<string, unknown> {
  const privateIps = device.nics.flatMap((n) => n.IPS);
  return {
    id: device.id,
    agent_version: device.osFamily === 'Windows' ? '1.45.48' : '1.44.31',
    commands: [],
    compatibility_checks: { low_diskspace: false, missing_wmi_integrity_check: false, missing_powershell: false },
    compliant: device.id % 3 !== 0,
    connected: device.connected,
    create_time: device.createTime,
    custom_name: device.customName,
    deleted: false,
    [device.detailKey]: withDetail ? deviceDetail(device) : {},
    display_name: device.displayName,
    exception: false,
    instance_id: '',
    ip_addrs: [`198.51.100.${(device.id % 250) + 1}`],
    ip_addrs_private: privateIps,
    is_compatible: true,
    last_disconnect_time: device.lastRefreshTime,
    last_logged_in_user: device.osFamily === 'Windows' ? 'CORP\\jdoe' : 'jdoe',
    last_process_time: device.lastRefreshTime,
    last_refresh_time: device.lastRefreshTime,
    last_scan_failed: false,
    last_update_time: device.createTime,
    mdm: null,
    name: device.hostname,
    notes: '',
    needs_attention: false,
    needs_reboot: facts.needsReboot,
    next_patch_time: null,
    notification_count: 0,
    organization_id: account.orgId,
    organizational_unit: '',
    os_family: device.osFamily,
    os_name: device.osName,
    os_version: device.osVersion,
    os_version_id: 13000 + (device.id % 300),
    patch_deferral_count: 0,
    patches: facts.pendingPatches,
    pending: facts.pendingPatches !== 0,
    pending_patches: facts.pendingPatches,
    policy_status: facts.policyStatus.map((status, i) => ({
      id: device.id * 10 + i,
      organization_id: account.orgId,
      server_id: device.id,
      result: '{}',
      will_reboot: false,
      pending_count: 0,
      next_remediation: null,
      ...status,
    })),
    reboot_deferral_count: 0,
    reboot_is_delayed_by_notification: false,
    reboot_is_delayed_by_user: false,
    reboot_notification_count: 0,
    refresh_interval: 360,
    serial_number: device.serial,
    server_group_id: facts.serverGroupId,
    server_policies: [],
    status: {
      device_status: device.connected ? 'ready' : 'not-ready',
      agent_status: device.connected ? 'connected' : 'disconnected',
      policy_status: device.id % 3 !== 0 ? 'compliant' : 'non-compliant',
      policy_statuses: facts.policyStatus.map((status, i) => ({ id: device.id * 10 + i, compliant: status.status === 1 })),
    },
    tags: facts.tags,
    timezone: 'UTC+0000',
    total_count: totalCount,
    uptime: String(86_400 + (device.id % 500_000)),
    uuid: device.uuid,
  };
}

/** GET /orgs: the simulated org plus one other. */
export function orgsJson(account: AutomoxAccount, liveDevices: number): Array<Record<string, unknown>> {
  const org = (id: number, uuid: string, name: string, parent: number | null, devices: number): Record<string, unknown> => ({
    id,
    uuid,
    name,
    create_time: consoleTime(BASE_TIME - 800 * DAY),
    trial_end_time: consoleTime(BASE_TIME - 770 * DAY),
    tier: 'enterprise',
    parent_id: parent,
    device_limit: null,
    device_count: devices,
    soft_device_limit: null,
    metadata: { patchServersDone: true },
  });
  return [
    org(account.orgId, account.orgUuid, 'Simulated Org', null, liveDevices),
    org(OTHER_ORG.id, OTHER_ORG.uuid, OTHER_ORG.name, account.orgId, 3),
  ];
}

/** A PolicyRunsReportResource; blocked rows count in device_count only, as the schema has no field for them. */
export function runSummary(run: SimRun, account: AutomoxAccount): Record<string, unknown> {
  const count = (status: string): number => run.results.filter((r) => r.result_status === status).length;
  return {
    policy_uuid: run.policy.uuid,
    policy_id: run.policy.id,
    org_uuid: account.orgUuid,
    policy_name: run.policy.name,
    policy_type: run.policy.type,
    policy_deleted_at: null,
    device_count: run.results.length,
    pending: count('pending'),
    success: count('success'),
    remediation_not_applicable: count('remediation_not_applicable'),
    failed: count('failed'),
    run_time: run.runTime,
    execution_token: run.executionToken,
    run_count: run.results.length,
    not_included: count('not_included'),
  };
}

/** One page of a policy-history collection, with its host-only links. */
export function page<T>(items: T[], pageNo: number, limit: number): { metadata: Record<string, unknown>; data: T[] } {
  const totalPages = Math.ceil(items.length / limit);
  const link = (p: number): string => `policyreport.automox.com?page=${p}&limit=${limit}`;
  return {
    metadata: {
      current_page: pageNo,
      total_pages: totalPages,
      total_count: items.length,
      limit,
      links: { previous: pageNo > 0 ? link(pageNo - 1) : '', next: pageNo + 1 < totalPages ? link(pageNo + 1) : '' },
    },
    data: items.slice(pageNo * limit, (pageNo + 1) * limit),
  };
}
