import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import { SlowConsumerError } from '../common/index.js';
import { Device, type DeviceWithCompliance } from '../device/index.js';
import { DeviceFilter, FleetSummary, type FleetSummaryData } from '../fleet/index.js';
import type { LiveEvent } from './event-queue.js';
import type { LiveContext } from './live.context.js';

type FilterArgs = { filter?: DeviceFilter | null };

/** An event's payload, or the error that tells a dropped subscriber why its stream ends. */
function unwrap<T>(event: LiveEvent<T>): T {
  switch (event.kind) {
    case 'event':
      return event.value;
    case 'dropped':
      throw new SlowConsumerError(`This subscription was dropped: ${event.reason}. Read events as they come, then subscribe again`);
  }
}

/** `deviceChanged` and `fleetSummaryChanged`: thin over {@link LiveUpdates}; no event ever spends an upstream call. */
@Resolver()
export class LiveResolver {
  @Subscription(() => Device, {
    description:
      "A device's compliance state, verdict or issue counts, or its inventory facts, changed (or it was added to or removed from the inventory). Only devices that match `filter` after the change. Events come from the fleet index (sweep, change feed, webhook, clients' lookups) on any replica; none spends an OPSWAT call.",
    subscribe: ({ args, context }) => (context as LiveContext).services.live.deviceChanged((args as FilterArgs).filter),
  })
  deviceChanged(
    @Root() event: LiveEvent<DeviceWithCompliance>,
    @Arg('filter', () => DeviceFilter, {
      nullable: true,
      description: 'Which devices (as `devices` filters them), as they are after the change.',
    })
    _filter: DeviceFilter | null,
  ): DeviceWithCompliance {
    return unwrap(event);
  }

  @Subscription(() => FleetSummary, {
    description:
      'The summary of the devices `filter` selects: the current one at once, then whenever a change makes it differ, at most one event a second, each the summary as it is when sent. No upstream call.',
    subscribe: ({ args, context }) => (context as LiveContext).services.live.fleetSummaryChanged((args as FilterArgs).filter),
  })
  fleetSummaryChanged(
    @Root() event: LiveEvent<FleetSummaryData>,
    @Arg('filter', () => DeviceFilter, { nullable: true, description: 'Which devices to count.' }) _filter: DeviceFilter | null,
  ): FleetSummaryData {
    return unwrap(event);
  }
}
