// Answers `device(hostname:)`, `device(macAddress:)` and federation `_entities` lookups from one
// inventory snapshot. Every key's winner is chosen once, in the constructor, so a lookup is one Map
// read however many devices share the key.

import { normalizeHostname, shortHostname } from './hostname.js';
import { normalizeMac } from './mac.js';

/** The fields of an inventory device the index needs; callers keep their own richer type `T`. */
export interface IndexableDevice {
  id: number;
  hostname: string;
  /** Normalized and ranked (see `rankMacAddresses`); other notations are normalized again here. */
  macAddresses: readonly string[];
  /** Set when Automox has deleted the device; such devices only win a key no live device holds. */
  deletedAt?: string | null;
  /** ISO 8601; missing or unparseable counts as older than any real date. */
  lastSeenAt?: string | null;
}

/** True when `a` should answer a lookup rather than `b`: live first, then latest seen, then lowest id. */
function outranks(a: IndexableDevice, b: IndexableDevice): boolean {
  const aLive = !a.deletedAt;
  const bLive = !b.deletedAt;
  if (aLive !== bLive) return aLive;
  const aSeen = seenAt(a);
  const bSeen = seenAt(b);
  if (aSeen !== bSeen) return aSeen > bSeen;
  return a.id < b.id;
}

/** `lastSeenAt` as epoch milliseconds; a device never (or unreadably) seen sorts last. */
function seenAt(device: IndexableDevice): number {
  const ms = device.lastSeenAt ? Date.parse(device.lastSeenAt) : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Records `device` under `key` unless a device that outranks it already holds the key. */
function offer<K, T extends IndexableDevice>(map: Map<K, T>, key: K, device: T): void {
  const holder = map.get(key);
  if (holder === undefined || outranks(device, holder)) map.set(key, device);
}

/**
 * An immutable lookup index over inventory devices by id, hostname and MAC address.
 *
 * Hostnames compare case-insensitively and without a trailing dot. An exact match always wins over a
 * short-name match: a short query (`ws-0117`) matches a device named exactly that, else any device
 * whose first label is `ws-0117`; an FQDN query matches that FQDN, else a device recorded under the
 * short name equal to its first label. MACs are accepted in any notation.
 *
 * When several devices qualify for the same key at the same level, the answer is deterministic:
 * a device not deleted beats a deleted one, then the most recent `lastSeenAt` wins, then the lowest
 * `id` (so a re-enrolled machine resolves to its live record, whichever order Automox listed them in).
 */
export class DeviceIndex<T extends IndexableDevice> {
  readonly #byId = new Map<number, T>();
  /** Normalized full hostname → winner. Short hostnames are their own full hostname. */
  readonly #byHostname = new Map<string, T>();
  /** First label → winner among every device whose hostname starts with it. */
  readonly #byFirstLabel = new Map<string, T>();
  readonly #byMac = new Map<string, T>();

  /** Builds every map in one pass over `devices`. */
  constructor(devices: readonly T[]) {
    for (const device of devices) {
      // A duplicated id (pages overlapping while the inventory changes) resolves by the same rule.
      offer(this.#byId, device.id, device);
      const hostname = normalizeHostname(device.hostname);
      if (hostname !== '') {
        offer(this.#byHostname, hostname, device);
        offer(this.#byFirstLabel, shortHostname(hostname), device);
      }
      for (const mac of device.macAddresses) {
        const normalized = normalizeMac(mac);
        if (normalized !== null) offer(this.#byMac, normalized, device);
      }
    }
  }

  /** The device with this Automox id. */
  byId(id: number): T | undefined {
    return this.#byId.get(id);
  }

  /** The device best matching a short or fully qualified hostname, by the rules in the class comment. */
  byHostname(hostname: string): T | undefined {
    const query = normalizeHostname(hostname);
    if (query === '') return undefined;
    const exact = this.#byHostname.get(query);
    if (exact !== undefined) return exact;
    // Keys of #byHostname without a dot come only from short hostnames, which is the FQDN fallback wanted.
    return query.includes('.') ? this.#byHostname.get(shortHostname(query)) : this.#byFirstLabel.get(query);
  }

  /** The device holding this MAC, given in any notation; undefined when the text is not a MAC. */
  byMac(mac: string): T | undefined {
    const normalized = normalizeMac(mac);
    return normalized === null ? undefined : this.#byMac.get(normalized);
  }

  /** Every indexed device, one per id. */
  all(): IterableIterator<T> {
    return this.#byId.values();
  }

  /** How many distinct device ids are indexed. */
  get size(): number {
    return this.#byId.size;
  }
}
