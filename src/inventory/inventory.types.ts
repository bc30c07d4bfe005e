/** A device as the graph presents it: the parent object of `Device`. */
export interface DeviceRecord {
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
  lastSeenAt: string | null;
}
