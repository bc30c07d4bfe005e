/**
 * What the fleet APIs (Get Devices, Status Change, webhooks) add to the ground truth: when each
 * device enrolled with OPSWAT, devices Automox knows by no usable MAC, and one hostname OPSWAT
 * lists twice. Derived from a stream of its own after everything else is built, so every device,
 * MAC, profile and run that earlier figures rely on stays exactly as it was.
 */
import { ZERO_MAC } from './nics.js';
import { opswatReport } from './opswat.data.js';
import { BASE_TIME, DAY, MINUTE, iso, type Rng } from './prng.js';
import type { SimDevice, SimFleet, SimNic } from './types.js';

/**
 * Adds enrolment times, gives every second adapter-less device only zero-MAC virtual adapters
 * (the other half keep an empty list), and returns the OPSWAT-only device that makes one
 * hostname ambiguous (none when no device is matchable by hostname alone).
 */
export function addFleetApiKnowledge(rng: Rng, devices: SimDevice[]): SimDevice[] {
  for (const device of devices) {
    // Drawn for every device, known or not, so one device's fate never shifts another's draw.
    const enrolled = BASE_TIME - rng.int(30, 900) * DAY - rng.int(0, 1439) * MINUTE;
    device.opswat.enrolledAt = device.opswat.knownHwid ? iso(enrolled) : null;
  }
  devices
    .filter((device) => device.nics.length === 0)
    .forEach((device, index) => {
      if (index % 2 === 1) device.nics = zeroMacAdapters(device);
    });
  const target = matchableByHostnameOnly(devices).find((device) => countHostname(devices, device.hostname) === 1);
  return target ? [staleRegistration(rng, target)] : [];
}

/** Adapters that carry no hardware address: the agent saw only tunnels and loopbacks. */
function zeroMacAdapters(device: SimDevice): SimNic[] {
  const nic = (vendor: string, name: string): SimNic => ({
    MAC: ZERO_MAC,
    IPS: [],
    CONNECTED: false,
    TYPE: 'enet',
    VENDOR: vendor,
    DEVICE: name,
  });
  if (device.osFamily === 'Linux') return [nic('', 'lo')];
  if (device.osFamily === 'Mac') return [nic('', 'lo0')];
  return [nic('WAN Miniport (IP)', ''), nic('Microsoft ISATAP Adapter', 'isatap.corp.example.com')];
}

/** The machine's previous OPSWAT registration before it was re-imaged: same host_name, its own device id, long unseen. */
function staleRegistration(rng: Rng, target: SimDevice): SimDevice {
  const hwid = rng.hex(32);
  const report = opswatReport(rng, 'compliant', target.kind, target.osFamily, hwid);
  if (report) report.last_seen = iso(BASE_TIME - 120 * DAY);
  const enrolled = Date.parse(target.opswat.enrolledAt ?? iso(BASE_TIME)) - 400 * DAY;
  return {
    ...target,
    id: 0,
    uuid: '',
    customName: '',
    displayName: target.hostname,
    connected: false,
    nics: [],
    physicalMacs: [],
    detailKey: 'detail',
    hwid,
    opswat: { profile: 'compliant', knownMacs: [], knownHwid: hwid, report, detailsStatus: 'compliant', enrolledAt: iso(enrolled) },
  };
}

function countHostname(devices: readonly SimDevice[], hostname: string): number {
  return devices.filter((device) => device.hostname.toLowerCase() === hostname.toLowerCase()).length;
}

/** Every device OPSWAT's account holds (inventory devices and OPSWAT-only ones), deleted ones included. */
export function opswatDevices(fleet: SimFleet): SimDevice[] {
  return [...fleet.devices, ...fleet.opswatOnly].filter((device) => device.opswat.knownHwid !== null);
}

/** What Get Devices v3.7 lists right now, in its order: ascending enrolment time, then device id. */
export function opswatListing(fleet: SimFleet): SimDevice[] {
  return opswatDevices(fleet)
    .filter((device) => device.opswat.detailsStatus !== null)
    .sort((a, b) => (a.opswat.enrolledAt ?? '').localeCompare(b.opswat.enrolledAt ?? '') || a.hwid.localeCompare(b.hwid));
}

/**
 * Live inventory devices with no usable MAC (no adapters, or only zero-MAC ones) that OPSWAT
 * lists: a fleet index can match them by hostname only (Get Devices' host_name), then ask Device
 * Details by device id.
 */
export function hostnameOnlyDevices(fleet: SimFleet): SimDevice[] {
  return matchableByHostnameOnly(fleet.devices);
}

/**
 * The inventory devices (hostname unique in Automox) whose hostname two or more listed OPSWAT
 * devices carry, each with those devices' ids. By construction exactly one, when any device is
 * matchable by hostname only.
 */
export function ambiguousHostnames(fleet: SimFleet): Array<{ device: SimDevice; opswatDeviceIds: string[] }> {
  const listing = opswatListing(fleet);
  return fleet.devices
    .filter((device) => device.deletedAt === null && countHostname(fleet.devices, device.hostname) === 1)
    .map((device) => ({
      device,
      opswatDeviceIds: listing.filter((listed) => listed.hostname.toLowerCase() === device.hostname.toLowerCase()).map((d) => d.hwid),
    }))
    .filter((entry) => entry.opswatDeviceIds.length > 1);
}

function matchableByHostnameOnly(devices: readonly SimDevice[]): SimDevice[] {
  return devices.filter((device) => device.deletedAt === null && device.physicalMacs.length === 0 && device.opswat.detailsStatus !== null);
}
