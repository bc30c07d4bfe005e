import type { Got } from 'got';
import { z } from 'zod';
import { rawQuery, UpstreamError } from '../common/index.js';
import { getAutomoxJson } from './automox.http.js';
import type { AutomoxOrg, InventoryNic, InventoryServer, ServerPolicyState, ServerPolicyStatus } from './automox.types.js';
import { wireOrg, wireServer, type WirePolicyStatus, type WireServer } from './automox.wire.js';

/** The console API's largest page for `/servers` and `/orgs`. */
export const CONSOLE_PAGE_LIMIT = 500;

/** Options for {@link ConsoleClient}. */
export interface ConsoleClientOptions {
  http: Got;
  /** The integer org id (`o=`); looked up from the org UUID via `GET /orgs` when not configured. */
  orgId: number | null;
  orgUuid: string;
}

/**
 * Automox's Console API: organizations and the device inventory ("servers"), whose adapters
 * carry the MAC addresses the compliance join needs.
 */
export class ConsoleClient {
  private readonly http: Got;
  private readonly orgUuid: string;
  private orgId: Promise<number> | null;

  constructor({ http, orgId, orgUuid }: ConsoleClientOptions) {
    this.http = http;
    this.orgUuid = orgUuid;
    this.orgId = orgId === null ? null : Promise.resolve(orgId);
  }

  /** Every organization the key can see (bare arrays, paged until a short page). */
  async listOrgs(): Promise<AutomoxOrg[]> {
    const orgs: AutomoxOrg[] = [];
    for (let page = 0; ; page += 1) {
      const batch = await getAutomoxJson(
        this.http,
        'console listOrgs',
        `orgs?${rawQuery([
          ['page', page],
          ['limit', CONSOLE_PAGE_LIMIT],
        ])}`,
        z.array(wireOrg),
      );
      orgs.push(...batch.map((org) => ({ id: org.id, uuid: org.uuid?.toLowerCase() ?? null, name: org.name ?? null })));
      if (batch.length < CONSOLE_PAGE_LIMIT) return orgs;
    }
  }

  /** The integer org id for the configured org UUID, looked up once and remembered. */
  resolveOrgId(): Promise<number> {
    this.orgId ??= this.listOrgs().then((orgs) => {
      const org = orgs.find((candidate) => candidate.uuid === this.orgUuid.toLowerCase());
      if (!org) {
        throw new UpstreamError(
          'UPSTREAM_UNAUTHORIZED',
          'automox',
          `Automox org ${this.orgUuid} is not visible to this API key (set AUTOMOX_ORG_ID or check AUTOMOX_ORG_UUID)`,
          { operation: 'resolveOrgId' },
        );
      }
      return org.id;
    });
    // A failed lookup must not be remembered: the next request tries again.
    this.orgId.catch(() => {
      this.orgId = null;
    });
    return this.orgId;
  }

  /**
   * The whole inventory with details (`include_details=1`, else `detail` is empty), paged by 500
   * until a page comes back short: the console API returns bare arrays without metadata.
   */
  async listServers(): Promise<InventoryServer[]> {
    return this.mapServers((server) => server);
  }

  /**
   * Every server, each passed through `map` as its page arrives (null drops it): a 100,000-device
   * inventory is never held whole in its wire shape, only in what `map` keeps of it.
   */
  async mapServers<T>(map: (server: InventoryServer) => T | null): Promise<T[]> {
    const orgId = await this.resolveOrgId();
    const kept: T[] = [];
    for (let page = 0; ; page += 1) {
      const query = rawQuery([
        ['o', orgId],
        ['include_details', 1],
        ['limit', CONSOLE_PAGE_LIMIT],
        ['page', page],
      ]);
      const batch = await getAutomoxJson(this.http, 'console listServers', `servers?${query}`, z.array(wireServer));
      for (const wire of batch) {
        const mapped = map(toInventoryServer(wire));
        if (mapped !== null) kept.push(mapped);
      }
      if (batch.length < CONSOLE_PAGE_LIMIT) return kept;
    }
  }
}

/** Maps a wire server; details arrive as `detail` or `details` depending on the endpoint's mood. */
export function toInventoryServer(wire: WireServer): InventoryServer {
  const detail = wire.detail?.NICS ? wire.detail : (wire.details ?? wire.detail);
  const nics: InventoryNic[] = (detail?.NICS ?? []).flatMap((nic) =>
    nic
      ? [
          {
            mac: nic.MAC ?? null,
            connected: nic.CONNECTED ?? null,
            vendor: nic.VENDOR ?? null,
            device: nic.DEVICE ?? null,
            type: nic.TYPE ?? null,
            ips: nic.IPS ?? [],
          },
        ]
      : [],
  );
  return {
    id: wire.id,
    uuid: wire.uuid ?? null,
    hostname: wire.name ?? '',
    displayName: wire.display_name || null,
    customName: wire.custom_name || null,
    organizationId: wire.organization_id ?? null,
    deleted: wire.deleted ?? false,
    connected: wire.connected ?? null,
    lastRefreshTime: wire.last_refresh_time ?? wire.last_update_time ?? null,
    lastDisconnectTime: wire.last_disconnect_time || null,
    osFamily: wire.os_family || null,
    osName: wire.os_name || null,
    osVersion: wire.os_version || null,
    serialNumber: wire.serial_number || null,
    needsReboot: wire.needs_reboot ?? null,
    pendingPatches: wire.pending_patches ?? null,
    serverGroupId: wire.server_group_id ?? null,
    tags: (wire.tags ?? []).filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== ''),
    policyStatuses: (wire.policy_status ?? []).flatMap((entry) => (entry ? toPolicyStatus(entry) : [])),
    nics,
  };
}

// The schema's description of `status`: 0 STATUS_NEEDS_REMEDIATION, 1 STATUS_UP_TO_DATE, 2 STATUS_PENDING.
const POLICY_STATES: Record<number, ServerPolicyState> = { 0: 'NEEDS_REMEDIATION', 1: 'UP_TO_DATE', 2: 'PENDING' };

/** One `policy_status` entry; one without a policy id names nothing and is dropped. */
function toPolicyStatus(wire: WirePolicyStatus): ServerPolicyStatus[] {
  if (wire.policy_id === null || wire.policy_id === undefined) return [];
  const state = (wire.status !== null && wire.status !== undefined ? POLICY_STATES[wire.status] : undefined) ?? 'UNKNOWN';
  return [
    {
      policyId: wire.policy_id,
      policyName: wire.policy_name || null,
      policyType: wire.policy_type_name || null,
      state,
      compliant: state === 'UP_TO_DATE',
      lastRunAt: wire.create_time || null,
    },
  ];
}
