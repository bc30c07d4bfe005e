import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { selects, toPageInfo } from '../kernel/index.js';
import type { PolicyContext } from './policy.context.js';
import { toPolicyRun } from './policy-results.service.js';
import { PolicyRunPage, PolicyRunResultFilter, PolicyRunResultPage, PolicyRunResultSort } from './policy.types.js';

/** `policyRuns` and `policyRunResults`: arguments in, services out; the join is PolicyResultsService's. */
@Resolver()
export class PolicyQueryResolver {
  @Query(() => PolicyRunPage, { description: 'Policy runs of the organization, newest first.' })
  async policyRuns(
    @Arg('page', () => Int, { nullable: true, defaultValue: 0, description: 'Page, from 0.' }) page: number | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 25, description: 'Page size, 1 to 5000.' }) limit: number | null,
    @Ctx() { services, signal }: PolicyContext,
  ): Promise<PolicyRunPage> {
    const result = await services.policy.listRuns({ page: page ?? 0, limit: limit ?? 25 }, signal);
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
    @Ctx() { services, loaders, softErrors, signal }: PolicyContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PolicyRunResultPage> {
    const result = await services.policy.runResults(
      {
        policyUuid,
        execToken,
        resultStatus: filter?.resultStatus,
        deviceName: filter?.deviceName,
        sort,
        page: page ?? 0,
        limit: limit ?? 25,
      },
      signal,
    );
    const { nodes, inventoryError } = await services.policyResults.join(
      result.items,
      policyUuid,
      { devices: selects(info, ['nodes', 'device']), compliance: selects(info, ['nodes', 'device', 'compliance']) },
      { inventory: loaders.inventory, compliance: loaders.complianceOfDevices },
    );
    if (inventoryError) softErrors.report(inventoryError.code, inventoryError.message, info, { upstream: inventoryError.upstream });
    return { pageInfo: toPageInfo(result), nodes };
  }
}
