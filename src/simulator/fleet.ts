/** The deterministic world both fake upstreams serve: devices, their adapters and what OPSWAT knows. */
import { generateNics, MacAllocator } from './nics.js';
import { addDetailsKnowledge, opswatReport } from './opswat.data.js';
import { addFleetApiKnowledge } from './opswat.fleet.js';
import { generatePolicies } from './policies.js';
import { BASE_TIME, DAY, MINUTE, consoleTime, createRng, iso, type Rng } from './prng.js';
import type { OpswatProfile, SimDevice, SimDeviceKind, SimFleet } from './types.js';

/** What decides the world: same values → identical fleet, policies, runs and results. */
export interface FleetOptions {
  fleetSize: number;
  seed: number;
}

/** Shares of the fleet per OPSWAT profile; compliant takes whatever is left. */
const PROFILE_SHARES: Array<[OpswatProfile, number]> = [
  ['non_compliant', 0.25],
  ['reporting', 0.05],
  ['unknown_status', 0.03],
  ['not_found_404', 0.06],
  ['not_found_status2', 0.06],
];
const KINDS: SimDeviceKind[] = [
  'laptop',
  'laptop',
  'laptop',
  'laptop',
  'laptop',
  'laptop',
  'laptop',
  'desktop',
  'desktop',
  'desktop',
  'desktop',
  'mac',
  'mac',
  'mac',
  'vm',
  'vm',
  'vm',
  'server',
  'server',
  'server',
];
const FIRST_NAMES = ['Marcus', 'Priya', 'Lukas', 'Chen', 'Sofia', 'Tom', 'Aisha', 'Lars', 'Mei', 'Diego', 'Olu', 'Hannah', 'Yusuf'];
const CUSTOM_NAMES = [
  'Finance Laptop',
  'Reception PC',
  'Build Server',
  'Conference Room B',
  'Warehouse Kiosk',
  'QA Test Box',
  'HR Laptop',
  'Payroll Server',
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Builds the fleet; every random choice comes from the seeded PRNG, every date from BASE_TIME. */
export function buildFleet({ fleetSize, seed }: FleetOptions): SimFleet {
  if (!Number.isInteger(fleetSize) || fleetSize < 1) throw new RangeError(`fleetSize must be a positive integer, got ${String(fleetSize)}`);
  const rng = createRng(seed);
  const macs = new MacAllocator(rng);
  const profiles = quota(rng, fleetSize);
  const deleted = new Set(rng.shuffle(range(fleetSize)).slice(0, atLeastOne(fleetSize, 0.04)));
  const hostnames = new Set<string>();
  const devices: SimDevice[] = [];
  let id = 1_000_000 + rng.int(0, 999);
  for (let i = 0; i < fleetSize; i++) {
    id += rng.int(1, 37);
    devices.push(makeDevice(rng, macs, hostnames, id, profiles[i] ?? 'compliant', deleted.has(i)));
  }
  shareHostnames(rng, devices);
  // A separate stream, so the fleet every earlier test relies on stays exactly as it was.
  addDetailsKnowledge(createRng(seed + 0x5eed), devices);
  const policies = generatePolicies(rng, devices);
  // Last, and from a stream of its own, for the same reason.
  const opswatOnly = addFleetApiKnowledge(createRng(seed + 0xf1ee7), devices);
  return { seed, devices, ...policies, opswatOnly };
}

function makeDevice(
  rng: Rng,
  macs: MacAllocator,
  hostnames: Set<string>,
  id: number,
  profile: OpswatProfile,
  isDeleted: boolean,
): SimDevice {
  const kind = rng.pick(KINDS);
  const osFamily = kind === 'mac' ? 'Mac' : kind === 'laptop' || kind === 'desktop' ? 'Windows' : rng.chance(0.5) ? 'Linux' : 'Windows';
  const [osName, osVersion] = osOf(rng, kind, osFamily);
  let hostname = hostnameOf(rng, kind, osFamily);
  // Name pools are finite (a few hundred per style): after some tries, make the name unique by id,
  // or a large fleet would never finish building.
  for (let tries = 0; hostnames.has(hostname.toLowerCase()); tries += 1) {
    hostname = tries < 20 ? hostnameOf(rng, kind, osFamily) : `${hostnameOf(rng, kind, osFamily)}-${id}`;
  }
  hostnames.add(hostname.toLowerCase());
  const customName = rng.chance(0.4) ? '' : customNameOf(rng, kind);
  const known = profile !== 'not_found_404';
  // OPSWAT sometimes registered a device under its other adapter: clients must try the next MAC.
  const secondMac = known && rng.chance(0.1);
  const plan = generateNics(rng, macs, { kind, osFamily, minPhysical: secondMac ? 2 : 1, empty: !secondMac && rng.chance(0.04) });
  const knownMac = known ? plan.physicalMacs[secondMac ? 1 : 0] : undefined;
  const hwid = rng.hex(32);
  return {
    id,
    uuid: rng.uuid(),
    hostname,
    customName,
    displayName: customName || hostname,
    deletedAt: isDeleted ? iso(BASE_TIME - rng.int(1, 20) * DAY - rng.int(0, 1439) * MINUTE) : null,
    kind,
    osFamily,
    osName,
    osVersion,
    connected: !isDeleted && rng.chance(0.8),
    createTime: consoleTime(BASE_TIME - rng.int(30, 900) * DAY - rng.int(0, 1439) * MINUTE),
    lastRefreshTime: consoleTime(BASE_TIME - rng.int(5, 3 * 1440) * MINUTE),
    serial: Array.from({ length: 8 }, () => rng.pick(ALNUM.split(''))).join(''),
    nics: plan.nics,
    physicalMacs: plan.physicalMacs,
    detailKey: rng.chance(0.05) ? 'details' : 'detail',
    hwid,
    opswat: {
      profile,
      knownMacs: knownMac ? [knownMac] : [],
      knownHwid: known ? hwid : null,
      report: opswatReport(rng, profile, kind, osFamily, hwid),
      detailsStatus: null,
      enrolledAt: null,
    },
  };
}

/** Exact shares shuffled over the fleet, so small fleets still show every profile. */
function quota(rng: Rng, n: number): OpswatProfile[] {
  const out: OpswatProfile[] = [];
  for (const [profile, share] of PROFILE_SHARES) {
    for (let k = atLeastOne(n, share); k > 0; k--) out.push(profile);
  }
  while (out.length < n) out.push('compliant');
  return rng.shuffle(out.slice(0, n));
}

function atLeastOne(n: number, share: number): number {
  return n >= 10 ? Math.max(1, Math.round(n * share)) : Math.round(n * share);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Real fleets have re-imaged machines: a deleted device and its live successor share a hostname,
 * and so do two live devices of which the older one has gone stale.
 */
function shareHostnames(rng: Rng, devices: SimDevice[]): void {
  if (devices.length < 20) return;
  const gone = devices.find((d) => d.deletedAt !== null);
  const live = devices.filter((d) => d.deletedAt === null);
  const later = gone ? live.filter((d) => d.id > gone.id && d.kind === gone.kind).concat(live.filter((d) => d.id > gone.id)) : [];
  if (gone && later.length > 0) rename(rng.pick(later.slice(0, 5)), gone.hostname);
  const [older, newer] = rng
    .shuffle(live.filter((d) => d.hostname !== gone?.hostname))
    .slice(0, 2)
    .sort((a, b) => a.id - b.id);
  if (older && newer) {
    rename(newer, older.hostname);
    older.connected = false;
    older.lastRefreshTime = consoleTime(BASE_TIME - 120 * DAY);
  }
}

function rename(device: SimDevice, hostname: string): void {
  device.hostname = hostname;
  device.displayName = device.customName || hostname;
}

function code(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => rng.pick(ALNUM.split(''))).join('');
}

function hostnameOf(rng: Rng, kind: SimDeviceKind, os: string): string {
  const ws = (): string => {
    const n = String(rng.int(1, 9999)).padStart(4, '0');
    const prefix = rng.pick(['ws', 'ws', 'WS', 'Ws']);
    return rng.chance(0.3) ? `${prefix}-${n}.corp.example.com` : `${prefix}-${n}`;
  };
  switch (kind) {
    case 'laptop':
      return rng.pick([() => `WIN-${code(rng, 11)}`, () => `LAPTOP-${code(rng, 7)}`, ws])();
    case 'desktop':
      return rng.pick([() => `DESKTOP-${code(rng, 7)}`, ws, ws])();
    case 'mac': {
      const name = rng.pick(FIRST_NAMES);
      return (
        rng.pick([`${name}-MBP`, `${name}s-MacBook-Air`, `${name.toLowerCase()}-mbp`, `${name}s-MacBook-Pro.local`]) +
        (rng.chance(0.3) ? `-${rng.int(2, 9)}` : '')
      );
    }
    case 'vm':
      return os === 'Linux' ? `ip-10-0-${rng.int(0, 255)}-${rng.int(2, 254)}.ec2.internal` : `WIN-${code(rng, 11)}`;
    case 'server':
      return os === 'Linux'
        ? `srv-${rng.pick(['build', 'web', 'db', 'backup'])}-${String(rng.int(1, 99)).padStart(2, '0')}.corp.example.com`
        : `SRV-${rng.pick(['DC', 'FS', 'SQL', 'APP'])}-${String(rng.int(1, 99)).padStart(2, '0')}`;
  }
}

function customNameOf(rng: Rng, kind: SimDeviceKind): string {
  if (kind === 'mac') {
    const name = rng.pick(FIRST_NAMES);
    return `${name}${name.endsWith('s') ? "'" : "'s"} Macbook Pro`;
  }
  return `${rng.pick(CUSTOM_NAMES)} ${rng.int(1, 40)}`;
}

function osOf(rng: Rng, kind: SimDeviceKind, os: string): [string, string] {
  if (os === 'Mac')
    return rng.pick([
      ['macOS Sonoma', '14.6.1'],
      ['macOS Sequoia', '15.3.2'],
    ]);
  if (os === 'Linux')
    return rng.pick([
      ['Ubuntu 22.04.4 LTS', '22.04'],
      ['Red Hat Enterprise Linux 9.4', '9.4'],
    ]);
  if (kind === 'laptop' || kind === 'desktop')
    return rng.pick([
      ['11 Pro', '10.0.26100'],
      ['11 Enterprise', '10.0.22631'],
      ['10 Pro', '10.0.19045'],
    ]);
  return rng.pick([
    ['Server 2022 Standard', '10.0.20348'],
    ['Server 2019 Datacenter', '10.0.17763'],
  ]);
}
