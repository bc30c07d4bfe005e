import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { ComplianceContext } from './compliance.context.js';
import type { ComplianceLookupResult } from './compliance.model.js';
import { validateIdentifier } from './compliance.service.js';
import { ComplianceLookup, DeviceIdentifierKind } from './compliance.types.js';
import { reportFailure } from './report-failure.js';

/** `compliance(identifier:, kind:)`: OPSWAT compliance by identifier, without Automox. */
@Resolver()
export class ComplianceResolver {
  @Query(() => ComplianceLookup, {
    description:
      "A device's OPSWAT compliance by identifier (a MAC address unless kind says otherwise). Never waits longer than COMPLIANCE_MAX_WAIT_MS: see state and retryAfterSeconds.",
  })
  async compliance(
    @Arg('identifier', () => String, { description: 'The identifier: a MAC address in any common notation, a HWID or an SSID.' })
    identifier: string,
    @Arg('kind', () => DeviceIdentifierKind, {
      defaultValue: DeviceIdentifierKind.MAC_ADDRESS,
      description: 'How OPSWAT interprets the identifier.',
    })
    kind: DeviceIdentifierKind,
    @Ctx() context: ComplianceContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplianceLookupResult> {
    const key = validateIdentifier(identifier, kind);
    return reportFailure(await context.loaders.complianceByIdentifier.load(key), context, info);
  }
}
