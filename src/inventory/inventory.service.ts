import type { ConsoleClient, InventoryServer } from '../automox/index.js';
import { isoDate, type Logger } from '../common/index.js';
import { describeAdapters } from './adapters.js';
import { DeviceIndex } from './device-index.js';
import type { InventoryDevice } from './inventory.types.js';

/** Options for {@link InventoryService}. */
export interface InventoryServiceOptions {
  console: Pick<ConsoleClient, 'mapServers'>;
  /** How long a loaded inventory counts as current. */
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

interface Snapshot {
  index: DeviceIndex<InventoryDevice>;
  loadedAt: number;
}

/**
 * Maps a console server onto an inventory device, ranking its adapters' MACs. With `shared` (one
 * per load), values many devices repeat (OS names, policy standings, tag sets, adapter names,
 * times) are kept once for the whole inventory instead of once per device.
 */
export function toInventoryDevice(server: InventoryServer, shared: Interner = new Interner()): InventoryDevice {
  const { macAddresses, adapters } = describeAdapters(server.nics);
  const str = shared.string;
  return {
    id: server.id,
    automoxId: server.id,
    automoxUuid: server.uuid,
    hostname: server.hostname,
    displayName: server.displayName ?? server.customName ?? server.hostname,
    customName: server.customName,
    macAddresses,
    adapters: adapters.map((adapter) =>
      shared.value(`${adapter.mac}|${adapter.name}|${adapter.skipped}`, () => ({ ...adapter, name: str(adapter.name) })),
    ),
    deletedAt: null, // deleted devices never reach the index: /servers omits them
    inInventory: true,
    osFamily: str(server.osFamily),
    osName: str(server.osName),
    osVersion: str(server.osVersion),
    serialNumber: server.serialNumber,
    agentConnected: server.connected,
    lastSeenAt: str(isoDate(server.lastRefreshTime)),
    lastDisconnectAt: str(isoDate(server.lastDisconnectTime)),
    needsReboot: server.needsReboot,
    pendingPatches: server.pendingPatches,
    tags: shared.value(server.tags.join('\u0000'), () => server.tags.map((tag) => str(tag)!)),
    serverGroupId: server.serverGroupId,
    automoxPolicies: server.policyStatuses.map((status) => {
      const lastRunAt = isoDate(status.lastRunAt);
      const key = `${status.policyId}|${status.policyName}|${status.policyType}|${status.state}|${lastRunAt}`;
      return shared.value(key, () => ({
        ...status,
        policyName: str(status.policyName),
        policyType: str(status.policyType),
        lastRunAt: str(lastRunAt),
      }));
    }),
  };
}

/**
 * One copy of each repeated value of an inventory load. Values are read-only once shared: nothing
 * downstream writes to a device's policy standings, tags or adapters. Dropped with the load, so
 * what it holds never outlives the inventory it built.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, unknown>();

  /** The one copy of `value` (null stays null). */
  readonly string = (value: string | null): string | null => {
    if (value === null) return null;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  };

  /** The one object of this `key`, made by `make` the first time. */
  value<T>(key: string, make: () => T): T {
    const known = this.values.get(key) as T | undefined;
    if (known !== undefined) return known;
    const made = make();
    this.values.set(key, made);
    return made;
  }
}

/**
 * The Automox inventory, loaded whole (⌈fleet/500⌉ `/servers` calls) and indexed by id, hostname
 * and MAC. Refreshed as a whole when older than the TTL: callers keep getting the previous index
 * while one background refresh runs, so a warm graph never waits on Automox's slowest endpoint,
 * and a failed refresh keeps serving the last good inventory.
 */
export class InventoryService {
  private readonly options: InventoryServiceOptions;
  private readonly now: () => number;
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;

  constructor(options: InventoryServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** The current index; waits only when nothing has been loaded yet. */
  async index(): Promise<DeviceIndex<InventoryDevice>> {
    const current = this.snapshot;
    if (current && this.now() - current.loadedAt < this.options.ttlMs) return current.index;
    const refresh = this.refresh();
    if (current) {
      refresh.catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'inventory refresh failed; serving the previous inventory'),
      );
      return current.index;
    }
    return (await refresh).index;
  }

  /**
   * A caller met a device id the inventory does not list (enrolled since the last load): reload
   * in the background, at most once a minute, so a burst of such rows costs one refresh.
   */
  requestRefresh(minAgeMs = 60_000): void {
    if (this.loading || !this.snapshot || this.now() - this.snapshot.loadedAt < minAgeMs) return;
    this.refresh().catch((error: unknown) => this.options.logger.warn({ err: error }, 'inventory refresh failed'));
  }

  private refresh(): Promise<Snapshot> {
    const shared = new Interner();
    this.loading ??= this.options.console
      .mapServers((server) => (server.deleted ? null : toInventoryDevice(server, shared)))
      .then((devices) => {
        this.snapshot = { index: new DeviceIndex(devices), loadedAt: this.now() };
        this.options.logger.info({ devices: devices.length }, 'inventory loaded');
        return this.snapshot;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
