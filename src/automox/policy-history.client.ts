import type { Got } from 'got';
import { rawQuery } from '../common/index.js';
import { getAutomoxJson } from './automox.http.js';
import type { Page, PolicyRunResultRow, PolicyRunSummary, RunResultsQuery } from './automox.types.js';
import { wireCollection, wirePolicyResult, wirePolicyRun, type WirePolicyResult, type WirePolicyRun } from './automox.wire.js';

/** Automox's documented ceiling for `limit` on policy-history collections. */
export const MAX_PAGE_LIMIT = 5000;

/** Options for {@link PolicyHistoryClient}. */
export interface PolicyHistoryClientOptions {
  http: Got;
  /** The org UUID policy-history expects as `org=`. */
  orgUuid: string;
}

/**
 * Automox's Policy Results ("policy-history") API: policy runs and per-device results.
 * Query keys carry their operator (`result_status:in[]=`) and are sent literally.
 */
export class PolicyHistoryClient {
  private readonly http: Got;
  private readonly orgUuid: string;

  constructor({ http, orgUuid }: PolicyHistoryClientOptions) {
    this.http = http;
    this.orgUuid = orgUuid;
  }

  /** One page of policy runs, newest first. */
  async listPolicyRuns({
    page = 0,
    limit = 25,
    signal,
  }: {
    page?: number;
    limit?: number;
    signal?: AbortSignal;
  } = {}): Promise<Page<PolicyRunSummary>> {
    const query = rawQuery([
      ['org', this.orgUuid],
      ['sort', 'run_time:desc'],
      ['page', page],
      ['limit', limit],
    ]);
    const body = await getAutomoxJson(
      this.http,
      'policy-history listPolicyRuns',
      `policy-history/policy-runs?${query}`,
      wireCollection(wirePolicyRun),
      signal,
    );
    return toPage(body, page, limit, toPolicyRunSummary);
  }

  /** One page of a run's per-device results, filtered and sorted by Automox. */
  async getRunResults(policyUuid: string, execToken: string, query: RunResultsQuery = {}): Promise<Page<PolicyRunResultRow>> {
    const page = query.page ?? 0;
    const limit = query.limit ?? 25;
    const params: Array<[string, string | number]> = [['org', this.orgUuid]];
    if (query.sort?.length) params.push(['sort', query.sort.map((key) => `${key.field}:${key.direction}`).join(',')]);
    const statuses = query.resultStatus ?? [];
    if (statuses.length === 1) params.push(['result_status:equals', statuses[0]!]);
    else for (const status of statuses) params.push(['result_status:in[]', status]);
    if (query.deviceName) params.push(['device_name:like', query.deviceName]);
    params.push(['page', page], ['limit', limit]);
    const path = `policy-history/policies/${encodeURIComponent(policyUuid)}/${encodeURIComponent(execToken)}?${rawQuery(params)}`;
    const body = await getAutomoxJson(this.http, 'policy-history getRunResults', path, wireCollection(wirePolicyResult), query.signal);
    return toPage(body, page, limit, toPolicyRunResultRow);
  }
}

function toPage<W, T>(
  body: { metadata?: { total_pages?: number | null; total_count?: number | null } | null; data: W[] },
  page: number,
  limit: number,
  map: (wire: W) => T,
): Page<T> {
  const totalCount = body.metadata?.total_count ?? body.data.length;
  const totalPages = body.metadata?.total_pages ?? Math.ceil(totalCount / limit);
  return { page, limit, totalCount, totalPages, items: body.data.map(map) };
}

function toPolicyRunSummary(wire: WirePolicyRun): PolicyRunSummary {
  return {
    policyUuid: wire.policy_uuid,
    policyId: wire.policy_id ?? null,
    policyName: wire.policy_name ?? null,
    policyType: wire.policy_type ?? null,
    policyDeletedAt: wire.policy_deleted_at ?? null,
    execToken: wire.execution_token,
    runTime: wire.run_time ?? null,
    deviceCount: wire.device_count ?? null,
    success: wire.success ?? null,
    failed: wire.failed ?? null,
    pending: wire.pending ?? null,
    notIncluded: wire.not_included ?? null,
    remediationNotApplicable: wire.remediation_not_applicable ?? null,
  };
}

function toPolicyRunResultRow(wire: WirePolicyResult): PolicyRunResultRow {
  return {
    deviceId: wire.device_id ?? null,
    deviceUuid: wire.device_uuid ?? null,
    hostname: wire.hostname ?? null,
    customName: wire.custom_name || null,
    displayName: wire.display_name || null,
    resultStatus: (wire.result_status ?? 'unknown').toLowerCase(),
    // The schema spells it `result-reason`, examples `result_reason`; either may arrive.
    resultReason: wire.result_reason ?? wire['result-reason'] ?? null,
    runTime: wire.run_time ?? null,
    eventTime: wire.event_time ?? null,
    patches: (wire.patches ?? []).filter(Boolean),
    stdout: wire.stdout ?? null,
    stderr: wire.stderr ?? null,
    // The schema says `exit_code`, the example `error_code`.
    exitCode: wire.exit_code ?? wire.error_code ?? null,
    deviceDeletedAt: wire.device_deleted_at ?? null,
    policyUuid: wire.policy_uuid ?? null,
    policyId: wire.policy_id ?? null,
    policyName: wire.policy_name ?? null,
    policyType: wire.policy_type ?? null,
  };
}
