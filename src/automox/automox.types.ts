/** Domain types the Automox clients return: camel-cased, one spelling per field, nulls explicit. */

/** A page of a policy-history collection. */
export interface Page<T> {
  page: number;
  limit: number;
  totalPages: number;
  totalCount: number;
  items: T[];
}

/** One execution of a policy across its devices. */
export interface PolicyRunSummary {
  policyUuid: string;
  policyId: number | null;
  policyName: string | null;
  policyType: string | null;
  policyDeletedAt: string | null;
  execToken: string;
  runTime: string | null;
  deviceCount: number | null;
  success: number | null;
  failed: number | null;
  pending: number | null;
  notIncluded: number | null;
  remediationNotApplicable: number | null;
}

/** What one device did in one policy run. */
export interface PolicyRunResultRow {
  deviceId: number | null;
  deviceUuid: string | null;
  hostname: string | null;
  customName: string | null;
  displayName: string | null;
  /** Lower-case as Automox sends it; unknown values are kept, not rejected. */
  resultStatus: string;
  resultReason: string | null;
  runTime: string | null;
  eventTime: string | null;
  patches: string[];
  stdout: string | null;
  stderr: string | null;
  exitCode: number | null;
  deviceDeletedAt: string | null;
  policyUuid: string | null;
  policyId: number | null;
  policyName: string | null;
  policyType: string | null;
}

/** Sortable columns of a run's results, with Automox's own names. */
export type RunResultSortField = 'run_time' | 'device_display_name' | 'result_status';

/** One key of a (possibly multi-key) sort. */
export interface RunResultSort {
  field: RunResultSortField;
  direction: 'asc' | 'desc';
}

/** Filters, sorts and paging for a run's results, as Automox understands them. */
export interface RunResultsQuery {
  /** One status is sent as `result_status:equals=`, several as repeated `result_status:in[]=`. */
  resultStatus?: readonly string[];
  /** Substring of hostname or custom name (`device_name:like=`). */
  deviceName?: string;
  sort?: readonly RunResultSort[];
  page?: number;
  limit?: number;
  /** Ends the call (and its retries) when the asking client has gone. */
  signal?: AbortSignal;
}

/** A network adapter as the inventory reports it. */
export interface InventoryNic {
  mac: string | null;
  connected: boolean | null;
  vendor: string | null;
  device: string | null;
  type: string | null;
  ips: string[];
}

/** A device of the console inventory ("server"). */
export interface InventoryServer {
  id: number;
  uuid: string | null;
  /** The hostname as Automox reports it. */
  hostname: string;
  displayName: string | null;
  customName: string | null;
  organizationId: number | null;
  deleted: boolean;
  connected: boolean | null;
  lastRefreshTime: string | null;
  lastDisconnectTime: string | null;
  osFamily: string | null;
  osName: string | null;
  osVersion: string | null;
  serialNumber: string | null;
  needsReboot: boolean | null;
  pendingPatches: number | null;
  /** Automox server group; its name needs another endpoint (`/servergroups`), so only the id is kept. */
  serverGroupId: number | null;
  tags: string[];
  policyStatuses: ServerPolicyStatus[];
  nics: InventoryNic[];
}

/** Where a device stands in one Automox policy: `policy_status[].status` 0, 1, 2, or a value the docs do not list. */
export type ServerPolicyState = 'NEEDS_REMEDIATION' | 'UP_TO_DATE' | 'PENDING' | 'UNKNOWN';

/** One entry of a server's `policy_status`. */
export interface ServerPolicyStatus {
  policyId: number;
  policyName: string | null;
  /** `patch`, `custom` (worklet) or `required_software`, as Automox sends it. */
  policyType: string | null;
  state: ServerPolicyState;
  /** Whether the device complies with the policy: UP_TO_DATE (Automox's `policy_statuses[].compliant`). */
  compliant: boolean;
  /** When the status was recorded (`create_time`): the policy's last run on the device. */
  lastRunAt: string | null;
}

/** An Automox organization: the console API addresses it by `id`, policy-history by `uuid`. */
export interface AutomoxOrg {
  id: number;
  uuid: string | null;
  name: string | null;
}
