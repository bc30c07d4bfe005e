import { z } from 'zod';

/**
 * Automox wire schemas. Tolerant where integrators report the API is loose (nulls, missing
 * fields, two spellings of one field, unknown statuses), strict about structure: a body that is
 * not the documented shape fails as UPSTREAM_BAD_RESPONSE rather than becoming empty data.
 */

const optString = z.string().nullish().catch(null);
const optNumber = z.number().nullish().catch(null);
const optInt = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ])
  .nullish()
  .catch(null);

/** `metadata` of a policy-history collection. */
export const wireCollectionMetadata = z.object({
  current_page: optNumber,
  total_pages: optNumber,
  total_count: optNumber,
  limit: optNumber,
});

/** One row of `GET /policy-history/policy-runs`. */
export const wirePolicyRun = z.object({
  policy_uuid: z.string(),
  policy_id: optInt,
  org_uuid: optString,
  policy_name: optString,
  policy_type: optString,
  policy_deleted_at: optString,
  device_count: optNumber,
  pending: optNumber,
  success: optNumber,
  failed: optNumber,
  not_included: optNumber,
  remediation_not_applicable: optNumber,
  run_time: optString,
  execution_token: z.string(),
  run_count: optNumber,
});

/** One device row of `GET /policy-history/policies/{policy_uuid}/{exec_token}`; both spellings kept. */
export const wirePolicyResult = z.object({
  device_id: optInt,
  device_uuid: optString,
  hostname: optString,
  custom_name: optString,
  display_name: optString,
  result_status: optString,
  result_reason: optString,
  'result-reason': optString,
  run_time: optString,
  event_time: optString,
  patches: z.array(z.string().catch('')).nullish().catch(null),
  stdout: optString,
  stderr: optString,
  exit_code: optInt,
  error_code: optInt,
  device_deleted_at: optString,
  policy_id: optInt,
  policy_uuid: optString,
  policy_name: optString,
  policy_type: optString,
});

/** A policy-history collection of `item`. */
export function wireCollection<T extends z.ZodType>(item: T) {
  return z.object({ metadata: wireCollectionMetadata.nullish(), data: z.array(item) });
}

/** One adapter of `detail.NICS[]`. */
export const wireNic = z.object({
  MAC: optString,
  IPS: z.array(z.string()).nullish().catch(null),
  CONNECTED: z.boolean().nullish().catch(null),
  TYPE: optString,
  VENDOR: optString,
  DEVICE: optString,
});

const wireServerDetail = z
  .object({ NICS: z.array(wireNic.nullable().catch(null)).nullish().catch(null) })
  .nullish()
  .catch(null);

const optBool = z.boolean().nullish().catch(null);

/**
 * One entry of a server's `policy_status`: the device's standing in one Automox policy. The docs'
 * own example sends `[null]` for a device without details, so entries are nullable one by one.
 */
export const wirePolicyStatus = z.object({
  policy_id: optInt,
  policy_name: optString,
  policy_type_name: optString,
  /** 0 needs remediation, 1 up to date, 2 pending (the schema's description). */
  status: optInt,
  create_time: optString,
});

/** A device ("server") of the console API; details arrive as `detail` or `details`. */
export const wireServer = z.object({
  id: z.number().int(),
  uuid: optString,
  name: optString,
  display_name: optString,
  custom_name: optString,
  organization_id: optInt,
  deleted: z.boolean().nullish().catch(null),
  connected: z.boolean().nullish().catch(null),
  last_refresh_time: optString,
  last_update_time: optString,
  last_disconnect_time: optString,
  os_family: optString,
  os_name: optString,
  os_version: optString,
  serial_number: optString,
  needs_reboot: optBool,
  pending_patches: optInt,
  server_group_id: optInt,
  // A tag that is not a string is dropped, not the server: tags are free text typed by admins.
  tags: z.array(z.string().nullable().catch(null)).nullish().catch(null),
  policy_status: z.array(wirePolicyStatus.nullable().catch(null)).nullish().catch(null),
  detail: wireServerDetail,
  details: wireServerDetail,
});

/** An organization of `GET /orgs`. */
export const wireOrg = z.object({ id: z.number().int(), uuid: optString, name: optString });

/** Inferred wire types. */
export type WirePolicyRun = z.infer<typeof wirePolicyRun>;
/** Inferred wire types. */
export type WirePolicyResult = z.infer<typeof wirePolicyResult>;
/** Inferred wire types. */
export type WireServer = z.infer<typeof wireServer>;
/** Inferred wire types. */
export type WirePolicyStatus = z.infer<typeof wirePolicyStatus>;
/** Inferred wire types. */
export type WireNic = z.infer<typeof wireNic>;
