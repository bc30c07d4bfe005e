/** The fake OPSWAT MetaDefender IT Access: OAuth token endpoint and the rate-limited Device Policy Check. */
import { randomUUID } from 'node:crypto';
import { json, type Reply, type RequestContext } from './http.js';
import { normalizeMac } from './nics.js';
import { SlidingWindow, retryAfterSeconds } from './ratelimit.js';
import type { OpswatReport, RouteName, SimFleet } from './types.js';
import type { UpstreamApi } from './upstream.js';

/** What the fake OPSWAT needs beyond the fleet. */
export interface OpswatConfig {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  rateLimit: number;
  rateWindowMs: number;
  retryAfter: boolean;
}

/** Issued tokens; access tokens expire in real time, refresh tokens live as long as the simulator. */
export class TokenStore {
  private access = new Map<string, number>();
  private readonly refresh = new Set<string>();
  constructor(private readonly ttlSeconds: number) {}

  /** Issues an access token, reusing the refresh token when one is given (as Spring OAuth does). */
  issue(now: number, refreshToken: string = randomUUID()): { accessToken: string; refreshToken: string } {
    const accessToken = randomUUID();
    this.access.set(accessToken, now + this.ttlSeconds * 1000);
    this.refresh.add(refreshToken);
    return { accessToken, refreshToken };
  }

  isValid(token: string, now: number): boolean {
    const expiresAt = this.access.get(token);
    return expiresAt !== undefined && now < expiresAt;
  }

  knowsRefresh(token: string): boolean {
    return this.refresh.has(token);
  }

  /** Invalidates every access token issued so far. */
  revokeAll(): void {
    this.access = new Map();
  }
}

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description }, { 'cache-control': 'no-store' });
const invalidToken = (): Reply => json(401, { error: 'invalid_token', error_description: 'access_token is invalid or expired' });
const notFound = (): Reply => json(404, { error: 'Device not found' });

/** Builds the OPSWAT API over a fleet; `tokens` is shared with Simulator.revokeTokens(). */
export function createOpswatApi(fleet: SimFleet, config: OpswatConfig, tokens: TokenStore): UpstreamApi {
  const limiter = new SlidingWindow(config.rateLimit, config.rateWindowMs);
  const byMac = new Map<string, OpswatReport>();
  const byHwid = new Map<string, OpswatReport>();
  for (const device of fleet.devices) {
    const report = device.opswat.report;
    if (!report) continue;
    for (const mac of device.opswat.knownMacs) byMac.set(mac, report);
    if (device.opswat.knownHwid) byHwid.set(device.opswat.knownHwid.toLowerCase(), report);
  }

  const token = (ctx: RequestContext): Reply => {
    if (ctx.method !== 'POST') return oauthError(405, 'method_not_allowed', `Request method '${ctx.method}' not supported`);
    // Spring's token endpoint takes parameters from the form body, the query string, or Basic auth.
    const form = new URLSearchParams(ctx.body);
    const param = (key: string): string | undefined => form.get(key) ?? ctx.query.get(key);
    const basic = basicAuth(ctx.headers.authorization);
    const clientId = param('client_id') ?? basic?.[0];
    const clientSecret = param('client_secret') ?? basic?.[1];
    if (clientId !== config.clientId || clientSecret !== config.clientSecret)
      return oauthError(401, 'invalid_client', 'Bad client credentials');
    const grant = param('grant_type');
    let issued: { accessToken: string; refreshToken: string };
    if (grant === 'client_credentials') {
      issued = tokens.issue(ctx.now);
    } else if (grant === 'refresh_token') {
      const refresh = param('refresh_token') ?? '';
      if (!tokens.knowsRefresh(refresh)) return oauthError(400, 'invalid_grant', 'Invalid refresh token');
      issued = tokens.issue(ctx.now, refresh);
    } else if (grant === undefined || grant === '') {
      return oauthError(400, 'invalid_request', 'Missing grant type');
    } else {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}`);
    }
    return json(
      200,
      {
        access_token: issued.accessToken,
        token_type: 'bearer',
        refresh_token: issued.refreshToken,
        expires_in: config.tokenTtlSeconds,
        scope: 'read',
        client_id: config.clientId,
      },
      { 'cache-control': 'no-store' },
    );
  };

  /** The rate limit comes first, as a gateway in front of the app would: even a bad token spends a slot. */
  const policyCheck = (ctx: RequestContext): Reply => {
    const admission = limiter.tryAdmit(ctx.now);
    if (!admission.admitted) {
      const headers: Record<string, string> = config.retryAfter ? { 'retry-after': retryAfterSeconds(admission.retryAfterMs) } : {};
      return json(
        429,
        {
          error: 'rate_limit_exceeded',
          error_description: `Rate limit of ${config.rateLimit} requests per ${config.rateWindowMs / 1000} seconds exceeded`,
        },
        headers,
      );
    }
    if (ctx.method !== 'GET') return oauthError(405, 'method_not_allowed', `Request method '${ctx.method}' not supported`);
    if (!tokens.isValid(ctx.query.get('access_token') ?? '', ctx.now)) return invalidToken();
    const opt = ctx.query.get('opt') ?? '0';
    const verbose = ctx.query.get('verbose') ?? '0';
    if (!['0', '1', '3'].includes(opt))
      return oauthError(400, 'invalid_request', `opt must be 0 (MAC), 1 (HWID) or 3 (SSID), got '${opt}'`);
    if (!['0', '1'].includes(verbose)) return oauthError(400, 'invalid_request', `verbose must be 0 or 1, got '${verbose}'`);
    const value = ctx.segments[4] ?? '';
    const mac = opt === '0' ? normalizeMac(value) : null;
    const report = opt === '0' ? (mac ? byMac.get(mac) : undefined) : opt === '1' ? byHwid.get(value.toLowerCase()) : undefined;
    if (!report) return notFound();
    if (verbose === '1') return json(200, report);
    const { infections: _omitted, ...brief } = report;
    return json(200, brief);
  };

  return {
    name: 'opswat',
    route: routeOf,
    handle(ctx: RequestContext, route: RouteName): Reply {
      switch (route) {
        case 'oauth-token':
          return token(ctx);
        case 'policy-check':
          return policyCheck(ctx);
        default:
          return oauthError(404, 'not_found', `No handler for ${ctx.method} /${ctx.segments.join('/')}`);
      }
    },
    errorReply(status: number): Reply {
      if (status === 401) return invalidToken();
      if (status === 404) return notFound();
      if (status === 429) return oauthError(429, 'rate_limit_exceeded', 'Too many requests');
      return oauthError(status, status >= 500 ? 'server_error' : 'invalid_request', `HTTP ${status}`);
    },
    malformedBody: (route) =>
      route === 'oauth-token' ? '{"access_token":"ab3aec71-' : '{"status":1,"total_issue":2,"issues":[{"antivirus":{"category":"Anti-',
    controls: { 'revoke-tokens': () => tokens.revokeAll() },
  };
}

function routeOf(_method: string, s: string[]): RouteName {
  if (s.length === 3 && s[0] === 'o' && s[1] === 'oauth' && s[2] === 'token') return 'oauth-token';
  if (
    s.length === 6 &&
    s[0] === 'o' &&
    s[1] === 'api' &&
    (s[2] === 'v2.2' || s[2] === 'v2') &&
    s[3] === 'devices' &&
    s[5] === 'policy_check'
  )
    return 'policy-check';
  return 'unknown';
}

function basicAuth(header: string | undefined): [string, string] | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
