import { HTTPError, type Got } from 'got';
import { parseWire, toUpstreamError, type SecretRedactor } from '../common/index.js';
import { OPT_BY_KIND, type IdentifierKind, type PolicyCheckResult } from './opswat.types.js';
import { wirePolicyCheck } from './opswat.wire.js';
import { toPolicyCheckResult } from './report.parser.js';
import type { OAuthTokenManager } from './token-manager.js';

/** Called before every billable OPSWAT API request; resolves when the call may go out. */
export type CallGate = () => Promise<void>;

/** Options for {@link OpswatClient}. */
export interface OpswatClientOptions {
  http: Got;
  tokens: OAuthTokenManager;
  redactor: SecretRedactor;
  /** The shared call budget; every request, including a retry after 401, passes through it. */
  gate?: CallGate;
}

/**
 * MetaDefender IT Access Device Policy Check v2.2. Never retries on its own except once after a
 * 401 with a fresh token: each request spends one of the account's 10 calls a minute, so
 * retrying is the compliance queue's decision, not the HTTP client's.
 */
export class OpswatClient {
  private readonly options: OpswatClientOptions;

  constructor(options: OpswatClientOptions) {
    this.options = options;
  }

  /** Asks OPSWAT for a device's compliance, verbose so one call serves every field. */
  async policyCheck(identifier: string, kind: IdentifierKind = 'MAC_ADDRESS'): Promise<PolicyCheckResult> {
    const { tokens } = this.options;
    const token = await tokens.getToken();
    try {
      return await this.request(identifier, kind, token);
    } catch (error) {
      if (!(error instanceof HTTPError && error.response.statusCode === 401)) throw this.wrap(error);
      // "access_token is invalid or expired": one new token, one retry, never a loop.
      tokens.invalidate(token);
      try {
        return await this.request(identifier, kind, await tokens.getToken());
      } catch (retryError) {
        throw this.wrap(retryError);
      }
    }
  }

  private async request(identifier: string, kind: IdentifierKind, token: string): Promise<PolicyCheckResult> {
    await this.options.gate?.();
    // Colons stay literal in the path: OPSWAT matches MACs as `aa:bb:…`.
    const value = encodeURIComponent(identifier).replace(/%3A/gi, ':');
    const query = new URLSearchParams({ access_token: token, verbose: '1', opt: String(OPT_BY_KIND[kind]) });
    try {
      const body = await this.options.http.get(`o/api/v2.2/devices/${value}/policy_check?${query}`).json();
      return toPolicyCheckResult(parseWire(wirePolicyCheck, body, 'opswat', 'policy check'));
    } catch (error) {
      if (error instanceof HTTPError && error.response.statusCode === 404) return { kind: 'not_found' };
      throw error;
    }
  }

  private wrap(error: unknown): Error {
    return toUpstreamError(error, 'opswat', 'policy check', this.options.redactor);
  }
}
