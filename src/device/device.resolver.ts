import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { ComplianceLookup, reportFailure, type ComplianceLookupResult } from '../compliance/index.js';
import type { InventoryDevice } from '../inventory/index.js';
import type { DeviceContext } from './device.context.js';
import type { DeviceWithCompliance } from './device.service.js';
import { DeviceService } from './device.service.js';
import { Device } from './device.type.js';

/**
 * `Device.compliance`: a device whose compliance came with it (a page's or an entity batch's one
 * lookup) answers synchronously; any other goes through the request's loader.
 */
export function resolveDeviceCompliance(
  device: DeviceWithCompliance,
  context: DeviceContext,
  info: GraphQLResolveInfo,
): ComplianceLookupResult | Promise<ComplianceLookupResult> {
  if (device.compliance) return reportFailure(device.compliance, context, info);
  return context.loaders.complianceByDevice.load(device).then((result) => reportFailure(result, context, info));
}

/** `device(...)` and the device's compliance join. */
@Resolver(() => Device)
export class DeviceResolver {
  @Query(() => Device, {
    nullable: true,
    description:
      'A device of the Automox inventory, by hostname or by MAC address (exactly one). Null when none matches. Hostnames are not unique (a re-imaged machine, two laptops with one default name): a hostname answers ONE of the devices holding it, the live one last seen (then the lowest id); to see every one, use `devices(filter: {hostnameContains:})`, and to name one, its `id`.',
  })
  async device(
    @Arg('hostname', () => String, {
      nullable: true,
      description: 'Hostname; case-insensitive, a short name matches a fully qualified one.',
    })
    hostname: string | null,
    @Arg('macAddress', () => String, { nullable: true, description: 'MAC address in any common notation.' }) macAddress: string | null,
    @Ctx() { loaders }: DeviceContext,
  ): Promise<InventoryDevice | null> {
    const query = DeviceService.parseArgs({ hostname, macAddress });
    return query.kind === 'hostname' ? loaders.deviceByHostname.load(query.hostname) : loaders.deviceByMac.load(query.mac);
  }

  @FieldResolver(() => ComplianceLookup)
  compliance(
    @Root() device: DeviceWithCompliance,
    @Ctx() context: DeviceContext,
    @Info() info: GraphQLResolveInfo,
  ): ComplianceLookupResult | Promise<ComplianceLookupResult> {
    return resolveDeviceCompliance(device, context, info);
  }
}
