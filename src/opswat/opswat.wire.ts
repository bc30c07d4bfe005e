import { z } from 'zod';

/** OPSWAT wire schemas; tolerant of absent "reserved for future use" fields, strict on structure. */

const optString = z.string().nullish().catch(null);
const optNumber = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish()
  .catch(null);

/** Reply of `POST /o/oauth/token`. */
export const wireToken = z.object({
  access_token: z.string().min(1),
  token_type: optString,
  refresh_token: optString,
  expires_in: optNumber,
});

/** One issue group: `{ "<group>": { category, issues: [...] } }`. */
const wireIssueEntry = z.record(
  z.string(),
  z
    .object({ category: optString, issues: z.array(z.string()).nullish().catch(null) })
    .nullable()
    .catch(null),
);

const wireThreat = z.object({
  ThreatName: optString,
  File: optString,
  FoundTime: optString,
  hash: optString,
  link: optString,
  ip_address: optString,
  status: optString,
});

const wireInfection = z.object({
  category: optString,
  critical_status: optNumber,
  total_threats: optNumber,
  has_issue: optNumber,
  has_critical_issue: optNumber,
  last_scan_time: optString,
  threats: z.array(wireThreat).nullish().catch(null),
});

/** Reply of `GET /o/api/v2.2/devices/{value}/policy_check`. */
export const wirePolicyCheck = z.object({
  status: z.number().int(),
  device_type: optString,
  os_type: optString,
  total_issue: optNumber,
  total_critical_issue: optNumber,
  critical_status: optNumber,
  last_seen: optString,
  issues: z.array(wireIssueEntry).nullish(),
  remediation_link: optString,
  infections: z.array(wireInfection).nullish(),
});

/** Inferred wire type. */
export type WirePolicyCheck = z.infer<typeof wirePolicyCheck>;

/*
 * Device Details v3.x (`POST /o/api/v3.X/devices/detail`). Its response table is not published
 * (see shared/upstreams/opswat-fleet-apis.md §2.2, §9), so each field takes every spelling seen
 * in OPSWAT's sibling endpoints and integrators' code, and any field of the wrong type becomes
 * null instead of failing the whole batch. Only the outer shape is strict.
 */

/** A string, or a number some versions send where others send a string (`category_id: 3`). */
const optId = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .catch(null);

/** One network adapter; `mac` (v3, integrators) or `mac_addr` (v2 listings). */
const wireAdapter = z.object({ mac: optString, mac_addr: optString, mac_address: optString }).nullable().catch(null);

/** Issue counts: the Status Change doc says `total_issues`, the PHP client `total_issue`. */
const wireIssueCounts = z
  .object({
    total_issues: optNumber,
    total_issue: optNumber,
    total_critical_issues: optNumber,
    total_critical_issue: optNumber,
  })
  .nullish()
  .catch(null);

/** One issue category; `category_id` (PHP client) or `id` (Device Information v3.0). Its `issue` body is undocumented. */
const wireCategory = z
  .object({
    category_id: optId,
    id: optId,
    name: optString,
    category_name: optString,
    issue: z.unknown(),
  })
  .nullable()
  .catch(null);

/** Device Details spells a threat's fields either way: v2.2's names, or snake_case. */
const wireThreatV3 = wireThreat.extend({
  threat_name: optString,
  name: optString,
  file: optString,
  file_path: optString,
  found_time: optString,
});

/** An infection block of Device Details: v2.2's fields, v3.2's `last_scan`, threats in either spelling. */
const wireInfectionV3 = wireInfection
  .extend({
    last_scan: optString,
    threats: z.array(wireThreatV3.nullable().catch(null)).nullish().catch(null),
  })
  .nullable()
  .catch(null);

/** One device of a Device Details reply. */
export const wireDetailsDevice = z.object({
  device_id: optId,
  status: z.union([z.string(), z.number()]).nullish().catch(null),
  severity: optString,
  issue: wireIssueCounts,
  device_type: optString,
  os_type: optString,
  os_info: z.object({ family: optString, name: optString }).nullish().catch(null),
  last_seen: optString,
  remediation_link: optString,
  network_info: z.array(wireAdapter).nullish().catch(null),
  categories: z.array(wireCategory).nullish().catch(null),
  /** An object keyed by scan kind (`antivirus`, `metascan`, `ip_scanning`) in the docs, an array in the PHP client. */
  infection: z
    .union([z.array(wireInfectionV3), z.record(z.string(), wireInfectionV3)])
    .nullish()
    .catch(null),
});

/** Inferred wire type. */
export type WireDetailsDevice = z.infer<typeof wireDetailsDevice>;

const entries = z.array(z.record(z.string(), z.unknown()));

/**
 * The outer shape: most likely a bare array (Splunk TA, PHP client), tolerated wrapped as
 * `{devices: […]}` or `{data: […]}`. Entries stay raw here: each is either a device or a per-id
 * error entry, told apart by the parser.
 */
export const wireDeviceDetails = z.union([
  entries,
  z.object({ devices: entries }).transform((body) => body.devices),
  z.object({ data: entries }).transform((body) => body.data),
]);

/*
 * Fleet endpoints: Get Devices v3.7, Status Change v3 and v2.1. Their response tables are cut off
 * or missing (shared/upstreams/opswat-fleet-apis.md §3.1, §4, §9), so entries stay raw at the top
 * level (one odd entry never fails a page) and each field takes every spelling seen.
 */

/** Issue counts under either spelling: `total_issues` (Status Change doc) or `total_issue` (PHP client). */
const wireAnyIssueCounts = z
  .object({
    total_issues: optNumber,
    total_issue: optNumber,
    total_critical_issues: optNumber,
    total_critical_issue: optNumber,
    total_warning_issues: optNumber,
    total_warning_issue: optNumber,
  })
  .nullish()
  .catch(null);

/** A status word, or a number where an old version sends Policy Check's codes. */
const wireStatus = z.union([z.string(), z.number()]).nullish().catch(null);

/** One device of Get Devices v3.5–v3.7. */
export const wireListedDevice = z.object({
  device_id: optId,
  status: wireStatus,
  severity: optString,
  host_name: optString,
  device_name: optString,
  nickname: optString,
  nick_name: optString,
  device_type: optString,
  last_seen: optString,
  enrolled_at: optString,
});

/** Inferred wire type. */
export type WireListedDevice = z.infer<typeof wireListedDevice>;

/**
 * Get Devices' top level: `{next_token, devices}`. `devices` must be a list; `next_token` may be
 * absent, null or empty (all mean "no more"), but a token of another type is a broken reply, not
 * an end: reading it as one would silently cut the listing short.
 */
export const wireDeviceList = z.object({ devices: entries, next_token: z.string().nullish() });

/** One device of Status Change v3. */
export const wireChangedDevice = z.object({
  device_id: optId,
  status: wireStatus,
  severity: optString,
  issue: wireAnyIssueCounts,
  device_name: optString,
});

/** Inferred wire type. */
export type WireChangedDevice = z.infer<typeof wireChangedDevice>;

/**
 * Status Change v3's top level, undocumented: `{monitored_devices, deleted_devices}` (PHP client;
 * at least one list), `{devices: […]}`, or a bare array. Entries are sorted into the two lists here.
 */
export const wireStatusChanges = z.union([
  entries.transform((list) => ({ monitored: list, deleted: [] as Array<Record<string, unknown>> })),
  z.object({ devices: entries }).transform((body) => ({ monitored: body.devices, deleted: [] as Array<Record<string, unknown>> })),
  z
    .object({ monitored_devices: entries.nullish(), deleted_devices: entries.nullish() })
    .refine((body) => Array.isArray(body.monitored_devices) || Array.isArray(body.deleted_devices), {
      message: 'expected monitored_devices or deleted_devices, devices, or an array',
    })
    .transform((body) => ({ monitored: body.monitored_devices ?? [], deleted: body.deleted_devices ?? [] })),
]);

/** A MAC list: the doc types it an array of strings; a lone string is read as a list of one. */
const wireMacList = z
  .union([z.array(z.unknown()), z.string().transform((mac) => [mac])])
  .nullish()
  .catch(null);

/** One device of Status Change v2.1; its MACs under `mac_address` (doc) or `mac_addresses` (PacketFence). */
export const wireChangedDeviceV2 = z.object({
  hwid: optId,
  device_id: optId,
  status: optNumber,
  mac_address: wireMacList,
  mac_addresses: wireMacList,
});

/** Inferred wire type. */
export type WireChangedDeviceV2 = z.infer<typeof wireChangedDeviceV2>;

/** Status Change v2.1's top level: `{devices: […]}` (doc), tolerated as a bare array. */
export const wireStatusChangesV2 = z.union([z.object({ devices: entries }).transform((body) => body.devices), entries]);
