import { type ComplianceLookupResult, type ComplianceService, toComplianceLookup } from '../compliance/index.js';
import type { DeviceRecord } from '../inventory/index.js';

type Demand = Parameters<ComplianceService['lookupDevices']>[1];
type Answer = ComplianceLookupResult | Error;

/** One pass of the service over some devices: its answers, once it has given them. */
interface Pass {
  done?: Promise<void>;
  answers?: Answer[];
}

/**
 * A request's compliance of devices, one pass of the service per batch, each device asked at most
 * once. Devices are told apart by object: the inventory hands every part of a request the same
 * object for a device, so the rows of five pages of one run, resolved concurrently, share one
 * lookup per device rather than five (whose waits, on a cold fleet, each hold a timer and a
 * promise). Cheaper than a DataLoader load per device, which needs a key and a promise each.
 */
export class DeviceComplianceBatches {
  private readonly seen = new Map<DeviceRecord, { pass: Pass; index: number }>();

  constructor(
    private readonly compliance: Pick<ComplianceService, 'lookupDevices'>,
    private readonly demand: Demand,
  ) {}

  /** The answer for each of `devices`, in order; a failed pass fails each of its devices, never the batch. */
  async of(devices: readonly DeviceRecord[]): Promise<Answer[]> {
    const unseen: DeviceRecord[] = [];
    const pass: Pass = {};
    const places = devices.map((device) => {
      let place = this.seen.get(device);
      if (!place) {
        place = { pass, index: unseen.length };
        unseen.push(device);
        this.seen.set(device, place);
      }
      return place;
    });
    if (unseen.length > 0) pass.done = this.run(unseen, pass);
    // Each pass these devices belong to is awaited once, and not at all once it has answered.
    const passes = new Set(places.map((place) => place.pass));
    for (const each of passes) if (!each.answers) await each.done;
    return places.map((place) => place.pass.answers![place.index]!);
  }

  /** Never rejects: whatever fails (the lookup, even synchronously, or mapping its outcomes) fails each device. */
  private async run(devices: DeviceRecord[], pass: Pass): Promise<void> {
    try {
      pass.answers = (await this.compliance.lookupDevices(devices, this.demand)).map(toComplianceLookup);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      pass.answers = devices.map(() => failure);
    }
  }
}
