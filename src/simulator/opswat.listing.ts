/**
 * The fake fleet endpoints: Get Devices v3.5–v3.7 (cursor), Status Change v3 (POST, pages) and
 * Status Change v2.1 (GET). What their docs leave open (end of stream, top-level wrapper, status
 * and field spellings) is chosen by simulator options, as for Device Details.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { json, strictInt, type Query, type Reply } from './http.js';
import type { OpswatAccount } from './opswat.account.js';
import { deviceSummary, issueSummary, minorOf } from './opswat.details.js';
import type { SimDevice } from './types.js';

/** The readings of what the fleet endpoints' docs leave open. */
export interface ListingVariants {
  listEnd: 'empty-page' | 'empty-token' | 'missing-token' | '413';
  statusChangeShape: 'monitored-deleted' | 'devices' | 'array';
  statusChangeSpelling: 'hyphen' | 'underscore';
  macField: 'mac_address' | 'mac_addresses';
  spelling: 'documented' | 'alternate';
}

/** The handlers, each answering one already-authorized call. */
export interface FleetApis {
  getDevices(version: string, body: string): Reply;
  statusChanged(body: string): Reply;
  statusChangedV2(query: Query): Reply;
}

/** Documented bounds: `limit` 1..50 (above 50: 406), `age` 0..86400 seconds. */
const MAX_LIMIT = 50;
const MAX_AGE_SECONDS = 86_400;

const badRequest = (description: string): Reply => json(400, { error: 'invalid_request', error_description: description });
const tooMany = (): Reply => json(406, { error: 'not_acceptable', error_description: `limit must be at most ${MAX_LIMIT}` });
const noData = (): Reply => json(413, { error: 'no_data', error_description: 'The requested page exceeds the page limit' });

/** Builds the handlers over the account; cursors are signed with a key of this instance only. */
export function createFleetApis(account: OpswatAccount, variants: ListingVariants): FleetApis {
  const cursors = new Cursors();

  const getDevices = (version: string, rawBody: string): Reply => {
    const body = objectBody(rawBody);
    if (typeof body === 'string') return badRequest(body);
    const limit = boundedInt(body.limit, 20, 1, 'limit');
    if (typeof limit === 'string') return limit === 'too-many' ? tooMany() : badRequest(limit);
    if (body.token !== undefined && typeof body.token !== 'string') return badRequest('token must be a string');
    const after = body.token ? cursors.read(body.token) : null;
    if (after === undefined) return badRequest('token is invalid');
    const listed = account.listed();
    // After the cursor's device by enrolment key, so a deletion meanwhile never skips or repeats one.
    const start = after === null ? 0 : listed.findIndex((device) => compareKey(keyOf(device), after) > 0);
    const page = start === -1 ? [] : listed.slice(start, start + limit);
    const last = page.at(-1);
    if (!last) {
      if (variants.listEnd === '413') return noData();
      return json(200, variants.listEnd === 'missing-token' ? { devices: [] } : { devices: [], next_token: '' });
    }
    const more = start + limit < listed.length;
    const devices = page.map((device) => listedDevice(device, minorOf(version), variants));
    if (more || variants.listEnd === 'empty-page' || variants.listEnd === '413')
      return json(200, { next_token: cursors.write(keyOf(last)), devices });
    return json(200, variants.listEnd === 'empty-token' ? { next_token: '', devices } : { devices });
  };

  const statusChanged = (rawBody: string): Reply => {
    const body = objectBody(rawBody);
    if (typeof body === 'string') return badRequest(body);
    const age = boundedInt(body.age, MAX_AGE_SECONDS, 0, 'age', MAX_AGE_SECONDS);
    const verbose = boundedInt(body.verbose, 0, 0, 'verbose', 1);
    const page = boundedInt(body.page, 1, 1, 'page', Number.MAX_SAFE_INTEGER);
    const limit = boundedInt(body.limit, 20, 1, 'limit');
    if (limit === 'too-many') return tooMany();
    for (const value of [age, verbose, page, limit]) if (typeof value === 'string') return badRequest(value);
    const changed = account.changedWithin((age as number) * 1000);
    const from = ((page as number) - 1) * (limit as number);
    if (page !== 1 && from >= changed.length) return noData();
    const entries = changed.slice(from, from + (limit as number));
    const entryOf = (device: SimDevice, status: string) => {
      const spelled = status === 'non_compliant' && variants.statusChangeSpelling === 'hyphen' ? 'non-compliant' : status;
      return {
        device_id: device.hwid,
        status: spelled,
        status_detail: { exempted: status === 'exempted' ? 1 : 0, pending: status === 'pending' ? 1 : 0 },
        ...issueSummary(device, variants.spelling),
        group_name: 'Default',
        device_name: device.hostname.split('.')[0],
      };
    };
    if (variants.statusChangeShape === 'monitored-deleted') {
      // A deleted device is a full device object in its own list, carrying the status it last had.
      return json(200, {
        monitored_devices: entries.filter((e) => e.deletedFrom === null).map((e) => entryOf(e.device, e.device.opswat.detailsStatus!)),
        deleted_devices: entries.filter((e) => e.deletedFrom !== null).map((e) => entryOf(e.device, e.deletedFrom!)),
      });
    }
    const flat = entries.map((e) => entryOf(e.device, e.deletedFrom === null ? e.device.opswat.detailsStatus! : 'deleted'));
    return json(200, variants.statusChangeShape === 'devices' ? { devices: flat } : flat);
  };

  const statusChangedV2 = (query: Query): Reply => {
    const age = boundedInt(query.has('age') ? strictInt(query.get('age')!) : undefined, MAX_AGE_SECONDS, 0, 'age', MAX_AGE_SECONDS);
    const verbose = boundedInt(query.has('verbose') ? strictInt(query.get('verbose')!) : undefined, 0, 0, 'verbose', 1);
    const osType = query.get('os_type') ?? 'win_or_mac';
    for (const value of [age, verbose]) if (typeof value === 'string') return badRequest(value);
    if (osType !== 'win_or_mac' && osType !== 'linux_or_mobile')
      return badRequest(`os_type must be win_or_mac or linux_or_mobile, got '${osType}'`);
    // The default leaves Linux and mobile devices out; a client needs two calls to see everything.
    const wanted = (device: SimDevice) => (device.osFamily === 'Linux') === (osType === 'linux_or_mobile');
    const devices = account
      .changedWithin((age as number) * 1000)
      .filter((e) => wanted(e.device))
      .map((e) => ({
        hwid: e.device.hwid,
        status: e.deletedFrom === null ? Number(e.device.opswat.report?.status ?? 7) : 2,
        [variants.macField]: e.device.opswat.knownMacs,
      }));
    return json(200, { devices });
  };

  return { getDevices, statusChanged, statusChangedV2 };
}

/** One device of Get Devices: host_name from v3.6, public_ip from v3.7. */
function listedDevice(device: SimDevice, minor: number, variants: ListingVariants): Record<string, unknown> {
  const out = deviceSummary(device, variants.spelling);
  if (minor >= 6) out.host_name = device.hostname;
  if (minor >= 7) out.public_ip = `203.0.113.${(device.hwid.charCodeAt(0) % 250) + 2}`;
  return out;
}

/** A JSON object body, or why it is not one. */
function objectBody(raw: string): Record<string, unknown> | string {
  let body: unknown;
  try {
    body = raw === '' ? {} : JSON.parse(raw);
  } catch {
    return 'JSON malformed';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  return body as Record<string, unknown>;
}

/** An integer within [min, max] (default when absent), 'too-many' above the limit's max, or why it is not one. */
function boundedInt(value: unknown, fallback: number, min: number, name: string, max = MAX_LIMIT): number | string {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${name} must be an integer, got ${JSON.stringify(value)}`;
  if (name === 'limit' && value > max) return 'too-many';
  if (value < min || value > max) return `${name} must be from ${min} to ${max}, got ${value}`;
  return value;
}

/** Get Devices' order: enrolment time, then device id. */
type Key = [enrolledAt: string, deviceId: string];

const keyOf = (device: SimDevice): Key => [device.opswat.enrolledAt ?? '', device.hwid];
const compareKey = (a: Key, b: Key): number => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]);

/** Opaque cursors: the last listed device's key, base64url, with a MAC so a forged or edited token is refused. */
class Cursors {
  private readonly secret = randomBytes(32);

  write(key: Key): string {
    const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The key a token carries; undefined for anything this instance did not issue. */
  read(token: string): Key | undefined {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string') ? (key as Key) : undefined;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }
}
