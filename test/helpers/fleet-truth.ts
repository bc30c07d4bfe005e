/**
 * What the graph's fleet views should say of each device once the sweep has finished, from the
 * simulator's own truth (as test/fleet/views.e2e.test.ts computes it): known by one of its MACs,
 * or else by a hostname OPSWAT lists once (the hostname join); a hostname listed twice is never
 * guessed; no usable MAC and no listed hostname is UNMATCHED, MACs OPSWAT does not know NOT_FOUND.
 */
import { detailsStatus } from '../../src/opswat/index.js';
import { opswatListing, type SimDevice, type SimFleet } from '../../src/simulator/index.js';

/** One device's expected compliance. */
export type DeviceTruth = { state: 'FRESH'; status: string } | { state: 'NOT_FOUND' | 'UNMATCHED' };

/** The expected views of `fleet`: its live devices, and per device its truth and how it is matched. */
export function fleetTruth(fleet: SimFleet) {
  const listing = opswatListing(fleet);
  const norm = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');
  const short = (name: string) => norm(name).split('.')[0]!;

  /** OPSWAT's listed devices under a hostname, by the graph's hostname rules (case, trailing dot, short vs fully qualified). */
  const listedUnder = (hostname: string): SimDevice[] => {
    const name = norm(hostname);
    const exact = listing.filter((listed) => norm(listed.hostname) === name);
    if (exact.length > 0) return exact;
    return name.includes('.')
      ? listing.filter((listed) => norm(listed.hostname) === short(name))
      : listing.filter((listed) => short(listed.hostname) === name);
  };
  /** Whether OPSWAT knows the device by one of its usable MACs. */
  const knownByMac = (device: SimDevice): boolean =>
    device.physicalMacs.length > 0 &&
    device.opswat.detailsStatus !== null &&
    device.opswat.knownMacs.some((mac) => device.physicalMacs.includes(mac));
  const truthOf = (device: SimDevice): DeviceTruth => {
    if (knownByMac(device)) return { state: 'FRESH', status: detailsStatus(device.opswat.detailsStatus!) };
    const listed = listedUnder(device.hostname);
    if (listed.length === 1) return { state: 'FRESH', status: detailsStatus(listed[0]!.opswat.detailsStatus!) };
    return device.physicalMacs.length === 0 || listed.length > 1 ? { state: 'UNMATCHED' } : { state: 'NOT_FOUND' };
  };
  const live = fleet.devices.filter((device) => device.deletedAt === null);
  return { live, truthOf, knownByMac, listedUnder };
}
