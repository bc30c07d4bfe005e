/** The fake Automox: policy-history (bare and under /api) and the console's /orgs and /servers. */
import { automoxFacts } from './automox.facts.js';
import { deviceDetail, orgsJson, page, runSummary, serverJson, type AutomoxAccount } from './automox.wire.js';
import { json, strictInt, type Query, type Reply, type RequestContext } from './http.js';
import { PenaltyWindow } from './ratelimit.js';
import type { RouteName, SimFleet, SimResultRow, SimRun } from './types.js';
import type { UpstreamApi } from './upstream.js';

/** What the fake Automox needs beyond the fleet. */
export interface AutomoxConfig extends AutomoxAccount {
  apiKey: string;
  serversRateLimit: number;
  serversRateWindowMs: number;
  serversPenaltyMs: number;
}

/** Thrown by validation to short-circuit a handler with a finished reply. */
class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(`refused with ${reply.status}`);
  }
}

const errors = (status: number, message: string): Reply => json(status, { errors: [message] });

/** Policy-history validation errors use the richer BadRequest shape. */
function badRequest(field: string, message: string): Refusal {
  return new Refusal(
    json(400, { status: 400, code: 'bad-request', title: 'Bad Request', message, errors: [{ field, errors: [message] }] }),
  );
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Entity not found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

type Compare<T> = (a: T, b: T) => number;
const byText = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
const RESULT_SORTS: Record<string, Compare<SimResultRow>> = {
  run_time: (a, b) => byText(a.run_time, b.run_time),
  device_display_name: (a, b) => byText(a.display_name, b.display_name),
  result_status: (a, b) => byText(a.result_status, b.result_status),
};
type Summary = { run: SimRun; counts: Record<string, unknown> };
const RUN_SORTS: Record<string, Compare<Summary>> = {
  device_count: (a, b) => a.run.results.length - b.run.results.length,
  run_time: (a, b) => byText(a.run.runTime, b.run.runTime),
  policy_name: (a, b) => byText(a.run.policy.name, b.run.policy.name),
};

/** Builds the Automox API over a fleet. */
export function createAutomoxApi(fleet: SimFleet, config: AutomoxConfig): UpstreamApi {
  const servers = new PenaltyWindow(config.serversRateLimit, config.serversRateWindowMs, config.serversPenaltyMs);
  const live = fleet.devices.filter((d) => d.deletedAt === null);

  const checkOrgUuid = (q: Query): void => {
    const org = q.get('org');
    if (org === undefined || org === '')
      throw badRequest('org', "Required request parameter 'org' for method parameter type UUID is not present");
    if (org.toLowerCase() !== config.orgUuid.toLowerCase())
      throw new Refusal(errors(403, 'You do not have permission to perform this action.'));
  };

  const checkOrgId = (q: Query): void => {
    const o = q.get('o');
    // The docs say the org is taken from the API key when `o` is left out.
    if (o === undefined) return;
    const id = strictInt(o);
    if (Number.isNaN(id)) throw new Refusal(errors(400, `o must be an integer organization id, got '${o}'`));
    if (id !== config.orgId) throw new Refusal(errors(403, 'You do not have permission to perform this action.'));
  };

  const historyPaging = (q: Query): { pageNo: number; limit: number } => {
    const limit = strictInt(q.get('limit') ?? '25');
    if (!(limit >= 1 && limit <= 5000)) throw badRequest('limit', 'limit must be an integer between 1 and 5000');
    const pageNo = strictInt(q.get('page') ?? '0');
    if (!(pageNo >= 0)) throw badRequest('page', 'page must be an integer greater than or equal to 0');
    return { pageNo, limit };
  };

  const policyResults = (ctx: RequestContext): Reply => {
    const q = ctx.query;
    checkOrgUuid(q);
    const { pageNo, limit } = historyPaging(q);
    const compare = parseSort(q.get('sort'), RESULT_SORTS, undefined);
    const [, , policyUuid = '', token = ''] = stripApi(ctx.segments);
    const run = fleet.runs.find((r) => r.policy.uuid === policyUuid.toLowerCase() && r.executionToken === token.toLowerCase());
    if (!run) return errors(404, 'Entity not found');
    const equals = q.all('result_status:equals');
    const within = [...q.all('result_status:in[]'), ...q.all('result_status:in').flatMap((v) => v.split(','))].filter((v) => v !== '');
    const like = q.all('device_name:like').map((v) => v.toLowerCase());
    const rows = run.results.filter(
      (r) =>
        equals.every((s) => r.result_status === s) &&
        (within.length === 0 || within.includes(r.result_status)) &&
        like.every((frag) => r.hostname.toLowerCase().includes(frag) || r.custom_name.toLowerCase().includes(frag)),
    );
    return json(200, page(compare ? [...rows].sort(compare) : rows, pageNo, limit));
  };

  const policyRuns = (ctx: RequestContext): Reply => {
    const q = ctx.query;
    checkOrgUuid(q);
    const { pageNo, limit } = historyPaging(q);
    const compare = parseSort(q.get('sort'), RUN_SORTS, 'run_time:desc');
    const list = (key: string): string[] =>
      q
        .all(key)
        .flatMap((v) => v.split(','))
        .map((v) => v.trim().toLowerCase())
        .filter((v) => v !== '');
    const oneOf = (value: string, base: string): boolean => {
      const allowed = [...list(`${base}:in`), ...list(`${base}:equals`)];
      return allowed.length === 0 || allowed.includes(value.toLowerCase());
    };
    const like = list('policy_name:like');
    const statuses = [...list('result_status:in'), ...list('result_status:equals')];
    const start = time(q, 'start_time');
    const end = time(q, 'end_time');
    const runs = fleet.runs.filter((run) => {
      const at = Date.parse(run.runTime);
      return (
        oneOf(run.policy.name, 'policy_name') &&
        like.every((frag) => run.policy.name.toLowerCase().includes(frag)) &&
        oneOf(run.policy.type, 'policy_type') &&
        oneOf(run.policy.uuid, 'policy_uuid') &&
        (statuses.length === 0 || run.results.some((r) => statuses.includes(r.result_status))) &&
        (start === undefined || at >= start) &&
        (end === undefined || at <= end)
      );
    });
    const summaries = runs.map((run) => ({ run, counts: runSummary(run, config) }));
    const sorted = compare ? summaries.sort(compare) : summaries;
    const body = page(sorted, pageNo, limit);
    return json(200, { metadata: body.metadata, data: body.data.map((s) => s.counts) });
  };

  const listServers = (ctx: RequestContext): Reply => {
    const admission = servers.tryAdmit(ctx.now);
    // The real API documents no Retry-After here: a client must sit out the whole minute on its own.
    if (!admission.admitted) return errors(429, 'Too Many Requests');
    const q = ctx.query;
    checkOrgId(q);
    const limit = strictInt(q.get('limit') ?? '500');
    if (!(limit >= 1 && limit <= 500)) return errors(400, 'limit must be an integer between 1 and 500');
    const pageNo = strictInt(q.get('page') ?? '0');
    if (!(pageNo >= 0)) return errors(400, 'page must be an integer greater than or equal to 0');
    const withDetail = q.get('include_details') === '1';
    return json(
      200,
      live.slice(pageNo * limit, (pageNo + 1) * limit).map((d) => serverJson(d, automoxFacts(d, fleet), config, withDetail, live.length)),
    );
  };

  const oneServer = (ctx: RequestContext): Reply => {
    checkOrgId(ctx.query);
    const id = strictInt(stripApi(ctx.segments)[1] ?? '');
    const device = live.find((d) => d.id === id);
    if (!device) return errors(404, 'Entity not found');
    return json(200, { ...serverJson(device, automoxFacts(device, fleet), config, true, 1), [device.detailKey]: deviceDetail(device) });
  };

  return {
    name: 'automox',
    route: routeOf,
    handle(ctx: RequestContext, route: RouteName): Reply {
      const auth = ctx.headers.authorization ?? '';
      if (!/^bearer /i.test(auth) || auth.slice(7).trim() !== config.apiKey) return errors(401, 'Unauthorized');
      if (route === 'unknown') return errors(404, 'Not Found');
      if (ctx.method !== 'GET') return errors(405, 'Method Not Allowed');
      try {
        switch (route) {
          case 'policy-runs':
            return policyRuns(ctx);
          case 'policy-results':
            return policyResults(ctx);
          case 'orgs':
            return json(200, orgsJson(config, live.length));
          case 'servers':
            return listServers(ctx);
          case 'server':
            return oneServer(ctx);
          default:
            return errors(404, 'Not Found');
        }
      } catch (error) {
        if (error instanceof Refusal) return error.reply;
        throw error;
      }
    },
    errorReply: (status) => errors(status, REASON[status] ?? `HTTP ${status}`),
    malformedBody: (route) =>
      route === 'servers' || route === 'orgs'
        ? '[{"id":1000123,"detail":{"NICS":[{"MAC":"3c:52'
        : '{"metadata":{"current_page":0,"total_pages":4,"data":[{"device_id":10',
  };
}

/** Newer accounts serve policy-history under /api too; the console lives only under /api. */
function routeOf(_method: string, segments: string[]): RouteName {
  const underApi = segments[0] === 'api';
  const [a, b, c, d, ...rest] = stripApi(segments);
  if (a === 'policy-history' && b === 'policy-runs' && c === undefined) return 'policy-runs';
  if (a === 'policy-history' && b === 'policies' && c !== undefined && d !== undefined && rest.length === 0) return 'policy-results';
  if (!underApi) return 'unknown';
  if (a === 'orgs' && b === undefined) return 'orgs';
  if (a === 'servers' && b === undefined) return 'servers';
  if (a === 'servers' && b !== undefined && c === undefined) return 'server';
  return 'unknown';
}

function stripApi(segments: string[]): string[] {
  return segments[0] === 'api' ? segments.slice(1) : segments;
}

/** `field:dir,field:dir`; later keys break ties, direction defaults to asc, unknown fields are a 400. */
function parseSort<T>(raw: string | undefined, fields: Record<string, Compare<T>>, fallback: string | undefined): Compare<T> | undefined {
  const spec = raw === undefined || raw === '' ? fallback : raw;
  if (spec === undefined) return undefined;
  const keys = spec.split(',').map((part) => {
    const [field = '', dir = 'asc', extra] = part.trim().split(':');
    const compare = fields[field];
    if (!compare || extra !== undefined)
      throw badRequest('sort', `Invalid sort field '${field}'; expected one of ${Object.keys(fields).join(', ')}`);
    if (dir !== 'asc' && dir !== 'desc') throw badRequest('sort', `Invalid sort direction '${dir}'; expected asc or desc`);
    return { compare, sign: dir === 'asc' ? 1 : -1 };
  });
  return (a, b) => {
    for (const { compare, sign } of keys) {
      const c = compare(a, b);
      if (c !== 0) return c * sign;
    }
    return 0;
  };
}

function time(q: Query, key: string): number | undefined {
  const value = q.get(key);
  if (value === undefined || value === '') return undefined;
  // Callers copy the docs' example literally, quotes included: `start_time='2024-03-27T12:23:45Z'`.
  const at = Date.parse(value.replace(/^['"]|['"]$/g, ''));
  if (Number.isNaN(at)) throw badRequest(key, `${key} must be an ISO 8601 date-time such as 2024-03-27T12:23:45Z`);
  return at;
}
