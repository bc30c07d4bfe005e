/** Public types of the upstream simulator: options, recorded calls, faults and the fleet's ground truth. */

/** How to start the simulator; every field has a default so `startSimulator()` just works. */
export interface SimulatorOptions {
  /** Number of devices, deleted ones included (default 250). */
  fleetSize?: number;
  /** Same seed → identical fleet, policies, runs and results (default 42). */
  seed?: number;
  /** Interface both servers listen on (default '127.0.0.1'). */
  host?: string;
  /** Port of the Automox server, 0 for a random one (default 0). */
  automoxPort?: number;
  /** Port of the OPSWAT server, 0 for a random one (default 0). */
  opswatPort?: number;
  /** The only Bearer key Automox accepts (default 'sim-automox-api-key'). */
  automoxApiKey?: string;
  /** Integer org id, the console API's `o=` (default 4242). */
  orgId?: number;
  /** Org UUID, policy-history's `org=` (default a fixed UUID). */
  orgUuid?: string;
  /** OAuth client id OPSWAT accepts (default 'sim-opswat-client'). */
  opswatClientId?: string;
  /** OAuth client secret OPSWAT accepts (default 'sim-opswat-secret'). */
  opswatClientSecret?: string;
  /** Most OPSWAT API calls admitted in any window, Policy Check and Device Details together: one account budget (default 10). */
  opswatRateLimit?: number;
  /** Length of the OPSWAT sliding window in ms (default 60000). */
  opswatRateWindowMs?: number;
  /** Whether an OPSWAT 429 carries Retry-After (default true). */
  opswatRetryAfter?: boolean;
  /** X-RateLimit-Reset-Time as seconds until the window frees a slot, or as that moment in epoch seconds (default 'seconds-until'). */
  opswatResetTime?: 'seconds-until' | 'epoch-seconds';
  /**
   * Network transit before an OPSWAT API call reaches the server and is counted: a number N gives
   * a random delay of 0–N ms, a function gives its own value per call (default 0).
   */
  opswatTransitMs?: number | (() => number);
  /** How Device Details answers ids it does not know: left out (default), an error entry each, or 404 when it knows none. */
  opswatUnknownIds?: 'omit' | 'error-entry' | '404-when-none';
  /** Device Details' top level: a bare array (default), `{devices: […]}` or `{data: […]}`. */
  opswatDetailsShape?: 'array' | 'devices' | 'data';
  /**
   * Spellings of the fields the docs leave open. 'documented' (default): `issue.total_issues`,
   * `categories[].category_id`, `network_info[].mac`, `nickname`, `infection` as an object,
   * `non_compliant`. 'alternate': `total_issue`, `id`, `mac_addr`, `nick_name`, `infection` as an
   * array, `non-compliant`.
   */
  opswatFieldSpelling?: 'documented' | 'alternate';
  /**
   * How Get Devices v3.7 ends its stream (undocumented). 'empty-page' (default): every page with
   * devices carries a next_token, and the call after the last one answers `{devices: [], next_token: ""}`.
   * 'empty-token': the last page carries `next_token: ""`. 'missing-token': the last page has no
   * next_token. '413': the call after the last page answers HTTP 413.
   */
  opswatListEnd?: 'empty-page' | 'empty-token' | 'missing-token' | '413';
  /**
   * Status Change v3's top level (undocumented): `{monitored_devices, deleted_devices}` (default,
   * the PHP client's reading), `{devices: […]}`, or a bare array; in the last two a deleted device
   * carries `status: "deleted"`.
   */
  opswatStatusChangeShape?: 'monitored-deleted' | 'devices' | 'array';
  /** How Status Change v3 spells the non-compliant status: 'hyphen' (default, as its doc reads) or 'underscore'. */
  opswatStatusChangeSpelling?: 'hyphen' | 'underscore';
  /** The MAC list of Status Change v2.1: `mac_address` (default, the doc) or `mac_addresses` (PacketFence). */
  opswatMacField?: 'mac_address' | 'mac_addresses';
  /**
   * Every this many ms of the OPSWAT clock, one listed device changes status (a seeded, repeatable
   * sequence): compliant ones turn non-compliant, the others compliant. 0 (default) turns it off.
   */
  opswatChangeEveryMs?: number;
  /** The OPSWAT account's clock: change times, Status Change's `age` window, the change schedule (default Date.now). */
  opswatNow?: () => number;
  /** How a webhook push waits before a retry (default a real timer): tests pass one that does not wait. */
  opswatSleep?: (ms: number) => Promise<void>;
  /** Lifetime of an OPSWAT access token in seconds (default 43199). */
  tokenTtlSeconds?: number;
  /** Most /servers calls admitted in any window (default 29: the docs say "<30 a minute"). */
  serversRateLimit?: number;
  /** Length of the /servers window in ms (default 60000). */
  serversRateWindowMs?: number;
  /** How long every /servers call gets 429 after the offending one (default 60000). */
  serversPenaltyMs?: number;
}

/** Which fake upstream served a call. */
export type UpstreamName = 'automox' | 'opswat';

/** The operation a request was routed to; 'unknown' for anything unrouted. */
export type RouteName =
  | 'policy-runs'
  | 'policy-results'
  | 'orgs'
  | 'servers'
  | 'server'
  | 'oauth-token'
  | 'policy-check'
  | 'device-details'
  | 'get-devices'
  | 'status-changed'
  | 'status-changed-v2'
  | 'unknown';

/** One request as the upstream received it, for assertions on what a client actually sent. */
export interface RecordedCall {
  upstream: UpstreamName;
  route: RouteName;
  method: string;
  /** Decoded pathname. */
  path: string;
  /** Exactly as received, without '?', not decoded. */
  rawQuery: string;
  /** Keys kept raw (not percent-decoded, like the real server), values decoded. */
  query: Array<[string, string]>;
  /** Status actually sent; 0 while a delayed or hung call has not been answered. */
  status: number;
  /** Date.now() when the request arrived (for OPSWAT API calls: after the simulated transit, when it was counted). */
  at: number;
  /** A JSON request body as parsed (the raw text when it is not valid JSON); absent for other bodies. */
  body?: unknown;
  /** The W3C `traceparent` header the caller sent, if any: whether the call joined the caller's trace. */
  traceparent?: string;
}

/** A misbehaviour to apply to the next matching requests. */
export interface FaultSpec {
  route: RouteName;
  /** Respond with this status (body: that API's error shape, or `body`). */
  status?: number;
  /** Raw body to send instead. */
  body?: string;
  /** 200 with content-type application/json and a truncated JSON body. */
  malformed?: boolean;
  /** Delay, then answer normally (or with the fault). */
  latencyMs?: number;
  /** Never answer (until close()). */
  hang?: boolean;
  /** Retry-After header value to send with the fault. */
  retryAfter?: string;
  /** How many matching calls it applies to; default 1; Infinity allowed. */
  times?: number;
}

/** One entry of a device's `detail.NICS`, exactly as Automox sends it. */
export interface SimNic {
  MAC: string;
  IPS: string[];
  CONNECTED: boolean;
  TYPE: string;
  VENDOR: string;
  DEVICE: string;
}

/** How OPSWAT answers for a device. */
export type OpswatProfile = 'compliant' | 'non_compliant' | 'reporting' | 'unknown_status' | 'not_found_404' | 'not_found_status2';

/** An OPSWAT policy_check body (verbose=1 form; verbose=0 drops `infections`). */
export type OpswatReport = Record<string, unknown> & { status: number; infections: unknown[] };

/** What OPSWAT knows about one device. */
export interface SimOpswatKnowledge {
  profile: OpswatProfile;
  /** Lower-case aa:bb:.. MACs policy_check answers 200 for (empty when 404 or no usable MAC). */
  knownMacs: string[];
  /** HWID policy_check answers 200 for, or null. */
  knownHwid: string | null;
  /** The 200 body (verbose=1) OPSWAT sends for this device, or null when it answers 404. */
  report: OpswatReport | null;
  /**
   * Device Details v3.x status string (`compliant`, `exempted`, `pending`…), or null when Device
   * Details does not know the device (404 devices, and status-2 devices that have no agent).
   * Get Devices v3.7 lists exactly the devices that have one. Changes (schedule or control) update it.
   */
  detailsStatus: string | null;
  /** When the device enrolled with OPSWAT (Get Devices' order), or null when OPSWAT never knew it. */
  enrolledAt: string | null;
}

/** The kind of machine, which decides hostname style, OS and adapters. */
export type SimDeviceKind = 'laptop' | 'desktop' | 'mac' | 'vm' | 'server';

/** One device with its ground truth. */
export interface SimDevice {
  id: number;
  uuid: string;
  /** As Automox reports it (mixed case, sometimes fully qualified). */
  hostname: string;
  customName: string;
  /** customName, or hostname when that is empty. */
  displayName: string;
  deletedAt: string | null;
  kind: SimDeviceKind;
  osFamily: 'Windows' | 'Mac' | 'Linux';
  osName: string;
  osVersion: string;
  /** Whether the agent is connected right now. */
  connected: boolean;
  createTime: string;
  lastRefreshTime: string;
  serial: string;
  /** The wire NICS array. */
  nics: SimNic[];
  /** Usable physical MACs, lower-case colon form, best first (the simulator's own ranking). */
  physicalMacs: string[];
  /** Which key the inventory puts the device details under (an integrator-reported quirk). */
  detailKey: 'detail' | 'details';
  hwid: string;
  opswat: SimOpswatKnowledge;
}

/** Automox policy types. */
export type SimPolicyType = 'patch' | 'custom' | 'required_software';

/** One Automox policy. */
export interface SimPolicy {
  id: number;
  uuid: string;
  name: string;
  type: SimPolicyType;
}

/** A policy-history device row, as sent on the wire; reason and exit code come under either spelling. */
export interface SimResultRow {
  device_id: number;
  device_uuid: string;
  hostname: string;
  custom_name: string;
  display_name: string;
  result_status: string;
  'result-reason'?: string;
  result_reason?: string;
  run_time: string;
  event_time: string;
  patches: string[];
  stdout: string;
  stderr: string;
  exit_code?: number;
  error_code?: number;
  device_deleted_at: string | null;
  policy_id: number;
  policy_uuid: string;
  policy_name: string;
  policy_type: SimPolicyType;
}

/** One execution of a policy with its per-device results. */
export interface SimRun {
  policy: SimPolicy;
  executionToken: string;
  runTime: string;
  /** Ordered by device id. */
  results: SimResultRow[];
}

/** The whole generated world: inventory, OPSWAT knowledge, policies and runs. */
export interface SimFleet {
  seed: number;
  /** Every device, deleted ones included, ordered by id. */
  devices: SimDevice[];
  policies: SimPolicy[];
  /** Every run of every policy, newest first within each policy. */
  runs: SimRun[];
  /**
   * Devices only OPSWAT knows: an old registration of a re-imaged machine, listed by Get Devices
   * under the same host_name as an inventory device (see `ambiguousHostname`). Automox does not
   * list them: their `id` is 0 and `uuid` empty.
   */
  opswatOnly: SimDevice[];
}

/** What a change of one OPSWAT device sets: its Device Details status and issue counts, or its removal. */
export interface SimOpswatChange {
  /** One of Get Devices' nine status strings (`non-compliant` is read as `non_compliant`). */
  status?: string;
  totalIssues?: number;
  totalCriticalIssues?: number;
  /** Removes the device from the account (deleted in the console, or its agent uninstalled). */
  deleted?: boolean;
}

/** One change as it happened, in the form OPSWAT's webhook pushes it. */
export interface SimChangeEvent {
  device_id: string;
  /** The new Device Details status, or `deleted`. */
  status: string;
  /** Epoch ms on the OPSWAT clock. */
  timestamp: number;
}

/** The webhook as the account sees it; the key is never shown. */
export interface SimWebhookState {
  url: string | null;
  enabled: boolean;
  /** Why it is off: never configured, turned off by an admin, or after 100 consecutive failed pushes; null while enabled. */
  disabledBy: 'admin' | 'failures' | 'unconfigured' | null;
  consecutiveFailures: number;
  /** Pushes answered 2xx (at the first try or a retry). */
  delivered: number;
  /** Pushes that failed their first try and both retries. */
  failed: number;
  /** HTTP requests sent, retries included. */
  attempts: number;
}

/** Test controls of the fake OPSWAT account's fleet APIs (also served under POST/GET /__sim/opswat/…). */
export interface SimOpswatControls {
  /** Changes one device now (by device id / hwid, any case), as Status Change, Device Details and the webhook will tell. */
  change(deviceId: string, change: SimOpswatChange): SimChangeEvent;
  /** Applies every scheduled change due on the OPSWAT clock; returns them. */
  tick(): SimChangeEvent[];
  /** Points the webhook at `url` with `key` (sent as-is in Authorization) and enables it. */
  configureWebhook(config: { url: string; key: string }): void;
  /** Turns the webhook off or on, as an admin would in the console (on again resets the failure count). */
  setWebhookEnabled(enabled: boolean): void;
  webhook(): SimWebhookState;
  /** Resolves once every push under way, retries included, has finished. */
  settled(): Promise<void>;
}

/** A running simulator: URLs, credentials, ground truth and test controls. */
export interface Simulator {
  /** Base for /policy-history/..., e.g. http://127.0.0.1:PORT. */
  automoxPolicyReportUrl: string;
  /** Base for /orgs, /servers and /policy-history/..., e.g. http://127.0.0.1:PORT/api. */
  automoxConsoleUrl: string;
  /** Base for /o/oauth/token and /o/api/..., e.g. http://127.0.0.1:PORT2. */
  opswatUrl: string;
  credentials: {
    automoxApiKey: string;
    orgId: number;
    orgUuid: string;
    opswatClientId: string;
    opswatClientSecret: string;
  };
  fleet: SimFleet;
  /** Snapshot of recorded calls in arrival order, optionally filtered. */
  calls(filter?: { upstream?: UpstreamName; route?: RouteName }): RecordedCall[];
  resetCalls(): void;
  inject(fault: FaultSpec): { remove(): void };
  clearFaults(): void;
  /**
   * Holds the answers on `route` until `release()`: each call still arrives, is counted against
   * the rate limit and answered as of its arrival, but its answer waits on the wire (a slow
   * upstream), so a test can see what clients see while work is outstanding.
   */
  hold(route: RouteName): { release(): void };
  /** Every OPSWAT access token issued so far becomes invalid (→ 401); refresh tokens stay valid. */
  revokeTokens(): void;
  /** Status changes, the change schedule and the webhook of the fake OPSWAT account. */
  opswat: SimOpswatControls;
  /** Stops both servers, ending hung and delayed requests too. */
  close(): Promise<void>;
}
