/**
 * OPSWAT's webhook body: a JSON array of `{device_id, status, timestamp}` (timestamp in epoch ms).
 * Read entry by entry, so one bad entry never costs the others; only a body that is not an array
 * at all is refused.
 */
import { UpstreamError } from '../common/index.js';
import type { OpswatWebhookEvent, OpswatWebhookPush, OpswatWebhookStatus } from './fleet.types.js';

/**
 * Most entries read from one push. The doc states no batch size; a change storm that pushes more
 * is still seen by the Status Change sweep, while an unbounded body would let one request hold
 * the process. Entries past the bound are counted in `ignored`, not read.
 */
export const WEBHOOK_MAX_EVENTS = 1000;

/** The four documented statuses; the hyphen spelling of Status Change's doc is read too. */
const STATUSES: Record<string, OpswatWebhookStatus> = {
  compliant: 'compliant',
  non_compliant: 'non_compliant',
  'non-compliant': 'non_compliant',
  installed: 'installed',
  deleted: 'deleted',
};

/** Below this a timestamp is read as epoch seconds: 10^11 ms is March 1973, 10^11 s the year 5138. */
const EPOCH_MS_THRESHOLD = 1e11;

/** Reads a webhook body; throws UPSTREAM_BAD_RESPONSE only when it is not an array. */
export function parseWebhookPush(body: unknown): OpswatWebhookPush {
  if (!Array.isArray(body))
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'opswat', 'OPSWAT webhook push is not a JSON array of events', {
      operation: 'webhook push',
    });
  const push: OpswatWebhookPush = { events: [], rejected: [], ignored: Math.max(0, body.length - WEBHOOK_MAX_EVENTS) };
  body.slice(0, WEBHOOK_MAX_EVENTS).forEach((entry: unknown, index) => {
    const read = readEvent(entry);
    if (typeof read === 'string') push.rejected.push({ index, reason: read });
    else push.events.push(read);
  });
  return push;
}

/** One event, or why it cannot be one. */
function readEvent(entry: unknown): OpswatWebhookEvent | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'entry is not an object';
  const record = entry as Record<string, unknown>;
  const deviceId = typeof record.device_id === 'string' ? record.device_id.trim() : '';
  if (!deviceId) return 'device_id is missing or not a string';
  if (typeof record.status !== 'string' || record.status.trim() === '') return 'status is missing or not a string';
  const timestamp = timeOf(record.timestamp);
  if (!timestamp) return 'timestamp is missing or not an epoch time';
  const rawStatus = record.status;
  return { deviceId, status: STATUSES[rawStatus.trim().toLowerCase()] ?? 'unknown', rawStatus, timestamp };
}

/** The doc says epoch milliseconds (a long); a numeric string is read too, and a value in seconds is scaled. */
function timeOf(value: unknown): Date | null {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) return null;
  const date = new Date(number < EPOCH_MS_THRESHOLD ? number * 1000 : number);
  return Number.isNaN(date.getTime()) ? null : date;
}
