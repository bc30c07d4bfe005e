/** The per-request loaders: what a batch known up front and a single load share. */
import { describe, expect, it, jest } from '@jest/globals';
import type { ComplianceOutcome, ComplianceService } from '../../src/compliance/index.js';
import { createContext, type Services } from '../../src/graphql/index.js';
import type { DeviceRecord } from '../../src/inventory/index.js';

const device = (hostname: string): DeviceRecord => ({ hostname, macAddresses: [] }) as unknown as DeviceRecord;

function contextWith(lookupDevices: (devices: readonly DeviceRecord[]) => Promise<ComplianceOutcome[]>) {
  const lookup = jest.fn(lookupDevices);
  const services = { compliance: { lookupDevices: lookup } as unknown as ComplianceService } as unknown as Services;
  return { context: createContext(services), lookup };
}

describe('complianceOfDevices: compliance of a batch known whole up front', () => {
  it('asks the service once for the batch, and a later load of one of its devices reuses that answer', async () => {
    const { context, lookup } = contextWith(async (devices) => devices.map((): ComplianceOutcome => ({ state: 'UNMATCHED' })));
    const [a, b] = [device('WS-1'), device('WS-2')];
    const batch = await context.loaders.complianceOfDevices([a, b]);
    expect(batch.map((result) => (result instanceof Error ? 'error' : result.state))).toEqual(['UNMATCHED', 'UNMATCHED']);
    // The same device, spelled as another row or field of the request would hand it in.
    expect(await context.loaders.complianceByDevice.load(device('ws-1'))).toBe(batch[0]);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('fails each device of a failed pass, not the batch, and a later load of one gets the same error without asking again', async () => {
    const down = new Error('store down');
    const { context, lookup } = contextWith(async () => {
      throw down;
    });
    const batch = await context.loaders.complianceOfDevices([device('WS-1'), device('WS-2')]);
    expect(batch).toEqual([down, down]);
    await expect(context.loaders.complianceByDevice.load(device('WS-2'))).rejects.toBe(down);
    expect(lookup).toHaveBeenCalledTimes(1);
  });
});
