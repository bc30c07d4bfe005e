import { describe, expect, it, jest } from '@jest/globals';
import { UpstreamError } from '../../src/common/index.js';
import type { ComplianceLookupResult } from '../../src/compliance/index.js';
import { DeviceService } from '../../src/device/index.js';
import type { DeviceIndex, DeviceRecord, InventoryDevice, InventoryService } from '../../src/inventory/index.js';
import { PolicyResultStatus, PolicyResultsService, type JoinSources } from '../../src/policy/index.js';
import { fresh, resultRow, sampleIndex } from '../device/fixtures.js';

const POLICY = '6F2B8C1E-0D4A-4B7E-9C3F-1A2B3C4D5E6F';

/** The service over a real DeviceService, and sources that record what the join read. */
function setup(inventory: () => Promise<DeviceIndex<InventoryDevice>> = async () => sampleIndex()) {
  const service = new PolicyResultsService(new DeviceService({ requestRefresh: jest.fn() } as unknown as InventoryService));
  const sources = {
    inventory: jest.fn(inventory),
    compliance: jest.fn(
      async (devices: readonly DeviceRecord[]): Promise<Array<ComplianceLookupResult | Error>> =>
        devices.map((device) => (device.macAddresses[0] ? fresh(device.macAddresses[0]) : new Error('lookup failed'))),
    ),
  } satisfies JoinSources;
  return { service, sources };
}

const everything = { devices: true, compliance: true };

describe('PolicyResultsService.join: a page of results joined to devices and compliance', () => {
  it('reads the inventory once and looks the page’s compliance up in one batch, handing each device its answer', async () => {
    const { service, sources } = setup();
    const rows = [resultRow({ deviceId: 1 }), resultRow({ deviceId: 2, hostname: 'lab-02' }), resultRow({ deviceId: 1 })];
    const { nodes, inventoryError } = await service.join(rows, POLICY, everything, sources);

    expect(sources.inventory).toHaveBeenCalledTimes(1);
    expect(sources.compliance).toHaveBeenCalledTimes(1);
    expect(sources.compliance.mock.calls[0]![0].map((device) => device.hostname)).toEqual([
      'WS-0001',
      'lab-02.corp.example.com',
      'WS-0001',
    ]);
    expect(nodes.map((node) => node.device.hostname)).toEqual(['WS-0001', 'lab-02.corp.example.com', 'WS-0001']);
    expect((nodes[0]!.device as { compliance?: ComplianceLookupResult }).compliance?.state).toBe('FRESH');
    expect(inventoryError).toBeNull();
  });

  it('reads neither inventory nor compliance when the operation selects no device, and no compliance when it selects none', async () => {
    const { service, sources } = setup();
    const { nodes } = await service.join([resultRow()], POLICY, { devices: false, compliance: false }, sources);
    expect(nodes[0]!.device).toMatchObject({ hostname: 'WS-0001', inInventory: false });
    expect(sources.inventory).not.toHaveBeenCalled();
    await service.join([resultRow()], POLICY, { devices: true, compliance: false }, sources);
    expect(sources.inventory).toHaveBeenCalledTimes(1);
    expect(sources.compliance).not.toHaveBeenCalled();
  });

  it('keeps every row, with the device as the result describes it, when the inventory cannot be read, and says why', async () => {
    const down = new UpstreamError('UPSTREAM_UNAVAILABLE', 'automox', 'Automox console listServers failed: HTTP 503');
    const { service, sources } = setup(async () => {
      throw down;
    });
    const { nodes, inventoryError } = await service.join(
      [resultRow({ deviceId: 1 }), resultRow({ deviceId: 2 })],
      POLICY,
      everything,
      sources,
    );
    expect(nodes).toHaveLength(2);
    expect(nodes[0]!.device).toMatchObject({ hostname: 'WS-0001', macAddresses: [], inInventory: false });
    expect(inventoryError).toBe(down);
  });

  it('leaves a device whose lookup failed without an answer, for the field resolver to report', async () => {
    const { service, sources } = setup();
    const { nodes } = await service.join([resultRow({ deviceId: 3, hostname: 'kiosk-03' })], POLICY, everything, sources);
    expect(nodes[0]!.device).not.toHaveProperty('compliance');
  });

  it('maps Automox statuses onto the enum, keeping the raw one, and falls back to the run’s policy uuid in lower case', async () => {
    const { service, sources } = setup();
    const { nodes } = await service.join(
      [resultRow({ resultStatus: 'failed' }), resultRow({ resultStatus: 'quarantined', policyUuid: 'a-b' })],
      POLICY,
      { devices: false, compliance: false },
      sources,
    );
    expect(nodes.map((node) => [node.resultStatus, node.rawResultStatus, node.policy.uuid])).toEqual([
      [PolicyResultStatus.FAILED, 'failed', POLICY.toLowerCase()],
      [PolicyResultStatus.UNKNOWN, 'quarantined', 'a-b'],
    ]);
  });
});
