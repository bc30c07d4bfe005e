import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { PolicyRunResultRow, PolicyRunSummary } from '../automox/index.js';
import type { Device } from '../device/device.type.js';
import { toUpstreamError } from '../common/index.js';
import type { GraphQLContext } from '../graphql/index.js';
import type { DeviceWithCompliance } from '../device/index.js';
import { toPageInfo } from '../graphql/page-info.type.js';
import { selects } from '../graphql/selection.js';
import { toResultStatus } from './policy.service.js';
import { PolicyRunPage, type PolicyRunResult, PolicyRunResultFilter, PolicyRunResultPage, PolicyRunResultSort } from './policy.types.js';

/** `policyRuns` and `policyRunResults`. */
@Resolver()
export class PolicyQueryResolver {
  @Query(() => PolicyRunPage, { description: 'Policy runs of the organization, newest first.' })
  async policyRuns(
    @Arg('page', () => Int, { nullable: true, defaultValue: 0, description: 'Page, from 0.' }) page: number | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 25, description: 'Page size, 1 to 5000.' }) limit: number | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<PolicyRunPage> {
    const result = await services.policy.listRuns({ page: page ?? 0, limit: limit ?? 25 });
    return { pageInfo: toPageInfo(result), nodes: result.items.map(toPolicyRun) };
  }

  @Query(() => PolicyRunResultPage, {
    description: "A policy run's per-device results, each joined to its device and that device's compliance.",
  })
  async policyRunResults(
    @Arg('policyUuid', () => ID, { description: 'Policy UUID.' }) policyUuid: string,
    @Arg('execToken', () => ID, { description: 'Execution token of the run.' }) execToken: string,
    @Arg('filter', () => PolicyRunResultFilter, { nullable: true, description: 'Filters applied by Automox.' })
    filter: PolicyRunResultFilter | null,
    @Arg('sort', () => [PolicyRunResultSort], { nullable: true, description: 'Sort keys, applied in order.' }) sort:
      | PolicyRunResultSort[]
      | null,
    @Arg('page', () => Int, { nullable: true, defaultValue: 0, description: 'Page, from 0.' }) page: number | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 25, description: 'Page size, 1 to 5000.' }) limit: number | null,
    @Ctx() { services, loaders, softErrors }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PolicyRunResultPage> {
    const result = await services.policy.runResults({
      policyUuid,
      execToken,
      resultStatus: filter?.resultStatus,
      deviceName: filter?.deviceName,
      sort,
      page: page ?? 0,
      limit: limit ?? 25,
    });
    // The join happens here, once per page, not in a resolver per row: a 1,000-row page would
    // otherwise build 1,000 promise chains for what is a map lookup each.
    const index = selects(info, ['nodes', 'device'])
      ? await loaders.inventory().catch((thrown: unknown) => {
          // Without the inventory each row still shows what Automox's result says of its device.
          const error = toUpstreamError(thrown, 'automox', 'console listServers');
          softErrors.report(error.code, error.message, info, { upstream: error.upstream });
          return null;
        })
      : null;
    const devices = result.items.map((row) => services.devices.joinResult(row, index));
    // The page's compliance in one batch through the request's loader, handed down with each
    // device: the rest of the page then resolves synchronously, instead of one promise per row.
    const compliance = selects(info, ['nodes', 'device', 'compliance']) ? await loaders.complianceByDevice.loadMany(devices) : [];
    const nodes = result.items.map((row, i) => {
      const known = compliance[i];
      const device: DeviceWithCompliance = known && !(known instanceof Error) ? { ...devices[i]!, compliance: known } : devices[i]!;
      return toPolicyRunResult(row, device as Device, policyUuid);
    });
    return { pageInfo: toPageInfo(result), nodes };
  }
}

function toPolicyRun(run: PolicyRunSummary) {
  return {
    policy: { uuid: run.policyUuid, name: run.policyName, type: run.policyType },
    execToken: run.execToken,
    runTime: run.runTime,
    deviceCount: run.deviceCount,
    success: run.success,
    failed: run.failed,
    pending: run.pending,
    notIncluded: run.notIncluded,
    remediationNotApplicable: run.remediationNotApplicable,
  };
}

function toPolicyRunResult(row: PolicyRunResultRow, device: Device, policyUuid: string): PolicyRunResult {
  return {
    device,
    resultStatus: toResultStatus(row.resultStatus),
    rawResultStatus: row.resultStatus,
    resultReason: row.resultReason,
    runTime: row.runTime,
    eventTime: row.eventTime,
    patches: row.patches,
    stdout: row.stdout,
    stderr: row.stderr,
    exitCode: row.exitCode,
    policy: { uuid: row.policyUuid ?? policyUuid.toLowerCase(), name: row.policyName, type: row.policyType },
  };
}
