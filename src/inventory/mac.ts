// MAC addresses arrive from Automox in whatever notation the agent's OS printed, and OPSWAT is
// queried by MAC, so every comparison goes through one canonical form: `aa:bb:cc:dd:ee:ff`.

/** Six two-digit groups joined by one separator used consistently (the backreference rejects `aa:bb-cc…`). */
const GROUPED = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/;
/** Cisco's dotted notation: three groups of four digits. */
const DOTTED = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/;
/** Twelve digits with no separator. */
const BARE = /^[0-9a-f]{12}$/;
/** What agents report for adapters that have no hardware address (tunnels, some loopbacks). */
const ZERO_MAC = '00:00:00:00:00:00';

/** Parses any common 48-bit MAC notation into lower-case `aa:bb:cc:dd:ee:ff`, or null when it is not one. */
export function normalizeMac(input: string): string | null {
  // Lower-casing first lets the patterns stay lower-case only; trim because agents pad columns.
  const text = input.trim().toLowerCase();
  if (!GROUPED.test(text) && !DOTTED.test(text) && !BARE.test(text)) return null;
  // Strip whichever separator was used, then put a colon after every pair but the last.
  return text.replace(/[:.-]/g, '').replace(/(..)(?!$)/g, '$1:');
}

/** First octet of a normalized MAC. */
function firstOctet(normalized: string): number {
  return Number.parseInt(normalized.slice(0, 2), 16);
}

/** True when a MAC can identify one device: not all-zero, not broadcast, not multicast. */
export function isUsableMac(mac: string): boolean {
  // Accepting any notation (not only normalized input) costs one regex and removes a trap for callers.
  const normalized = normalizeMac(mac);
  if (normalized === null || normalized === ZERO_MAC) return false;
  // The I/G bit: set on multicast group addresses, and on broadcast (ff:ff:…), which is the all-ones group.
  return (firstOctet(normalized) & 0x01) === 0;
}

/** True when the U/L bit is set: the MAC was assigned by software (randomised Wi-Fi, VMs, VPNs), not burned in. */
export function isLocallyAdministered(mac: string): boolean {
  const normalized = normalizeMac(mac);
  return normalized !== null && (firstOctet(normalized) & 0x02) !== 0;
}
