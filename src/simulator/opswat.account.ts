/**
 * The fake OPSWAT account's changing state. Status changes (a seeded schedule, or a control) are
 * written into the fleet's own ground truth, so Policy Check, Device Details, Get Devices, Status
 * Change and the webhook all tell the same story; only when each device last changed lives here.
 */
import { issuesFor, POLICY_STATUS_OF_DETAILS, PROFILE_OF_DETAILS, status2Report } from './opswat.data.js';
import { opswatDevices, opswatListing } from './opswat.fleet.js';
import type { Rng } from './prng.js';
import type { SimChangeEvent, SimDevice, SimFleet, SimOpswatChange } from './types.js';

/** How the account's clock and change schedule run. */
export interface AccountOptions {
  now: () => number;
  /** One scheduled change every this many ms of `now`; 0 turns the schedule off. */
  changeEveryMs: number;
  /** The schedule's own random stream: same seed, same sequence of changes. */
  rng: Rng;
}

/** A device that changed, when, and what it was before a deletion. */
export interface ChangedDevice {
  device: SimDevice;
  at: number;
  /** The Device Details status it had when it was deleted; null when it was not. */
  deletedFrom: string | null;
}

/** Most issues a change may set: beyond this the simulated console would not be believable. */
const MAX_ISSUES = 50;

/** The mutable side of the simulated account. */
export class OpswatAccount {
  private readonly byId = new Map<string, SimDevice>();
  private readonly changes = new Map<SimDevice, ChangedDevice>();
  private readonly listeners: Array<(events: SimChangeEvent[]) => void> = [];
  private readonly startedAt: number;
  private applied = 0;

  constructor(
    private readonly fleet: SimFleet,
    private readonly options: AccountOptions,
  ) {
    for (const device of opswatDevices(fleet)) this.byId.set(device.hwid.toLowerCase(), device);
    this.startedAt = options.now();
  }

  /** The account's clock. */
  now(): number {
    return this.options.now();
  }

  /** A device the account holds or held, by device id in any case. */
  find(deviceId: string): SimDevice | undefined {
    return this.byId.get(deviceId.trim().toLowerCase());
  }

  /** Devices Get Devices lists now, in its order. */
  listed(): SimDevice[] {
    return opswatListing(this.fleet);
  }

  /** Devices whose last change happened within the last `ageMs`, oldest change first (device id breaks ties). */
  changedWithin(ageMs: number): ChangedDevice[] {
    const since = this.now() - ageMs;
    return [...this.changes.values()]
      .filter((change) => change.at >= since)
      .sort((a, b) => a.at - b.at || a.device.hwid.localeCompare(b.device.hwid));
  }

  /** Calls `listener` with the events of every change, in batches as they happen. */
  onChange(listener: (events: SimChangeEvent[]) => void): void {
    this.listeners.push(listener);
  }

  /** Changes one device now; throws a RangeError naming the problem for an unknown device or a bad change. */
  change(deviceId: string, change: SimOpswatChange): SimChangeEvent {
    const event = this.apply(deviceId, change, this.now());
    this.emit([event]);
    return event;
  }

  /** Applies every scheduled change due by now, each at its own scheduled time, and tells the listeners once. */
  tick(): SimChangeEvent[] {
    const every = this.options.changeEveryMs;
    if (every <= 0) return [];
    const events: SimChangeEvent[] = [];
    const now = this.now();
    while (this.startedAt + (this.applied + 1) * every <= now) {
      this.applied += 1;
      const listed = this.listed();
      if (listed.length === 0) break;
      const device = listed[this.options.rng.int(0, listed.length - 1)]!;
      events.push(this.apply(device.hwid, this.scheduledChange(device), this.startedAt + this.applied * every));
    }
    if (events.length > 0) this.emit(events);
    return events;
  }

  /** Compliant devices fall out of compliance with one to three issues; every other device becomes compliant. */
  private scheduledChange(device: SimDevice): SimOpswatChange {
    if (device.opswat.detailsStatus !== 'compliant') return { status: 'compliant' };
    const total = this.options.rng.int(1, 3);
    return { status: 'non_compliant', totalIssues: total, totalCriticalIssues: this.options.rng.int(0, total) };
  }

  private apply(deviceId: string, change: SimOpswatChange, at: number): SimChangeEvent {
    const device = this.find(deviceId);
    if (!device) throw new RangeError(`no OPSWAT device has the id ${JSON.stringify(deviceId)}`);
    const knowledge = device.opswat;
    if (change.deleted === true) {
      const deletedFrom = knowledge.detailsStatus;
      if (deletedFrom === null) throw new RangeError(`device ${device.hwid} is not in the account any more`);
      // What Policy Check answers for a device without an agent: status 2, every other field empty.
      Object.assign(knowledge, { profile: 'not_found_status2', detailsStatus: null, report: status2Report() });
      this.changes.set(device, { device, at, deletedFrom });
      return { device_id: device.hwid, status: 'deleted', timestamp: at };
    }
    const status = change.status?.trim().toLowerCase().replace('-', '_') ?? knowledge.detailsStatus;
    if (!status || POLICY_STATUS_OF_DETAILS[status] === undefined)
      throw new RangeError(
        `change.status must be one of ${Object.keys(POLICY_STATUS_OF_DETAILS).join(', ')}, got ${JSON.stringify(change.status)}`,
      );
    const report = knowledge.detailsStatus === null || knowledge.report === null ? null : knowledge.report;
    if (!report) throw new RangeError(`device ${device.hwid} is not in the account any more`);
    const [total, critical] = this.counts(change, status, Number(report.total_issue ?? 0), Number(report.total_critical_issue ?? 0));
    Object.assign(report, {
      status: POLICY_STATUS_OF_DETAILS[status],
      total_issue: total,
      total_critical_issue: critical,
      critical_status: critical > 0 ? 1 : 0,
      issues: issuesFor(total, critical),
    });
    Object.assign(knowledge, { detailsStatus: status, profile: PROFILE_OF_DETAILS[status] });
    this.changes.set(device, { device, at, deletedFrom: null });
    return { device_id: device.hwid, status, timestamp: at };
  }

  /** The counts a change leaves: as given, else none for a compliant device and at least one issue for a non-compliant one. */
  private counts(change: SimOpswatChange, status: string, total: number, critical: number): [number, number] {
    for (const key of ['totalIssues', 'totalCriticalIssues'] as const) {
      const value = change[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_ISSUES))
        throw new RangeError(`change.${key} must be an integer from 0 to ${MAX_ISSUES}, got ${JSON.stringify(value)}`);
    }
    let nextTotal = change.totalIssues ?? (status === 'compliant' ? 0 : status === 'non_compliant' ? Math.max(total, 1) : total);
    const nextCritical = change.totalCriticalIssues ?? Math.min(critical, nextTotal);
    if (change.totalIssues === undefined) nextTotal = Math.max(nextTotal, nextCritical);
    if (nextCritical > nextTotal)
      throw new RangeError(`change.totalCriticalIssues (${nextCritical}) must not exceed totalIssues (${nextTotal})`);
    return [nextTotal, nextCritical];
  }

  private emit(events: SimChangeEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }
}
