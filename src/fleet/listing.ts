import type { Logger } from '../common/index.js';
import type { Clock, DeviceRef } from '../compliance/index.js';
import { normalizeHostname, shortHostname } from '../inventory/index.js';
import type { ListDevicesRequest, OpswatDevicePage, OpswatListedDevice } from '../opswat/index.js';
import type { FleetEntry, FleetIndex } from './fleet-index.js';

/** What the listing needs of the compliance service: a budget slot per page, and a way to tie a device to OPSWAT's id. */
export interface ListingCompliance {
  spend<T extends { rateLimit: OpswatDevicePage['rateLimit'] }>(label: string, run: () => Promise<T>): Promise<T>;
  rememberMatch(device: DeviceRef, opswatDeviceId: string): Promise<void>;
  forgetMatch(device: DeviceRef): Promise<void>;
}

/** Options of {@link FleetListing}. */
export interface FleetListingOptions {
  index: FleetIndex;
  compliance: ListingCompliance;
  /** The OPSWAT client's Get Devices v3.7. */
  source: { listDevices(request: ListDevicesRequest): Promise<OpswatDevicePage> };
  clock: Clock;
  logger: Logger;
  /** How often the listing is read again while devices need it (the sweep's cadence). */
  refreshMs: number;
  /** Pages one listing reads at most (default 2,000: 100,000 devices). */
  maxPages?: number;
}

/** What one listing did. */
export interface ListingResult {
  pages: number;
  listed: number;
  /** Devices matched by hostname, newly or again. */
  matched: number;
  /** Devices whose hostname OPSWAT lists more than once: left UNMATCHED, never guessed. */
  ambiguous: number;
  /** Devices whose hostname OPSWAT does not list. */
  unlisted: number;
}

/**
 * Devices the MACs cannot match (none usable, or none OPSWAT knows) are matched by hostname
 * against OPSWAT's own listing (Get Devices v3.7, 50 a page, each page a budget call through the
 * one scheduler), with the inventory's hostname rules: case, a trailing dot, a short name against
 * a fully qualified one. One OPSWAT device for the name: the device is tied to its id, and its
 * report comes by that id through Device Details. Two or more: never guessed, UNMATCHED with that
 * reason. The listing runs only when such devices exist and the MAC sweep has been through every
 * eligible device, and again on the sweep's cadence.
 */
export class FleetListing {
  private readonly options: FleetListingOptions;
  private listedAt = Number.NEGATIVE_INFINITY;
  private running: Promise<ListingResult | undefined> | undefined;

  constructor(options: FleetListingOptions) {
    this.options = options;
  }

  /** The devices only a hostname can match now: live, and without a usable MAC or with every MAC unknown to OPSWAT. */
  candidates(): FleetEntry[] {
    return [...this.options.index.all()].filter(
      (entry) =>
        entry.device.deletedAt === null &&
        normalizeHostname(entry.device.hostname) !== '' &&
        (entry.device.macAddresses.length === 0 || entry.outcome?.state === 'NOT_FOUND' || entry.match?.kind === 'HOSTNAME'),
    );
  }

  /** Lists and matches when devices need it and the listing is older than the cadence; never rejects. */
  runIfDue(): Promise<ListingResult | undefined> {
    if (this.running) return this.running;
    if (this.options.clock.now() - this.listedAt < this.options.refreshMs) return Promise.resolve(undefined);
    if (this.candidates().length === 0) return Promise.resolve(undefined);
    this.running = this.run()
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'fleet listing: Get Devices failed; trying again on the next cadence');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async run(): Promise<ListingResult> {
    const { compliance, source, clock, logger } = this.options;
    this.listedAt = clock.now();
    const listed: OpswatListedDevice[] = [];
    let pages = 0;
    for (let token: string | null = null; pages < (this.options.maxPages ?? 2_000); ) {
      const request: ListDevicesRequest = { token, limit: 50 };
      const page = await compliance.spend('get devices', () => source.listDevices(request));
      pages += 1;
      listed.push(...page.devices);
      token = page.nextToken;
      if (token === null) break;
    }
    const result = await this.match(listed);
    logger.info({ ...result, pages }, 'fleet listing: devices without a usable MAC matched by hostname');
    return { ...result, pages };
  }

  private async match(listed: readonly OpswatListedDevice[]): Promise<Omit<ListingResult, 'pages'>> {
    const { index, compliance } = this.options;
    const byName = new Map<string, OpswatListedDevice[]>();
    const byShort = new Map<string, OpswatListedDevice[]>();
    for (const device of listed) {
      const name = normalizeHostname(device.hostName ?? '');
      if (name === '') continue;
      push(byName, name, device);
      push(byShort, shortHostname(name), device);
    }
    const result = { listed: listed.length, matched: 0, ambiguous: 0, unlisted: 0 };
    for (const entry of this.candidates()) {
      const found = lookUp(entry.device.hostname, byName, byShort);
      const ids = [...new Set(found.map((device) => device.deviceId.toLowerCase()))];
      if (ids.length === 1) {
        await compliance.rememberMatch(entry.device, ids[0]!);
        index.setMatch(entry.device.id, { kind: 'HOSTNAME', value: found[0]!.hostName ?? entry.device.hostname, opswatDeviceId: ids[0]! });
        result.matched += 1;
        continue;
      }
      if (entry.match?.kind === 'HOSTNAME') await compliance.forgetMatch(entry.device);
      if (ids.length > 1) {
        index.setMatch(entry.device.id, { kind: 'UNMATCHED', reason: 'AMBIGUOUS_HOSTNAME', opswatDeviceIds: ids });
        result.ambiguous += 1;
      } else {
        index.setMatch(entry.device.id, {
          kind: 'UNMATCHED',
          reason: entry.device.macAddresses.length === 0 ? 'NO_USABLE_MAC' : 'UNKNOWN_TO_OPSWAT',
          opswatDeviceIds: [],
        });
        result.unlisted += 1;
      }
    }
    return result;
  }
}

/** OPSWAT's devices for an inventory hostname: the same name, else a short name against a fully qualified one. */
function lookUp(
  hostname: string,
  byName: ReadonlyMap<string, OpswatListedDevice[]>,
  byShort: ReadonlyMap<string, OpswatListedDevice[]>,
): OpswatListedDevice[] {
  const name = normalizeHostname(hostname);
  const exact = byName.get(name);
  if (exact) return exact;
  // A fully qualified inventory name matches a short listed one; a short one matches any listed FQDN it begins.
  return name.includes('.') ? (byName.get(shortHostname(name)) ?? []) : (byShort.get(name) ?? []);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
