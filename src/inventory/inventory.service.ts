import type { ConsoleClient, InventoryServer } from '../automox/index.js';
import { isoDate, type Logger } from '../common/index.js';
import { describeAdapters } from './adapters.js';
import { DeviceIndex } from './device-index.js';
import type { InventoryDevice } from './inventory.types.js';

/** Options for {@link InventoryService}. */
export interface InventoryServiceOptions {
  console: Pick<ConsoleClient, 'listServers'>;
  /** How long a loaded inventory counts as current. */
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

interface Snapshot {
  index: DeviceIndex<InventoryDevice>;
  loadedAt: number;
}

/** Maps a console server onto an inventory device, ranking its adapters' MACs. */
export function toInventoryDevice(server: InventoryServer): InventoryDevice {
  const { macAddresses, adapters } = describeAdapters(server.nics);
  return {
    id: server.id,
    automoxId: server.id,
    automoxUuid: server.uuid,
    hostname: server.hostname,
    displayName: server.displayName ?? server.customName ?? server.hostname,
    customName: server.customName,
    macAddresses,
    adapters,
    deletedAt: null, // deleted devices never reach the index: /servers omits them
    inInventory: true,
    osFamily: server.osFamily,
    osName: server.osName,
    osVersion: server.osVersion,
    serialNumber: server.serialNumber,
    agentConnected: server.connected,
    lastSeenAt: isoDate(server.lastRefreshTime),
    lastDisconnectAt: isoDate(server.lastDisconnectTime),
    needsReboot: server.needsReboot,
    pendingPatches: server.pendingPatches,
    tags: server.tags,
    serverGroupId: server.serverGroupId,
    automoxPolicies: server.policyStatuses.map((status) => ({ ...status, lastRunAt: isoDate(status.lastRunAt) })),
  };
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
    this.loading ??= this.options.console
      .listServers()
      .then((servers) => {
        const devices = servers.filter((server) => !server.deleted).map(toInventoryDevice);
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
