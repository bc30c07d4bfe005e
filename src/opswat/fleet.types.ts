import type { ComplianceStatus, RateLimitInfo } from './opswat.types.js';

/** One device of Get Devices v3.7: what a fleet index needs to match it (by host_name) and order it. */
export interface OpswatListedDevice {
  /** OPSWAT's device id (HWID): what Device Details and Status Change name it by. */
  deviceId: string;
  /** Mapped like Device Details' status strings; unknown ones are UNKNOWN. */
  status: ComplianceStatus;
  /** The status exactly as sent (`non_compliant`, `exempted`, …); empty when absent. */
  rawStatus: string;
  /** `critical`, `warning`, `no_issues`, or whatever OPSWAT sent; null when absent. */
  severity: string | null;
  /** `host_name` (v3.6+): the OS hostname, the key to match an inventory device that has no usable MAC. */
  hostName: string | null;
  /** `device_name`: a display name, possibly a privacy placeholder. */
  deviceName: string | null;
  /** `nickname` (Get Devices) or `nick_name` (PHP client), editable in the console. */
  nickname: string | null;
  deviceType: string | null;
  /** ISO 8601 UTC, or null when absent or unparseable. */
  lastSeen: string | null;
  /** ISO 8601 UTC, or null when absent or unparseable. */
  enrolledAt: string | null;
}

/** What one Get Devices call asks: the cursor of the previous page (none for the first) and 1..50 devices. */
export interface ListDevicesRequest {
  token?: string | null;
  limit: number;
}

/** One page of Get Devices; `nextToken` null means the stream has ended, however OPSWAT said so. */
export interface OpswatDevicePage {
  devices: OpswatListedDevice[];
  nextToken: string | null;
  rateLimit: RateLimitInfo | null;
}

/** Issue counts of a changed device; null when the entry did not carry that count. */
export interface OpswatIssueCounts {
  totalIssues: number | null;
  totalCriticalIssues: number | null;
  totalWarningIssues: number | null;
}

/** Fields every Status Change v3 entry has, whichever kind it is. */
interface StatusChangeCommon extends OpswatIssueCounts {
  deviceId: string;
  /** The status exactly as sent (`non-compliant`, `non_compliant`, `deleted`, …); empty when absent. */
  rawStatus: string;
  severity: string | null;
  deviceName: string | null;
}

/**
 * One device of Status Change v3: its current state after a change within `age` (`status`), or its
 * removal from the account (`deleted`: listed under `deleted_devices`, or sent with status
 * `deleted`), which has no verdict.
 */
export type OpswatStatusChange =
  | (StatusChangeCommon & { kind: 'status'; status: ComplianceStatus })
  | (StatusChangeCommon & { kind: 'deleted'; status: null });

/** What one Status Change v3 call asks: look back `ageSeconds` (0..86400), page from 1, 1..50 a page. */
export interface StatusChangedRequest {
  ageSeconds: number;
  page: number;
  limit: number;
}

/** One page of Status Change v3. `hasMore` is true when the page was full: the next page may hold more (or answer 413, read as empty). */
export interface OpswatStatusChangePage {
  changes: OpswatStatusChange[];
  hasMore: boolean;
  rateLimit: RateLimitInfo | null;
}

/** Status Change v2.1's `os_type`: its default leaves Linux and mobile devices out. */
export type OpswatOsType = 'win_or_mac' | 'linux_or_mobile';

/** What one Status Change v2.1 call asks. */
export interface StatusChangedV2Request {
  ageSeconds: number;
  /** Default `win_or_mac`, OPSWAT's own default. */
  osType?: OpswatOsType;
}

/**
 * One device of Status Change v2.1: status 0 compliant, 1 non-compliant, 3 reporting (`status`), or
 * 2, not found: agent uninstalled or device deleted (`deleted`).
 */
export type OpswatStatusChangeV2 =
  | { kind: 'status'; deviceId: string; status: ComplianceStatus; rawStatus: string; macAddresses: string[] }
  | { kind: 'deleted'; deviceId: string; status: null; rawStatus: string; macAddresses: string[] };

/** Result of one Status Change v2.1 call. */
export interface OpswatStatusChangeV2Outcome {
  changes: OpswatStatusChangeV2[];
  rateLimit: RateLimitInfo | null;
}

/** The statuses a webhook push documents; anything else (the doc says the list may grow) is `unknown`. */
export type OpswatWebhookStatus = 'compliant' | 'non_compliant' | 'installed' | 'deleted' | 'unknown';

/** One event of a webhook push. */
export interface OpswatWebhookEvent {
  deviceId: string;
  status: OpswatWebhookStatus;
  /** As sent, for the statuses mapped to `unknown`. */
  rawStatus: string;
  timestamp: Date;
}

/** A webhook body read entry by entry: the good events, the bad entries with why, and how many went unread past the bound. */
export interface OpswatWebhookPush {
  events: OpswatWebhookEvent[];
  rejected: Array<{ index: number; reason: string }>;
  /** Entries beyond {@link WEBHOOK_MAX_EVENTS}, not read at all. */
  ignored: number;
}
