import { HTTPError, type Got } from 'got';
import { parseRateLimit, parseWire, toUpstreamError, type SecretRedactor } from '../common/index.js';
import { answerDetails } from './details.parser.js';
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
import { wireDeviceDetails, wirePolicyCheck } from './opswat.wire.js';
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

/**
 * MetaDefender IT Access: Device Details v3.x (up to 50 devices a call) and Device Policy Check
 * v2.2 (one). Never retries on its own except once after a 401 with a fresh token: each request
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
