import type { ServerPolicyStatus } from '../automox/index.js';
import type { AdapterFact } from './adapters.js';

/**
 * What the inventory's `/servers?include_details=1` already says about a device, kept at no
 * extra call. Every field is null (lists empty) for a device the inventory does not list.
 */
export interface AutomoxFacts {
  osFamily: string | null;
  osName: string | null;
  osVersion: string | null;
  serialNumber: string | null;
  /** Whether the Automox agent is connected (`connected`). */
  agentConnected: boolean | null;
  /** When the agent last refreshed (ISO 8601). */
  lastSeenAt: string | null;
  /** When the agent last disconnected (ISO 8601). */
  lastDisconnectAt: string | null;
  needsReboot: boolean | null;
  pendingPatches: number | null;
  tags: string[];
  serverGroupId: number | null;
  /** The device's standing in each Automox policy that targets it (`policy_status`). */
  automoxPolicies: ServerPolicyStatus[];
}

/** The facts of a device the inventory does not list. */
export const NO_AUTOMOX_FACTS: Readonly<AutomoxFacts> = Object.freeze({
  osFamily: null,
  osName: null,
  osVersion: null,
  serialNumber: null,
  agentConnected: null,
  lastSeenAt: null,
  lastDisconnectAt: null,
  needsReboot: null,
  pendingPatches: null,
  tags: [],
  serverGroupId: null,
  automoxPolicies: [],
});

/** A device as the graph presents it: the parent object of `Device`. */
export interface DeviceRecord extends AutomoxFacts {
  /**
   * The `Device.id`: the Automox device id when there is one (an inventory device, a policy
   * result's device), else `hostname:` and the normalized hostname (a device known only by name).
   */
  id: number | string;
  hostname: string;
  displayName: string | null;
  customName: string | null;
  automoxId: number | null;
  automoxUuid: string | null;
  /** Normalized and ranked, best first: the order OPSWAT is asked in. */
  macAddresses: string[];
  deletedAt: string | null;
  /** Whether the Automox inventory lists the device (false for a stub built from a hostname or a result row). */
  inInventory: boolean;
}

/** A device of the Automox inventory, indexable by id, hostname and MAC. */
export interface InventoryDevice extends DeviceRecord {
  id: number;
  automoxId: number;
  inInventory: true;
  /** Every adapter Automox lists, asked or skipped and why (the match explanation's source). */
  adapters: readonly AdapterFact[];
}
