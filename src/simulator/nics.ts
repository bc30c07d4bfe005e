/** Network adapters as the Automox agent reports them: physical ones buried among virtual noise. */
import type { Rng } from './prng.js';
import type { SimDeviceKind, SimNic } from './types.js';

/** The all-zero MAC some tunnel and loopback adapters report. */
export const ZERO_MAC = '00:00:00:00:00:00';

/** Lower-case colon form of a MAC in any case with `:` or `-` separators; null if it is not one. */
export function normalizeMac(value: string): string | null {
  const m = /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(value.trim());
  if (!m) return null;
  return [m[1], m[3], m[4], m[5], m[6], m[7]].join(':').toLowerCase();
}

/** Randomised (privacy) MACs set the locally-administered bit of the first octet. */
export function isLocallyAdministered(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;
}

/** Hands out MACs unique across the fleet, so a lookup by MAC can never be ambiguous by accident. */
export class MacAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  /** A globally unique (vendor OUI) MAC. */
  universal(oui: string = this.rng.pick(UA_OUIS)): string {
    return this.prefixed(oui);
  }

  /** A MAC starting with the given octets (an OUI, or docker's 02:42). */
  prefixed(prefix: string): string {
    const given = prefix.split(':').length;
    return this.claim(() => `${prefix}:${this.octets(6 - given)}`);
  }

  /** A locally administered, unicast MAC such as a randomised Wi-Fi address. */
  local(): string {
    return this.claim(() => {
      const first = ((this.rng.int(0, 255) & 0xfc) | 0x02).toString(16).padStart(2, '0');
      return `${first}:${this.octets(5)}`;
    });
  }

  /** Reserves a MAC derived from another one (Bluetooth = Wi-Fi + 1); falls back to a fresh one on collision. */
  derived(mac: string): string {
    if (this.used.has(mac)) return this.local();
    this.used.add(mac);
    return mac;
  }

  private octets(n: number): string {
    return Array.from({ length: n }, () => this.rng.int(0, 255).toString(16).padStart(2, '0')).join(':');
  }

  private claim(make: () => string): string {
    for (;;) {
      const mac = make();
      if (!this.used.has(mac)) {
        this.used.add(mac);
        return mac;
      }
    }
  }
}

const UA_OUIS = [
  '3c:52:82',
  'a4:bb:6d',
  '8c:8d:28',
  'f8:ac:65',
  '00:1b:21',
  '48:51:c5',
  '00:e0:4c',
  '54:05:db',
  'd4:81:d7',
  'b0:7b:25',
  'e8:4f:25',
];
const APPLE_OUIS = ['a4:83:e7', 'f0:18:98', '3c:22:fb', 'bc:d0:74'];
const WIFI_VENDORS = [
  'MediaTek Wi-Fi 6 MT7921 Wireless LAN Card',
  'Intel(R) Wi-Fi 6 AX201 160MHz',
  'Intel(R) Wi-Fi 6E AX211 160MHz',
  'Qualcomm Atheros QCA61x4A Wireless Network Adapter',
  'Killer(R) Wi-Fi 6 AX1650i 160MHz Wireless Network Adapter (201NGW)',
];
const ETHERNET_VENDORS = [
  'Intel(R) Ethernet Connection I219-LM',
  'Intel(R) Ethernet Connection (7) I219-V',
  'Realtek PCIe GbE Family Controller',
  'Realtek USB GbE Family Controller',
  'Killer E2600 Gigabit Ethernet Controller',
];
const VPN_ADAPTERS: Array<[vendor: string, device: string]> = [
  ['TAP-Windows Adapter V9', 'OpenVPN TAP-Windows6'],
  ['Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64', 'Ethernet 3'],
  ['Fortinet SSL VPN Virtual Ethernet Adapter', 'Ethernet 4'],
];
const WAN_MINIPORTS = ['WAN Miniport (IP)', 'WAN Miniport (IPv6)', 'WAN Miniport (Network Monitor)'];

/** An adapter before notation is applied; which list it sits in is the ground truth the wire never states. */
interface DraftNic {
  mac: string;
  connected: boolean;
  vendor: string;
  device: string;
}

/** What a device's adapters look like on the wire and which of them OPSWAT could know. */
export interface NicPlan {
  nics: SimNic[];
  physicalMacs: string[];
}

/** How to lay out one device's adapters. */
export interface NicRequest {
  kind: SimDeviceKind;
  osFamily: 'Windows' | 'Mac' | 'Linux';
  /** At least this many usable physical adapters (2 for devices OPSWAT knows by their second MAC). */
  minPhysical: number;
  /** The agent reported no adapters at all. */
  empty: boolean;
}

/** Builds a device's NICS list; physicalMacs is ranked: globally unique before randomised, connected first. */
export function generateNics(rng: Rng, macs: MacAllocator, req: NicRequest): NicPlan {
  if (req.empty) return { nics: [], physicalMacs: [] };
  const physical = physicalAdapters(rng, macs, req);
  const virtual = virtualAdapters(rng, macs, req, physical[0]);
  // Windows often lists virtual adapters first; a client must not assume NICS[0] is the real one.
  const all = rng.chance(0.35) ? rng.shuffle([...physical, ...virtual]) : [...physical, ...virtual];
  const notation =
    req.osFamily === 'Windows' ? rng.pick(['lower', 'lower', 'lower', 'lower', 'lower', 'lower', 'upper', 'dash'] as const) : 'lower';
  const nics = all.map(
    (d): SimNic => ({
      MAC: formatMac(d.mac, notation),
      IPS: d.connected ? ips(rng) : [],
      CONNECTED: d.connected,
      TYPE: 'enet',
      VENDOR: d.vendor,
      DEVICE: d.device,
    }),
  );
  const ranked = physical
    .map((d, order) => ({ d, order }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.order - b.order)
    .map(({ d }) => d.mac);
  return { nics, physicalMacs: ranked };
}

function rank(d: DraftNic): number {
  return (isLocallyAdministered(d.mac) ? 2 : 0) + (d.connected ? 0 : 1);
}

function physicalAdapters(rng: Rng, macs: MacAllocator, req: NicRequest): DraftNic[] {
  const os = req.osFamily;
  const out: DraftNic[] = [];
  const add = (vendor: string, device: string, mac: string, connected: boolean): void => {
    out.push({ mac, connected, vendor, device });
  };
  const extra = (p: number): boolean => out.length < req.minPhysical || rng.chance(p);
  switch (req.kind) {
    case 'laptop':
      add(rng.pick(WIFI_VENDORS), 'Wi-Fi', rng.chance(0.15) ? macs.local() : macs.universal(), rng.chance(0.85));
      if (extra(0.45)) add(rng.pick(ETHERNET_VENDORS), 'Ethernet', macs.universal(), rng.chance(0.5));
      break;
    case 'desktop':
      add(rng.pick(ETHERNET_VENDORS), 'Ethernet', macs.universal(), rng.chance(0.9));
      if (extra(0.2)) add(rng.pick(ETHERNET_VENDORS), 'Ethernet 2', macs.universal(), rng.chance(0.3));
      break;
    case 'mac':
      add('Wi-Fi', 'en0', macs.universal(rng.pick(APPLE_OUIS)), rng.chance(0.85));
      if (extra(0.3)) add('USB 10/100/1000 LAN', `en${rng.int(5, 8)}`, macs.universal(), rng.chance(0.5));
      break;
    case 'vm': {
      const linux = os === 'Linux';
      add(
        linux ? 'VMware VMXNET3 Ethernet Controller' : 'vmxnet3 Ethernet Adapter',
        linux ? 'ens160' : 'Ethernet0',
        macs.universal('00:50:56'),
        true,
      );
      if (extra(0.1))
        add(
          linux ? 'VMware VMXNET3 Ethernet Controller' : 'vmxnet3 Ethernet Adapter',
          linux ? 'ens192' : 'Ethernet1',
          macs.universal('00:50:56'),
          rng.chance(0.5),
        );
      break;
    }
    case 'server': {
      const vendor =
        os === 'Linux' ? 'Intel Corporation I350 Gigabit Network Connection' : 'Intel(R) Ethernet Controller X710 for 10GbE SFP+';
      add(vendor, os === 'Linux' ? 'eno1' : 'Ethernet', macs.universal(), true);
      if (extra(0.6)) add(vendor, os === 'Linux' ? 'eno2' : 'Ethernet 2', macs.universal(), rng.chance(0.4));
      break;
    }
  }
  return out;
}

function virtualAdapters(rng: Rng, macs: MacAllocator, req: NicRequest, primary: DraftNic | undefined): DraftNic[] {
  const os = req.osFamily;
  const out: DraftNic[] = [];
  const add = (vendor: string, device: string, mac: string, connected = false): void => {
    out.push({ mac, connected, vendor, device });
  };
  if (os === 'Windows') {
    const laptop = req.kind === 'laptop';
    if (primary && rng.chance(laptop ? 0.7 : 0.2)) {
      // The Bluetooth PAN adapter sits right next to the radio's MAC: globally unique, non-zero, still useless.
      add('Bluetooth Device (Personal Area Network)', 'Bluetooth Network Connection', macs.derived(bump(primary.mac)));
    }
    if (primary && laptop && rng.chance(0.6)) {
      const n = rng.int(1, 2);
      for (let i = 1; i <= n; i++)
        add('Microsoft Wi-Fi Direct Virtual Adapter', `Local Area Connection* ${i}`, macs.derived(setLocalBit(primary.mac, i)));
    }
    if (rng.chance(0.55)) {
      for (const vendor of WAN_MINIPORTS.slice(0, rng.int(1, 3))) add(vendor, '', rng.chance(0.4) ? ZERO_MAC : macs.local());
    }
    if (req.kind !== 'vm' && rng.chance(0.3)) {
      const [vendor, device] = rng.pick(VPN_ADAPTERS);
      add(vendor, device, macs.universal(rng.pick(['00:ff:2a', '00:05:9a', '00:09:0f'])), rng.chance(0.3));
    }
    if (rng.chance(0.15)) add('Hyper-V Virtual Ethernet Adapter', 'vEthernet (Default Switch)', macs.universal('00:15:5d'), true);
    // Every VMware Workstation host reports the same VMnet8 MAC: a duplicate across the fleet.
    if (req.kind !== 'vm' && rng.chance(0.1))
      add('VMware Virtual Ethernet Adapter for VMnet8', 'VMware Network Adapter VMnet8', '00:50:56:c0:00:08', true);
    if (req.kind === 'vm' || req.kind === 'server') {
      if (rng.chance(0.3)) add('Microsoft ISATAP Adapter', 'isatap.corp.example.com', ZERO_MAC);
    }
  } else if (os === 'Mac') {
    if (rng.chance(0.5)) add('Thunderbolt Bridge', 'bridge0', macs.local());
    if (rng.chance(0.4)) add('awdl0', 'awdl0', macs.local(), true);
  } else {
    add('', 'lo', ZERO_MAC, true);
    if (rng.chance(0.4)) add('', 'docker0', macs.prefixed('02:42'), true);
  }
  return out;
}

function bump(mac: string): string {
  const last = (parseInt(mac.slice(15), 16) + 1) & 0xff;
  return `${mac.slice(0, 15)}${last.toString(16).padStart(2, '0')}`;
}

function setLocalBit(mac: string, variant: number): string {
  const first = (parseInt(mac.slice(0, 2), 16) | 0x02) + 4 * (variant - 1);
  return `${(first & 0xff).toString(16).padStart(2, '0')}${mac.slice(2)}`;
}

function formatMac(mac: string, notation: 'lower' | 'upper' | 'dash'): string {
  if (notation === 'lower') return mac;
  const upper = mac.toUpperCase();
  return notation === 'dash' ? upper.replaceAll(':', '-') : upper;
}

function ips(rng: Rng): string[] {
  const v4 = `10.${rng.int(10, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
  return rng.chance(0.6) ? [v4, `fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`] : [v4];
}
