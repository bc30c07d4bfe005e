/** The per-request loaders: what a batch known up front and a single load share. */
import { describe, expect, it, jest } from '@jest/globals';
import type { ComplianceOutcome, ComplianceService } from '../../src/compliance/index.js';
import { createContext, type Services } from '../../src/root/index.js';
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
    // Every part of a request gets a device's object from the same inventory index.
    expect(await context.loaders.complianceByDevice.load(a)).toBe(batch[0]);
    expect(lookup).toHaveBeenCalledTimes(1);
    // A device outside the batch is still asked, once.
    const c = device('WS-3');
    expect(await context.loaders.complianceByDevice.load(c)).toMatchObject({ state: 'UNMATCHED' });
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(lookup.mock.calls[1]![0]).toEqual([c]);
  });

  it('asks for each device once however many concurrent batches and loads of the request name it', async () => {
    // Five pages of one run resolved at once, then a field's load: on a cold fleet every extra
    // lookup would hold its own wait (a timer and a promise) for as long as the request waits.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { context, lookup } = contextWith(async (devices) => {
      await gate;
      return devices.map((): ComplianceOutcome => ({ state: 'UNMATCHED' }));
    });
    const run = Array.from({ length: 8 }, (_, i) => device(`WS-${i}`));
    const pages = [run.slice(0, 4), run.slice(2, 6), run.slice(4, 8), run.slice(0, 8), run.slice(1, 3)];
    const answers = Promise.all(pages.map((page) => context.loaders.complianceOfDevices(page)));
    const single = context.loaders.complianceByDevice.load(run[7]!);
    release();
    const [results, one] = await Promise.all([answers, single]);
    expect(results.map((page) => page.length)).toEqual([4, 4, 4, 8, 2]);
    expect(one).toMatchObject({ state: 'UNMATCHED' });
    const asked = lookup.mock.calls.flatMap(([devices]) => devices.map((each) => each.hostname));
    expect(asked.sort()).toEqual(run.map((each) => each.hostname).sort());
  });

  it.each([
    ['rejects', async () => Promise.reject(new Error('store down'))],
    [
      'throws before returning a promise',
      (() => {
        throw new Error('store down');
      }) as () => Promise<ComplianceOutcome[]>,
    ],
  ])(
    'fails each device of a pass that %s, not the batch, and a later load of one gets the same error without asking again',
    async (_how, fail) => {
      const { context, lookup } = contextWith(fail);
      const [a, b] = [device('WS-1'), device('WS-2')];
      const batch = await context.loaders.complianceOfDevices([a, b]);
      const [down] = batch;
      expect((down as Error).message).toBe('store down');
      expect(batch).toEqual([down, down]);
      await expect(context.loaders.complianceByDevice.load(b)).rejects.toBe(down);
      expect(lookup).toHaveBeenCalledTimes(1);
    },
  );
});
