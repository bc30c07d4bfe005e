// Automox lists every adapter the OS knows (detail.NICS[]), including virtual ones that share no
// identity with the machine. OPSWAT is asked by MAC within a tight call budget, so the list has to be
// cut down to the MACs that can really identify this device, best first.

import { isLocallyAdministered, isUsableMac, normalizeMac } from './mac.js';

/** One network adapter as the Automox client maps it from `detail.NICS[]` (`MAC`, `CONNECTED`, `VENDOR`, …). */
export interface NicLike {
  mac?: string | null;
  connected?: boolean | null;
  vendor?: string | null;
  device?: string | null;
  type?: string | null;
  ips?: readonly string[] | null;
}

// Decided by name, NOT by vendor OUI. Inside a virtual machine the guest's own NIC carries a
// hypervisor OUI (VMware 00:50:56 / 00:0c:29, VirtualBox 08:00:27, Hyper-V 00:15:5d, …) and is that
// device's real, only adapter: dropping hypervisor OUIs would leave every VM unmatched. What marks an
// adapter as virtual is the host-side or software role its name states (vEthernet, VMnet, Host-Only,
// TAP, …), so a guest's "vmxnet3 Ethernet Adapter" or "Microsoft Hyper-V Network Adapter" is kept.
/** Name patterns of adapters that do not identify the machine, matched against VENDOR and DEVICE separately. */
const VIRTUAL_ADAPTER_NAMES: readonly RegExp[] = [
  // Personal-area and point-to-point links.
  /bluetooth/i,
  /wan miniport/i,
  /wi-?fi direct/i,
  /^(?:awdl|llw)\d*$/i, // macOS Apple Wireless Direct Link, its Wi-Fi Direct
  // VPN clients and tunnel devices: their MAC is invented by the client, often the same on every install.
  /tap-windows/i,
  /openvpn/i,
  /wireguard|wintun/i,
  /anyconnect/i,
  /globalprotect|pangp/i,
  /fortinet|fortissl/i,
  /virtual private/i,
  /\bvpn\b/i,
  /^(?:utun|tun|tap)\d*$/i,
  // A hypervisor's adapters on its host (the guest's own NIC is matched by none of these).
  /hyper-v virtual ethernet/i,
  /\bvethernet\b/i,
  /vmware virtual ethernet adapter/i,
  /\bvmnet\d*\b/i,
  /virtualbox host-only/i,
  // Software bridges: macOS's Thunderbolt Bridge (bridge0) and Linux bridges take a made-up MAC.
  /thunderbolt bridge/i,
  /^bridge\d+$/i,
  // Container and libvirt bridges on Linux hosts.
  /^docker\d*$/i,
  /^br-[0-9a-f]+$/i,
  /^veth[0-9a-z]*$/i,
  /^virbr\d*(?:-nic)?$/i,
  // Loopback (including Npcap's and Microsoft's KM-TEST loopback adapters).
  /loopback/i,
  /^lo\d*$/i,
  // IPv6 transition pseudo-interfaces.
  /teredo|isatap|6to4/i,
  // Windows kernel debugging over the network borrows a NIC under this name.
  /kernel debug/i,
];

/** True when the adapter's VENDOR or DEVICE names a virtual, tunnel, loopback or hypervisor-host adapter. */
export function isVirtualAdapter(nic: NicLike): boolean {
  const names = [nic.vendor, nic.device].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  return names.some((name) => VIRTUAL_ADAPTER_NAMES.some((pattern) => pattern.test(name.trim())));
}

/** Why an adapter's MAC is never asked of OPSWAT. */
export type AdapterSkip =
  /** A virtual, tunnel, loopback or hypervisor-host adapter (`isVirtualAdapter`). */
  | 'VIRTUAL'
  /** No MAC, one that does not parse, or an all-zero, broadcast or multicast one. */
  | 'UNUSABLE'
  /** The same MAC as an adapter ranked before it: asked once, under that adapter. */
  | 'DUPLICATE';

/**
 * One adapter as the match explanation shows it: its MAC (normalized when it parses, else as
 * listed, cut to 64 characters), its name, and why it is skipped, or null for a MAC that is asked.
 */
export interface AdapterFact {
  mac: string | null;
  name: string | null;
  skipped: AdapterSkip | null;
}

/** What the inventory keeps of a device's adapters: the MACs to ask, best first, and every adapter explained. */
export interface DescribedAdapters {
  /** See {@link rankMacAddresses}. */
  macAddresses: string[];
  /** The asked adapters in the order their MACs are asked, then the skipped ones in Automox's order. */
  adapters: AdapterFact[];
}

/** A candidate MAC with the facts the ranking compares. */
interface RankedMac {
  mac: string;
  connected: boolean;
  universal: boolean;
  hasIps: boolean;
  position: number;
  name: string | null;
}

/** Orders candidates by the rules documented on `rankMacAddresses`; ties keep the original order. */
function compareRanked(a: RankedMac, b: RankedMac): number {
  return (
    Number(b.universal) - Number(a.universal) ||
    Number(b.connected) - Number(a.connected) ||
    Number(b.hasIps) - Number(a.hasIps) ||
    a.position - b.position
  );
}

/**
 * The device's usable MACs, normalized, best first — the order OPSWAT will be asked in.
 *
 * Dropped: MACs that do not parse, all-zero, broadcast and multicast MACs, and virtual adapters
 * (`isVirtualAdapter`). A MAC listed twice appears once, at its best position. Order:
 * 1. universally administered (burned-in) before locally administered (randomised, software-set):
 *    a randomised MAC changes from network to network, so it is the identifier OPSWAT is least
 *    likely to hold, and every wrong first guess spends one of the account's 10 calls a minute;
 * 2. connected (`CONNECTED: true`) before disconnected or unknown;
 * 3. adapters with at least one IP before those without;
 * 4. otherwise the order Automox listed them in.
 */
export function rankMacAddresses(nics: readonly NicLike[] | null | undefined): string[] {
  return describeAdapters(nics).macAddresses;
}

/**
 * The ranking of {@link rankMacAddresses}, with every adapter accounted for: which are asked and
 * in what order, and why each other one is not. The fleet index's match explanation reads it.
 */
export function describeAdapters(nics: readonly NicLike[] | null | undefined): DescribedAdapters {
  const candidates: RankedMac[] = [];
  const skipped: Array<AdapterFact & { position: number }> = [];
  (nics ?? []).forEach((nic, position) => {
    const name = adapterName(nic);
    const mac = typeof nic.mac === 'string' ? normalizeMac(nic.mac) : null;
    if (mac === null || !isUsableMac(mac)) {
      const listed = typeof nic.mac === 'string' && nic.mac.trim() !== '' ? (mac ?? nic.mac.trim().slice(0, 64)) : null;
      skipped.push({ mac: listed, name, skipped: 'UNUSABLE', position });
    } else if (isVirtualAdapter(nic)) {
      skipped.push({ mac, name, skipped: 'VIRTUAL', position });
    } else {
      candidates.push({
        mac,
        connected: nic.connected === true,
        universal: !isLocallyAdministered(mac),
        hasIps: (nic.ips ?? []).some((ip) => typeof ip === 'string' && ip.trim() !== ''),
        position,
        name,
      });
    }
  });
  // Sorting before de-duplicating makes the first occurrence of each MAC its best one.
  const asked: AdapterFact[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates.sort(compareRanked)) {
    if (seen.has(candidate.mac)) {
      skipped.push({ mac: candidate.mac, name: candidate.name, skipped: 'DUPLICATE', position: candidate.position });
      continue;
    }
    seen.add(candidate.mac);
    asked.push({ mac: candidate.mac, name: candidate.name, skipped: null });
  }
  skipped.sort((a, b) => a.position - b.position);
  return {
    macAddresses: [...seen],
    adapters: [...asked, ...skipped.map(({ position: _position, ...fact }) => fact)],
  };
}

/** An adapter's name as Automox lists it: DEVICE (the model or interface), else VENDOR. */
function adapterName(nic: NicLike): string | null {
  for (const name of [nic.device, nic.vendor]) {
    if (typeof name === 'string' && name.trim() !== '') return name.trim().slice(0, 128);
  }
  return null;
}
