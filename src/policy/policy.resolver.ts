import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { PolicyRunResultRow, PolicyRunSummary } from '../automox/index.js';
import { deviceForResult } from '../device/device.service.js';
import { Device } from '../device/device.type.js';
import { toUpstreamError } from '../common/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { toPageInfo } from '../graphql/page-info.type.js';
import type { DeviceRecord } from '../inventory/index.js';
import { toResultStatus } from './policy.service.js';
import { PolicyRunPage, PolicyRunResult, PolicyRunResultFilter, PolicyRunResultPage, PolicyRunResultSort } from './policy.types.js';

/** A result row on its way to the graph; `device` is joined by a field resolver. */
type PolicyRunResultParent = Omit<PolicyRunResult, 'device'> & { source: PolicyRunResultRow };

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

  @Query(() => PolicyRunResultPage, { description: "A policy run's per-device results, each joined to its device and that device's compliance." })
  async policyRunResults(
    @Arg('policyUuid', () => ID, { description: 'Policy UUID.' }) policyUuid: string,
    @Arg('execToken', () => ID, { description: 'Execution token of the run.' }) execToken: string,
    @Arg('filter', () => PolicyRunResultFilter, { nullable: true, description: 'Filters applied by Automox.' }) filter: PolicyRunResultFilter | null,
    @Arg('sort', () => [PolicyRunResultSort], { nullable: true, description: 'Sort keys, applied in order.' }) sort: PolicyRunResultSort[] | null,
    @Arg('page', () => Int, { nullable: true, defaultValue: 0, description: 'Page, from 0.' }) page: number | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 25, description: 'Page size, 1 to 5000.' }) limit: number | null,
    @Ctx() { services }: GraphQLContext,
  ): Promise<PolicyRunResultPage> {
    const result = await services.policy.runResults({ policyUuid, execToken, resultStatus: filter?.resultStatus, deviceName: filter?.deviceName, sort, page: page ?? 0, limit: limit ?? 25 });
    return { pageInfo: toPageInfo(result), nodes: result.items.map((row) => toPolicyRunResult(row, policyUuid)) as unknown as PolicyRunResult[] };
  }
}

/** Joins each result to its device through the per-request inventory. */
@Resolver(() => PolicyRunResult)
export class PolicyRunResultResolver {
  @FieldResolver(() => Device)
  async device(@Root() result: PolicyRunResultParent, @Ctx() { loaders, softErrors, services }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<DeviceRecord> {
    const index = await loaders.inventory().catch((thrown: unknown) => {
      // Without the inventory the row still shows what Automox's result says of the device.
      const error = toUpstreamError(thrown, 'automox', 'console listServers');
      softErrors.report(error.code, error.message, info, { upstream: error.upstream });
      return null;
    });
    const device = deviceForResult(result.source, index);
    if (index && device.macAddresses.length === 0 && result.source.deviceId !== null && !index.byId(result.source.deviceId)) services.devices.noteUnlisted(result.source);
    return device;
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

function toPolicyRunResult(row: PolicyRunResultRow, policyUuid: string): PolicyRunResultParent {
  return {
    source: row,
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
