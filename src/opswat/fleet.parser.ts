/**
 * One mapper per fleet resource. Each explains the spellings OPSWAT's sources disagree on; an
 * entry that names no device is dropped, since nothing could be done with it.
 */
import { isoDate } from '../common/index.js';
import { isUsableMac, normalizeMac } from '../inventory/index.js';
import { detailsStatus } from './details.parser.js';
import type { OpswatIssueCounts, OpswatListedDevice, OpswatStatusChange, OpswatStatusChangeV2 } from './fleet.types.js';
import { wireChangedDevice, wireChangedDeviceV2, wireListedDevice } from './opswat.wire.js';

type Entry = Record<string, unknown>;

/** The raw status as a string, empty when absent. */
const raw = (status: string | number | null | undefined): string => (status === null || status === undefined ? '' : String(status));

/** Get Devices v3.7: `nickname` as its doc spells it, `nick_name` as the PHP client does. */
export function toListedDevices(entries: readonly Entry[]): OpswatListedDevice[] {
  return entries.flatMap((entry): OpswatListedDevice[] => {
    const wire = wireListedDevice.parse(entry);
    if (!wire.device_id) return [];
    return [
      {
        deviceId: wire.device_id,
        status: detailsStatus(wire.status),
        rawStatus: raw(wire.status),
        severity: wire.severity || null,
        hostName: wire.host_name || null,
        deviceName: wire.device_name || null,
        nickname: wire.nickname || wire.nick_name || null,
        deviceType: wire.device_type || null,
        lastSeen: isoDate(wire.last_seen),
        enrolledAt: isoDate(wire.enrolled_at),
      },
    ];
  });
}

/**
 * Status Change v3. Its doc spells `non-compliant` with a hyphen where every other endpoint has
 * `non_compliant` (both map to NON_COMPLIANT), and its issue keys `total_issues` where the PHP
 * client has `total_issue`. A device is deleted when it comes in `deleted_devices`, whatever status
 * it carries there (its last one), or with the status `deleted` in a flat list.
 */
export function toStatusChanges(monitored: readonly Entry[], deleted: readonly Entry[]): OpswatStatusChange[] {
  const read = (entry: Entry, fromDeletedList: boolean): OpswatStatusChange[] => {
    const wire = wireChangedDevice.parse(entry);
    if (!wire.device_id) return [];
    const common = {
      deviceId: wire.device_id,
      rawStatus: raw(wire.status),
      severity: wire.severity || null,
      deviceName: wire.device_name || null,
      ...issueCounts(wire.issue),
    };
    const isDeleted = fromDeletedList || (typeof wire.status === 'string' && wire.status.trim().toLowerCase() === 'deleted');
    return [isDeleted ? { ...common, kind: 'deleted', status: null } : { ...common, kind: 'status', status: detailsStatus(wire.status) }];
  };
  return [...monitored.flatMap((entry) => read(entry, false)), ...deleted.flatMap((entry) => read(entry, true))];
}

function issueCounts(issue: ReturnType<typeof wireChangedDevice.parse>['issue']): OpswatIssueCounts {
  return {
    totalIssues: issue?.total_issues ?? issue?.total_issue ?? null,
    totalCriticalIssues: issue?.total_critical_issues ?? issue?.total_critical_issue ?? null,
    totalWarningIssues: issue?.total_warning_issues ?? issue?.total_warning_issue ?? null,
  };
}

/** Status 2: the MAC is not found any more (agent uninstalled, or device deleted in the console). */
const V2_NOT_FOUND = 2;

/**
 * Status Change v2.1: `hwid` (doc; `device_id` tolerated), an integer status (0, 1, 3; 2 is a
 * deletion), and the MACs under `mac_address` (doc) or `mac_addresses` (PacketFence), normalized,
 * unusable ones (zero, multicast) dropped.
 */
export function toStatusChangesV2(entries: readonly Entry[]): OpswatStatusChangeV2[] {
  return entries.flatMap((entry): OpswatStatusChangeV2[] => {
    const wire = wireChangedDeviceV2.parse(entry);
    const deviceId = wire.hwid || wire.device_id;
    if (!deviceId) return [];
    const macs = [...(wire.mac_address ?? []), ...(wire.mac_addresses ?? [])].flatMap((mac) => {
      const normalized = typeof mac === 'string' ? normalizeMac(mac) : null;
      return normalized && isUsableMac(normalized) ? [normalized] : [];
    });
    const macAddresses = [...new Set(macs)];
    const rawStatus = raw(wire.status);
    if (wire.status === V2_NOT_FOUND) return [{ kind: 'deleted', deviceId, status: null, rawStatus, macAddresses }];
    return [{ kind: 'status', deviceId, status: detailsStatus(wire.status), rawStatus, macAddresses }];
  });
}
