import type { GraphQLResolveInfo } from 'graphql';
import { hasScope, SCOPES } from '../auth/index.js';
import { BadUserInputError, ForbiddenError, toUpstreamError } from '../common/index.js';
import { selects } from '../kernel/index.js';
import type { DeviceContext } from './device.context.js';
import type { DeviceWithCompliance, EntityKey } from './device.service.js';

/** A `Device` as `_entities` returns it: tagged with its type, for the `_Entity` union. */
export type DeviceEntity = DeviceWithCompliance & { __typename: 'Device' };

/**
 * `_entities` for a router's batch of `Device` representations, in one pass: one inventory read
 * for the whole batch, one batched compliance lookup (when selected) handed down with each
 * device, so the rest of the batch resolves synchronously. Representations name a device by id
 * (unique) or by hostname. Every representation answers a Device — an unknown or deleted id or
 * hostname a stub with `inInventory: false` — so one device the
 * other subgraph knows and Automox does not can never null the router's response.
 */
export async function resolveDeviceEntities(
  representations: readonly unknown[],
  context: DeviceContext,
  info: GraphQLResolveInfo,
): Promise<DeviceEntity[]> {
  const keys = representations.map(keyOf);
  // Every field of a Device needs posture:read: refuse before any upstream read, not field by field after.
  if (!hasScope(context.caller, SCOPES.postureRead)) {
    throw new ForbiddenError('Devices need the posture:read scope', [SCOPES.postureRead]);
  }
  const index = await context.loaders.inventory().catch((thrown: unknown) => {
    // Without the inventory each hostname still answers, as a stub; the response says why.
    const error = toUpstreamError(thrown, 'automox', 'console listServers');
    context.softErrors.report(error.code, error.message, info, { upstream: error.upstream });
    return null;
  });
  const devices = context.services.devices.entities(keys, index);
  const compliance = selects(info, ['compliance']) ? await context.loaders.complianceOfDevices(devices) : [];
  return devices.map((device, i) => {
    const known = compliance[i];
    return known && !(known instanceof Error)
      ? { ...device, compliance: known, __typename: 'Device' }
      : { ...device, __typename: 'Device' };
  });
}

/** The key of one representation (an id wins over a hostname); the only entity type this subgraph has is `Device`. */
function keyOf(representation: unknown, position: number): EntityKey {
  const { __typename, id, hostname } = (representation ?? {}) as { __typename?: unknown; id?: unknown; hostname?: unknown };
  if (__typename !== 'Device') {
    throw new BadUserInputError(
      `representations[${position}] must be a Device (the only entity type here), got ${String(__typename)}`,
      'representations',
    );
  }
  // An ID may arrive as a number from a router that read it from a JSON number.
  if ((typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isSafeInteger(id))) {
    return { kind: 'id', id: String(id).trim() };
  }
  if (typeof hostname !== 'string' || hostname.trim() === '') {
    throw new BadUserInputError(`representations[${position}] needs an id or a non-empty hostname`, 'representations');
  }
  return { kind: 'hostname', hostname };
}
