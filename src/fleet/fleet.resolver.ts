import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Device, type DeviceWithCompliance } from '../device/index.js';
import type { FleetContext } from './fleet.context.js';
import { FIRST_DEFAULT, FIRST_MAX, type DevicePage, type FleetSummaryData } from './fleet-views.js';
import { DeviceConnection, DeviceFilter, DeviceMatchInfo, DeviceSort, FleetSummary } from './fleet.types.js';

/** `devices` and `fleetSummary`: thin over {@link FleetViews}. */
@Resolver()
export class FleetResolver {
  @Query(() => DeviceConnection, {
    description:
      'The fleet, a page at a time (Relay): every Automox inventory device with its compliance as the fleet index holds it. Costs no OPSWAT call; warm, no Automox call either. Two devices sharing a hostname are two rows.',
  })
  devices(
    @Arg('filter', () => DeviceFilter, { nullable: true, description: 'Which devices (every filter given must hold).' })
    filter: DeviceFilter | null,
    @Arg('sort', () => [DeviceSort], { nullable: true, description: 'Order (default HOSTNAME ASC); the device id breaks ties.' })
    sort: DeviceSort[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: FIRST_DEFAULT, description: `Rows of the page, 0 to ${FIRST_MAX}.` })
    first: number | null,
    @Arg('after', () => String, {
      nullable: true,
      description: "A previous page's endCursor (or any edge's cursor) of the same filter and sort.",
    })
    after: string | null,
    @Ctx() { services }: FleetContext,
  ): Promise<DevicePage> {
    return services.fleetViews.devices({ filter, sort, first, after });
  }

  @Query(() => FleetSummary, {
    description: "Counts over the fleet (or the devices the filter selects), and the OPSWAT budget's view. Costs no upstream call.",
  })
  fleetSummary(
    @Arg('filter', () => DeviceFilter, { nullable: true, description: 'Which devices to count.' }) filter: DeviceFilter | null,
    @Ctx() { services }: FleetContext,
  ): Promise<FleetSummaryData> {
    return services.fleetViews.summary(filter);
  }
}

/** `Device.match`: the fleet index's record of how a device is matched to OPSWAT (device cannot import the fleet). */
@Resolver(() => Device)
export class DeviceMatchResolver {
  @FieldResolver(() => DeviceMatchInfo, {
    nullable: true,
    description:
      'How the fleet index matched the device to OPSWAT (by which MAC, or by hostname and OPSWAT device id) or why it did not; null while nothing is known (the sweep has not reached it, or FLEET_SWEEP=off and nobody asked).',
  })
  match(
    @Root() device: DeviceWithCompliance & { match?: DeviceMatchInfo | null },
    @Ctx() { services }: FleetContext,
  ): DeviceMatchInfo | null {
    if (device.match !== undefined) return device.match;
    const { automoxId } = device;
    return automoxId === null || automoxId === undefined ? null : services.fleetViews.matchOf({ ...device, automoxId });
  }
}
