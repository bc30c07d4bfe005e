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
