import { HTTPError, type Got } from 'got';
import { parseRateLimit, parseWire, toUpstreamError, type RateLimitInfo, type SecretRedactor } from '../common/index.js';
import { answerDetails } from './details.parser.js';
import { toListedDevices, toStatusChanges, toStatusChangesV2 } from './fleet.parser.js';
import type {
  ListDevicesRequest,
  OpswatDevicePage,
  OpswatOsType,
  OpswatStatusChangePage,
  OpswatStatusChangeV2Outcome,
  StatusChangedRequest,
  StatusChangedV2Request,
} from './fleet.types.js';
import { identifierPathSegment } from './identifier.js';
import {
  DEVICE_DETAILS_MAX_IDS,
  DEVICE_DETAILS_VERSIONS,
  OPT_BY_KIND,
  type DeviceDetailsOutcome,
  type DeviceDetailsVersion,
  type IdentifierKind,
  type PolicyCheckOutcome,
} from './opswat.types.js';
import { wireDeviceDetails, wireDeviceList, wirePolicyCheck, wireStatusChanges, wireStatusChangesV2 } from './opswat.wire.js';
import { toPolicyCheckResult } from './report.parser.js';
import type { OAuthTokenManager } from './token-manager.js';

/** Options for {@link OpswatClient}. */
export interface OpswatClientOptions {
  http: Got;
  tokens: OAuthTokenManager;
  redactor: SecretRedactor;
  /** Device Details version to call, v3.1 to v3.8 (default v3.8); every one takes a batch of 50. */
  detailsVersion?: DeviceDetailsVersion;
  /** Clock for a seconds-until X-RateLimit-Reset-Time (default Date.now). */
  now?: () => number;
  /**
   * Retry once with a new token after a 401 (default true). The compliance scheduler turns this
   * off and retries itself, so the retry, a billable request too, passes the shared budget.
   */
  retryOn401?: boolean;
}

/** Most devices a page of Get Devices or Status Change holds (documented; more is HTTP 406). */
export const FLEET_PAGE_MAX = 50;
/** The longest look-back Status Change accepts, in seconds (documented). */
export const STATUS_CHANGE_MAX_AGE_SECONDS = 86_400;
const OS_TYPES: readonly OpswatOsType[] = ['win_or_mac', 'linux_or_mobile'];

/**
 * MetaDefender IT Access: Device Details v3.x (up to 50 devices a call), Device Policy Check v2.2
 * (one), Get Devices v3.7 and Status Change v3 / v2.1 (one page each). Every method is one HTTP
 * call; it never retries on its own except once after a 401 with a fresh token: each request
 * spends one of the account's 10 calls a minute, so retrying is the scheduler's decision.
 */
export class OpswatClient {
  private readonly options: OpswatClientOptions;
  private readonly detailsVersion: DeviceDetailsVersion;
  private readonly now: () => number;

  constructor(options: OpswatClientOptions) {
    const version = options.detailsVersion ?? 'v3.8';
    if (!DEVICE_DETAILS_VERSIONS.includes(version))
      throw new TypeError(`detailsVersion must be one of ${DEVICE_DETAILS_VERSIONS.join(', ')}, got ${JSON.stringify(version)}`);
    this.options = options;
    this.detailsVersion = version;
    this.now = options.now ?? Date.now;
  }

  /**
   * POST /o/api/v3.X/devices/detail with 1..50 ids (MACs normalized aa:bb:.. or device ids), opt 0,
   * verbose {system_info: 1, categories: 1}. One billable call (plus at most one retry after a 401
   * with a new token, also billable). Answers every asked id, in the asked order; no ids, no call.
   */
  async deviceDetails(ids: readonly string[]): Promise<DeviceDetailsOutcome> {
    if (ids.length > DEVICE_DETAILS_MAX_IDS)
      throw new TypeError(`deviceDetails takes at most ${DEVICE_DETAILS_MAX_IDS} ids per call (OPSWAT's limit), got ${ids.length}`);
    if (ids.length === 0) return { answers: [], rateLimit: null };
    // Asking twice for one id would not cost more, but it would tell OPSWAT nothing new.
    const unique = [...new Set(ids)];
    return this.withToken('device details', (token) => this.requestDetails(ids, unique, token));
  }

  /** Asks Device Policy Check v2.2 for one identifier's compliance, verbose so one call serves every field. */
  async policyCheck(identifier: string, kind: IdentifierKind = 'MAC_ADDRESS'): Promise<PolicyCheckOutcome> {
    // Before any token or call: an identifier that is not one path segment is the caller's error.
    const segment = identifierPathSegment(identifier, kind);
    return this.withToken('policy check', (token) => this.requestPolicyCheck(segment, kind, token));
  }

  /**
   * One page of Get Devices v3.7 (`POST /o/api/v3.7/devices`, body `{limit, token?}`), in ascending
   * enrolment order. The end of the stream is undocumented: an empty page, an empty or missing
   * `next_token`, or HTTP 413 all answer `nextToken: null`.
   */
  async listDevices(request: ListDevicesRequest): Promise<OpswatDevicePage> {
    const limit = intIn(request.limit, 1, FLEET_PAGE_MAX, 'listDevices limit');
    if (request.token !== undefined && request.token !== null && typeof request.token !== 'string')
      throw new TypeError(`listDevices token must be a string or null, got ${typeof request.token}`);
    // An empty cursor is "from the start" for us; sent as such, OPSWAT might read it as a bad token.
    const json = request.token ? { limit, token: request.token } : { limit };
    return this.withToken('get devices', async (token) => {
      const reply = await this.post('o/api/v3.7/devices', token, json);
      if (reply.kind === 'no-data') return { devices: [], nextToken: null, rateLimit: reply.rateLimit };
      const body = parseWire(wireDeviceList, reply.body, 'opswat', 'get devices');
      const devices = toListedDevices(body.devices);
      // No devices means no more, whatever token came with them: following it could loop forever.
      const nextToken = body.devices.length > 0 && body.next_token ? body.next_token : null;
      return { devices, nextToken, rateLimit: reply.rateLimit };
    });
  }

  /**
   * One page of Status Change v3 (`POST /o/api/v3/devices/status_changed`, body `{age, verbose: 0,
   * page, limit}`): devices whose status changed within `ageSeconds`, and deleted ones. A page past
   * the end (HTTP 413) is an empty page. `hasMore` when the page was full.
   */
  async statusChanged(request: StatusChangedRequest): Promise<OpswatStatusChangePage> {
    const age = intIn(request.ageSeconds, 0, STATUS_CHANGE_MAX_AGE_SECONDS, 'statusChanged ageSeconds');
    const page = intIn(request.page, 1, Number.MAX_SAFE_INTEGER, 'statusChanged page');
    const limit = intIn(request.limit, 1, FLEET_PAGE_MAX, 'statusChanged limit');
    return this.withToken('status change', async (token) => {
      const reply = await this.post('o/api/v3/devices/status_changed', token, { age, verbose: 0, page, limit });
      if (reply.kind === 'no-data') return { changes: [], hasMore: false, rateLimit: reply.rateLimit };
      const lists = parseWire(wireStatusChanges, reply.body, 'opswat', 'status change');
      // Counted on the wire, not after dropping entries without an id: a full page means more may follow.
      const hasMore = lists.monitored.length + lists.deleted.length >= limit;
      return { changes: toStatusChanges(lists.monitored, lists.deleted), hasMore, rateLimit: reply.rateLimit };
    });
  }

  /**
   * Status Change v2.1 (`GET /o/api/v2.1/devices/status_changed?age=&verbose=0&os_type=`): every
   * device that changed within `ageSeconds`, with its MACs; no paging. OPSWAT's default `os_type`,
   * `win_or_mac`, leaves Linux and mobile devices out: seeing all takes a second call.
   */
  async statusChangedV2(request: StatusChangedV2Request): Promise<OpswatStatusChangeV2Outcome> {
    const age = intIn(request.ageSeconds, 0, STATUS_CHANGE_MAX_AGE_SECONDS, 'statusChangedV2 ageSeconds');
    const osType = request.osType ?? 'win_or_mac';
    if (!OS_TYPES.includes(osType))
      throw new TypeError(`statusChangedV2 osType must be one of ${OS_TYPES.join(', ')}, got ${JSON.stringify(osType)}`);
    return this.withToken('status change v2.1', async (token) => {
      const query = new URLSearchParams({ access_token: token, age: String(age), verbose: '0', os_type: osType });
      const response = await this.options.http.get<unknown>(`o/api/v2.1/devices/status_changed?${query}`, { responseType: 'json' });
      const entries = parseWire(wireStatusChangesV2, response.body, 'opswat', 'status change v2.1');
      return { changes: toStatusChangesV2(entries), rateLimit: parseRateLimit(response.headers, this.now()) };
    });
  }

  /** A JSON POST with the token in the query; a 413 ("no data to return") is an answer, not a failure. */
  private async post(
    path: string,
    token: string,
    json: Record<string, unknown>,
  ): Promise<{ kind: 'body'; body: unknown; rateLimit: RateLimitInfo | null } | { kind: 'no-data'; rateLimit: RateLimitInfo | null }> {
    const query = new URLSearchParams({ access_token: token });
    try {
      const response = await this.options.http.post<unknown>(`${path}?${query}`, { json, responseType: 'json' });
      return { kind: 'body', body: response.body, rateLimit: parseRateLimit(response.headers, this.now()) };
    } catch (error) {
      if (error instanceof HTTPError && error.response.statusCode === 413)
        return { kind: 'no-data', rateLimit: parseRateLimit(error.response.headers, this.now()) };
      throw error;
    }
  }

  /** "access_token is invalid or expired": one new token, one retry, never a loop. */
  private async withToken<T>(operation: string, call: (token: string) => Promise<T>): Promise<T> {
    const { tokens } = this.options;
    const token = await tokens.getToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof HTTPError && error.response.statusCode === 401)) throw this.wrap(error, operation);
      tokens.invalidate(token);
      if (this.options.retryOn401 === false) throw this.wrap(error, operation);
      try {
        return await call(await tokens.getToken());
      } catch (retryError) {
        throw this.wrap(retryError, operation);
      }
    }
  }

  private async requestDetails(asked: readonly string[], unique: string[], token: string): Promise<DeviceDetailsOutcome> {
    const query = new URLSearchParams({ access_token: token });
    // categories defaults to 0 from v3.1 on; without it every report would list no issues.
    const json = { opt: 0, ids: unique, verbose: { system_info: 1, categories: 1 } };
    try {
      const response = await this.options.http.post<unknown>(`o/api/${this.detailsVersion}/devices/detail?${query}`, {
        json,
        responseType: 'json',
      });
      const rateLimit = parseRateLimit(response.headers, this.now());
      const entries = parseWire(wireDeviceDetails, response.body, 'opswat', 'device details');
      return { answers: answerDetails(asked, entries), rateLimit };
    } catch (error) {
      // A 404 for the whole batch: OPSWAT knows none of the ids.
      if (error instanceof HTTPError && error.response.statusCode === 404) {
        return {
          answers: asked.map((id) => ({ id, kind: 'not_found' as const })),
          rateLimit: parseRateLimit(error.response.headers, this.now()),
        };
      }
      throw error;
    }
  }

  private async requestPolicyCheck(segment: string, kind: IdentifierKind, token: string): Promise<PolicyCheckOutcome> {
    const query = new URLSearchParams({ access_token: token, verbose: '1', opt: String(OPT_BY_KIND[kind]) });
    try {
      const response = await this.options.http.get<unknown>(`o/api/v2.2/devices/${segment}/policy_check?${query}`, {
        responseType: 'json',
      });
      const rateLimit = parseRateLimit(response.headers, this.now());
      return { ...toPolicyCheckResult(parseWire(wirePolicyCheck, response.body, 'opswat', 'policy check')), rateLimit };
    } catch (error) {
      if (error instanceof HTTPError && error.response.statusCode === 404)
        return { kind: 'not_found', rateLimit: parseRateLimit(error.response.headers, this.now()) };
      throw error;
    }
  }

  private wrap(error: unknown, operation: string): Error {
    return toUpstreamError(error, 'opswat', operation, this.options.redactor, this.now());
  }
}

/** An integer within [min, max], or a TypeError naming the argument, the range and the value received. */
function intIn(value: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new TypeError(`${name} must be ${range}, got ${JSON.stringify(value)}`);
  }
  return value;
}
