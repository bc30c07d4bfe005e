import { describe, expect, it, jest } from '@jest/globals';
import { parse, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { ANONYMOUS_CALLER, type Caller } from '../../src/auth/index.js';
import { UpstreamError } from '../../src/common/index.js';
import type { ComplianceLookupResult } from '../../src/compliance/index.js';
import { DeviceService, resolveDeviceEntities } from '../../src/device/index.js';
import { SoftErrors } from '../../src/kernel/index.js';
import type { GraphQLContext } from '../../src/root/index.js';
import type { DeviceIndex, DeviceRecord, InventoryDevice, InventoryService } from '../../src/inventory/index.js';
import { fresh, sampleIndex } from './fixtures.js';

/** The `_entities` field of an operation, as graphql-js hands it to the resolver. */
function entitiesInfo(selection: string): GraphQLResolveInfo {
  const operation = parse(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Device { ${selection} } } }`)
    .definitions[0] as OperationDefinitionNode;
  const field = operation.selectionSet.selections[0] as FieldNode;
  return {
    fieldNodes: [field],
    fragments: {},
    path: { prev: undefined, key: '_entities', typename: 'Query' },
  } as unknown as GraphQLResolveInfo;
}

/** A context whose inventory and compliance batch are recorded, as the request's loaders would be. */
function context(inventory: () => Promise<DeviceIndex<InventoryDevice>>, caller: Caller = ANONYMOUS_CALLER) {
  const batch = jest.fn(
    async (devices: readonly DeviceRecord[]): Promise<Array<ComplianceLookupResult | Error>> =>
      devices.map((device) => (device.macAddresses.length > 0 ? fresh(device.macAddresses[0]!) : new Error('no MAC'))),
  );
  const readInventory = jest.fn(inventory);
  const softErrors = new SoftErrors();
  const devices = new DeviceService({ requestRefresh: jest.fn() } as unknown as InventoryService);
  const ctx = {
    caller,
    services: { devices },
    loaders: { inventory: readInventory, complianceOfDevices: batch },
    softErrors,
  } as unknown as GraphQLContext;
  return { ctx, batch, readInventory, softErrors };
}

const representations = (...hostnames: string[]) => hostnames.map((hostname) => ({ __typename: 'Device', hostname }));

describe('resolveDeviceEntities: a router batch of Device representations', () => {
  it('resolves the whole batch with one inventory read and one compliance batch, handing each device its answer', async () => {
    const index = sampleIndex();
    const { ctx, batch, readInventory } = context(async () => index);
    const entities = await resolveDeviceEntities(
      representations('ws-0001', 'LAB-02', 'gone-pc'),
      ctx,
      entitiesInfo('hostname compliance { state }'),
    );

    expect(readInventory).toHaveBeenCalledTimes(1);
    expect(batch).toHaveBeenCalledTimes(1);
    expect(batch.mock.calls[0]![0].map((device) => device.hostname)).toEqual(['WS-0001', 'lab-02.corp.example.com', 'gone-pc']);
    expect(entities.map((entity) => [entity.__typename, entity.hostname, entity.inInventory])).toEqual([
      ['Device', 'WS-0001', true],
      ['Device', 'lab-02.corp.example.com', true],
      ['Device', 'gone-pc', false],
    ]);
    expect(entities[0]!.compliance).toEqual(fresh(index.byId(1)!.macAddresses[0]!));
    // A failed slot is not handed down: the field resolver asks the loader again and reports it.
    expect(entities[2]!.compliance).toBeUndefined();
    // The shared inventory objects are copied, never tagged.
    expect(index.byId(1)).not.toHaveProperty('__typename');
  });

  it('skips the compliance batch when the operation does not select compliance', async () => {
    const { ctx, batch } = context(async () => sampleIndex());
    const entities = await resolveDeviceEntities(representations('WS-0001'), ctx, entitiesInfo('hostname macAddresses'));
    expect(batch).not.toHaveBeenCalled();
    expect(entities[0]).toMatchObject({ hostname: 'WS-0001', inInventory: true });
  });

  it('answers stubs when the inventory cannot be read, and reports the upstream error once', async () => {
    const down = new UpstreamError('UPSTREAM_UNAVAILABLE', 'automox', 'Automox console listServers failed: HTTP 503');
    const { ctx, softErrors } = context(async () => {
      throw down;
    });
    const entities = await resolveDeviceEntities(representations('WS-0001', 'x'), ctx, entitiesInfo('hostname'));
    expect(entities.map((entity) => [entity.hostname, entity.inInventory, entity.macAddresses])).toEqual([
      ['WS-0001', false, []],
      ['x', false, []],
    ]);
    expect(softErrors.list()).toEqual([
      expect.objectContaining({
        message: down.message,
        extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'automox' }),
      }),
    ]);
  });

  it('refuses a caller without posture:read with FORBIDDEN, before reading the inventory or OPSWAT', async () => {
    const caller: Caller = { kind: 'token', clientId: 'app', subject: 'u1', scopes: new Set(['compliance:lookup']) };
    const { ctx, readInventory, batch } = context(async () => sampleIndex(), caller);
    await expect(resolveDeviceEntities(representations('WS-0001'), ctx, entitiesInfo('hostname compliance { state }'))).rejects.toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', requiredScopes: ['posture:read'] }),
    );
    expect(readInventory).not.toHaveBeenCalled();
    expect(batch).not.toHaveBeenCalled();
  });

  it('refuses a representation that is not a Device with an id or a hostname, naming its position', async () => {
    const { ctx } = context(async () => sampleIndex());
    await expect(resolveDeviceEntities([{ __typename: 'Owner', name: 'x' }], ctx, entitiesInfo('hostname'))).rejects.toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('representations[0]') }),
    );
    await expect(resolveDeviceEntities([{ __typename: 'Device', hostname: '' }], ctx, entitiesInfo('hostname'))).rejects.toThrow(
      'representations[0] needs an id or a non-empty hostname',
    );
  });
});
