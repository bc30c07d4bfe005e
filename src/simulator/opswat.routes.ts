/**
 * The fake OPSWAT MetaDefender IT Access: OAuth token endpoint, Device Policy Check, Device Details,
 * Get Devices and Status Change (v3 and v2.1), all on one account budget.
 */
import { randomUUID } from 'node:crypto';
import { json, type Reply, type RequestContext } from './http.js';
import { normalizeMac } from './nics.js';
import type { OpswatAccount } from './opswat.account.js';
import { createDeviceDetails, type DetailsVariants } from './opswat.details.js';
import { opswatDevices } from './opswat.fleet.js';
import { createFleetApis, type ListingVariants } from './opswat.listing.js';
import type { WebhookPusher } from './opswat.webhook.js';
import { SlidingWindow, retryAfterSeconds } from './ratelimit.js';
import type { RouteName, SimDevice, SimFleet } from './types.js';
import type { UpstreamApi } from './upstream.js';

/** What the fake OPSWAT needs beyond the fleet. */
export interface OpswatConfig {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  rateLimit: number;
  rateWindowMs: number;
  retryAfter: boolean;
  /** X-RateLimit-Reset-Time as seconds until a slot frees, or that moment in epoch seconds. */
  resetTime: 'seconds-until' | 'epoch-seconds';
  /** Transit before a billable call is counted: a random 0–N ms, or a function's value. */
  transitMs: number | (() => number);
}

/** Everything the fake OPSWAT is configured with. */
export type OpswatSimConfig = OpswatConfig & DetailsVariants & ListingVariants;

/** The account's changing state and its webhook, owned by the composition root (tests drive them too). */
export interface OpswatState {
  account: OpswatAccount;
  webhook: WebhookPusher;
}

/** Routes that spend the account's calls: all share one window, the safe reading of the docs. */
const BILLABLE: ReadonlySet<RouteName> = new Set(['policy-check', 'device-details', 'get-devices', 'status-changed', 'status-changed-v2']);

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
export function createOpswatApi(fleet: SimFleet, config: OpswatSimConfig, tokens: TokenStore, state: OpswatState): UpstreamApi {
  const limiter = new SlidingWindow(config.rateLimit, config.rateWindowMs);
  const devices = opswatDevices(fleet);
  const deviceDetails = createDeviceDetails(devices, config);
  const fleetApis = createFleetApis(state.account, config);
  // Devices, not reports: a change replaces a deleted device's report, and every answer reads the current one.
  const byMac = new Map<string, SimDevice>();
  const byHwid = new Map<string, SimDevice>();
  for (const device of devices) {
    if (!device.opswat.report) continue;
    for (const mac of device.opswat.knownMacs) byMac.set(mac, device);
    if (device.opswat.knownHwid) byHwid.set(device.opswat.knownHwid.toLowerCase(), device);
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
  const admit = (ctx: RequestContext): Reply | null => {
    const admission = limiter.tryAdmit(ctx.now);
    if (admission.admitted) return null;
    const headers: Record<string, string> = config.retryAfter ? { 'retry-after': retryAfterSeconds(admission.retryAfterMs) } : {};
    return json(
      429,
      {
        error: 'rate_limit_exceeded',
        error_description: `Rate limit of ${config.rateLimit} requests per ${config.rateWindowMs / 1000} seconds exceeded`,
      },
      headers,
    );
  };

  /** The documented rate-limit headers, as the window stands once this call is counted (or refused). */
  const rateHeaders = (now: number): Record<string, string> => {
    const { remaining, resetAt } = limiter.state(now);
    const reset = config.resetTime === 'epoch-seconds' ? Math.ceil(resetAt / 1000) : Math.ceil((resetAt - now) / 1000);
    return {
      'x-ratelimit-limit': String(config.rateLimit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset-time': String(reset),
    };
  };

  /** The budget, then the method, then the token: the order in which a gateway and the app would refuse a call. */
  const guard = (ctx: RequestContext, method: 'GET' | 'POST', bearerToo: boolean): Reply | null => {
    const refused = admit(ctx);
    if (refused) return refused;
    if (ctx.method !== method) return oauthError(405, 'method_not_allowed', `Request method '${ctx.method}' not supported`);
    // The documented place is the query; integrators also send it as a Bearer header.
    const bearer = bearerToo ? /^bearer (.+)$/i.exec(ctx.headers.authorization ?? '')?.[1] : undefined;
    if (!tokens.isValid(ctx.query.get('access_token') ?? bearer ?? '', ctx.now)) return invalidToken();
    // Scheduled changes due by now happen before the call is answered, however long the simulator was idle.
    state.account.tick();
    return null;
  };

  const details = (ctx: RequestContext): Reply => guard(ctx, 'POST', true) ?? deviceDetails(ctx.segments[2] ?? '', ctx.body);

  const policyCheck = (ctx: RequestContext): Reply => {
    const refused = guard(ctx, 'GET', false);
    if (refused) return refused;
    const opt = ctx.query.get('opt') ?? '0';
    const verbose = ctx.query.get('verbose') ?? '0';
    if (!['0', '1', '3'].includes(opt))
      return oauthError(400, 'invalid_request', `opt must be 0 (MAC), 1 (HWID) or 3 (SSID), got '${opt}'`);
    if (!['0', '1'].includes(verbose)) return oauthError(400, 'invalid_request', `verbose must be 0 or 1, got '${verbose}'`);
    const value = ctx.segments[4] ?? '';
    const mac = opt === '0' ? normalizeMac(value) : null;
    const device = opt === '0' ? (mac ? byMac.get(mac) : undefined) : opt === '1' ? byHwid.get(value.toLowerCase()) : undefined;
    const report = device?.opswat.report;
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
        case 'device-details':
          return details(ctx);
        case 'get-devices':
          return guard(ctx, 'POST', true) ?? fleetApis.getDevices(ctx.segments[2] ?? '', ctx.body);
        case 'status-changed':
          return guard(ctx, 'POST', true) ?? fleetApis.statusChanged(ctx.body);
        case 'status-changed-v2':
          return guard(ctx, 'GET', true) ?? fleetApis.statusChangedV2(ctx.query);
        default:
          return oauthError(404, 'not_found', `No handler for ${ctx.method} /${ctx.segments.join('/')}`);
      }
    },
    transitMs(route: RouteName): number {
      if (!BILLABLE.has(route)) return 0;
      return typeof config.transitMs === 'function' ? config.transitMs() : Math.random() * config.transitMs;
    },
    headersFor: (route: RouteName, now: number) => (BILLABLE.has(route) ? rateHeaders(now) : {}),
    errorReply(status: number): Reply {
      if (status === 401) return invalidToken();
      if (status === 404) return notFound();
      if (status === 429) return oauthError(429, 'rate_limit_exceeded', 'Too many requests');
      return oauthError(status, status >= 500 ? 'server_error' : 'invalid_request', `HTTP ${status}`);
    },
    malformedBody: (route) => MALFORMED[route] ?? '{"status":1,"total_issue":2,"issues":[{"antivirus":{"category":"Anti-',
    controls: { 'revoke-tokens': () => tokens.revokeAll() },
    control: (method, name, body) => accountControl(state, method, name, body),
  };
}

/** A 200 cut short, in the shape each route would have sent (Policy Check's is the fallback). */
const MALFORMED: Partial<Record<RouteName, string>> = {
  'oauth-token': '{"access_token":"ab3aec71-',
  'device-details': '[{"device_id":"KZ60M9CW7L1L218D","status":"non_compl',
  'get-devices': '{"next_token":"eyJ","devices":[{"device_id":"KZ60M9CW7L1L218D","sev',
  'status-changed': '{"monitored_devices":[{"device_id":"KZ60M9CW7L1L218D","status":"non-comp',
  'status-changed-v2': '{"devices":[{"hwid":"KZ60M9CW7L1L218D","status":1,"mac_addr',
};

/**
 * `POST /__sim/opswat/change` `{device_id, status?, total_issues?, total_critical_issues?, deleted?}`,
 * `POST /__sim/opswat/tick`, `GET /__sim/opswat/webhook`, and `POST /__sim/opswat/webhook` with
 * `{url, key}` (configure and enable) or `{enabled: false|true}`. Undefined for any other control.
 */
function accountControl(state: OpswatState, method: string, name: string, raw: string): Reply | undefined {
  if (name === 'opswat/webhook' && method === 'GET') return json(200, state.webhook.state());
  if (method !== 'POST' || !['opswat/change', 'opswat/tick', 'opswat/webhook'].includes(name)) return undefined;
  try {
    const body = (raw.trim() === '' ? {} : JSON.parse(raw)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RangeError('body must be a JSON object');
    if (name === 'opswat/tick') return json(200, state.account.tick());
    if (name === 'opswat/change') {
      const change = {
        status: body.status as string | undefined,
        totalIssues: body.total_issues as number | undefined,
        totalCriticalIssues: body.total_critical_issues as number | undefined,
        deleted: body.deleted === true,
      };
      return json(200, state.account.change(String(body.device_id ?? ''), change));
    }
    if (typeof body.url === 'string') state.webhook.configure(body.url, String(body.key ?? ''));
    else if (typeof body.enabled === 'boolean') state.webhook.setEnabled(body.enabled);
    else throw new RangeError('send {url, key} to configure the webhook, or {enabled: true|false}');
    return json(200, state.webhook.state());
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
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
  if (s.length === 5 && s[0] === 'o' && s[1] === 'api' && /^v3\.[1-8]$/.test(s[2] ?? '') && s[3] === 'devices' && s[4] === 'detail')
    return 'device-details';
  if (s.length === 4 && s[0] === 'o' && s[1] === 'api' && /^v3\.[5-7]$/.test(s[2] ?? '') && s[3] === 'devices') return 'get-devices';
  if (s.length === 5 && s[0] === 'o' && s[1] === 'api' && s[3] === 'devices' && s[4] === 'status_changed') {
    if (s[2] === 'v3' || s[2] === 'v3.0') return 'status-changed';
    if (s[2] === 'v2.1') return 'status-changed-v2';
  }
  return 'unknown';
}

function basicAuth(header: string | undefined): [string, string] | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
