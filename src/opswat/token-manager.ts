import type { Got } from 'got';
import { parseWire, toUpstreamError, UpstreamError, type Logger, type SecretRedactor } from '../common/index.js';
import { wireToken } from './opswat.wire.js';

/** Options for {@link OAuthTokenManager}. */
export interface TokenManagerOptions {
  http: Got;
  clientId: string;
  clientSecret: string;
  redactor: SecretRedactor;
  logger: Logger;
  /** Renew this long before `expires_in` runs out, so a token never expires mid-flight. */
  renewBeforeMs?: number;
  now?: () => number;
}

interface HeldToken {
  value: string;
  expiresAt: number;
}

/**
 * OAuth 2 client-credentials tokens for OPSWAT: one token shared by every call, renewed shortly
 * before `expires_in`, fetched by one request even when many calls need it at once. Each token is
 * registered with the redactor the moment it exists, since it travels in URLs.
 */
export class OAuthTokenManager {
  private readonly options: TokenManagerOptions;
  private readonly now: () => number;
  private held: HeldToken | null = null;
  private pending: Promise<HeldToken> | null = null;
  /** The last failed token request, answered again until `until` instead of asking OPSWAT. */
  private failure: { error: Error; until: number } | null = null;

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    options.redactor.add(options.clientSecret);
  }

  /** A valid access token, from memory when it has time left. */
  async getToken(): Promise<string> {
    const renewBefore = this.options.renewBeforeMs ?? 60_000;
    if (this.held && this.held.expiresAt - renewBefore > this.now()) return this.held.value;
    if (this.failure && this.failure.until > this.now()) throw this.failure.error;
    this.pending ??= this.fetchToken()
      .catch((error: unknown) => {
        // Bad credentials stay bad: without this, every queued lookup would ask for a token.
        const backoff = error instanceof UpstreamError && error.code === 'UPSTREAM_UNAUTHORIZED' ? 30_000 : 2_000;
        this.failure = { error: error as Error, until: this.now() + backoff };
        throw error;
      })
      .finally(() => {
        this.pending = null;
      });
    return (await this.pending).value;
  }

  /** Forgets `token` after OPSWAT rejected it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.held?.value === token) this.held = null;
  }

  private async fetchToken(): Promise<HeldToken> {
    const { http, clientId, clientSecret, redactor, logger } = this.options;
    let body: unknown;
    try {
      body = await http
        .post('o/oauth/token', { form: { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' } })
        .json();
    } catch (error) {
      throw toUpstreamError(error, 'opswat', 'token request', redactor);
    }
    const token = parseWire(wireToken, body, 'opswat', 'token request');
    redactor.add(token.access_token);
    redactor.add(token.refresh_token);
    // Without expires_in, assume the documented ~12 h lifetime but renew hourly to be safe.
    const lifetimeMs = (token.expires_in ?? 3600) * 1000;
    this.held = { value: token.access_token, expiresAt: this.now() + lifetimeMs };
    this.failure = null;
    logger.debug({ expiresInSeconds: token.expires_in }, 'obtained OPSWAT access token');
    return this.held;
  }
}
