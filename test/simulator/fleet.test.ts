import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildFleet } from '../../src/simulator/fleet.js';
import { startSimulator, type OpswatProfile, type SimFleet, type Simulator } from '../../src/simulator/index.js';

const allNics = (fleet: SimFleet) => fleet.devices.flatMap((d) => d.nics);

describe('fleet determinism', () => {
  it('builds an identical fleet, policies, runs and results from the same seed', async () => {
    const a = await startSimulator({ seed: 42 });
    const b = await startSimulator({ seed: 42 });
    try {
      expect(JSON.stringify(b.fleet)).toBe(JSON.stringify(a.fleet));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('builds a different fleet from a different seed', () => {
    expect(JSON.stringify(buildFleet({ fleetSize: 50, seed: 1 }))).not.toBe(JSON.stringify(buildFleet({ fleetSize: 50, seed: 2 })));
  });

  it('never consults Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    try {
      buildFleet({ fleetSize: 100, seed: 9 });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a fleet size that is not a positive integer, naming the value', () => {
    expect(() => buildFleet({ fleetSize: 0, seed: 1 })).toThrow(/fleetSize must be a positive integer, got 0/);
  });
});

describe('the default fleet (seed 42, 250 devices)', () => {
  let sim: Simulator;
  let fleet: SimFleet;
  beforeAll(async () => {
    sim = await startSimulator();
    fleet = sim.fleet;
  });
  afterAll(() => sim.close());

  it('has 250 devices with unique ids, ordered by id', () => {
    const ids = fleet.devices.map((d) => d.id);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('deletes about 4% of devices', () => {
    expect(fleet.devices.filter((d) => d.deletedAt !== null)).toHaveLength(10);
  });

  it('has mixed-case and fully qualified hostnames, and display names that fall back to the hostname', () => {
    const names = fleet.devices.map((d) => d.hostname);
    expect(names.some((n) => /^WIN-[A-Z0-9]{11}$/.test(n))).toBe(true);
    expect(names.some((n) => /^ws-\d{4}$/.test(n))).toBe(true);
    expect(names.some((n) => /^Ws-\d{4}\.corp\.example\.com$/.test(n))).toBe(true);
    expect(names.some((n) => /-MBP$/.test(n))).toBe(true);
    expect(fleet.devices.some((d) => d.customName === '')).toBe(true);
    for (const d of fleet.devices) expect(d.displayName).toBe(d.customName || d.hostname);
  });

  it('has two pairs of devices sharing a hostname, one of each deleted or gone stale', () => {
    const byName = new Map<string, typeof fleet.devices>();
    for (const d of fleet.devices) byName.set(d.hostname, [...(byName.get(d.hostname) ?? []), d]);
    const pairs = [...byName.values()].filter((group) => group.length > 1);
    expect(pairs).toHaveLength(2);
    for (const [older, newer] of pairs) {
      expect(older!.id).toBeLessThan(newer!.id);
      expect(older!.deletedAt !== null || older!.lastRefreshTime < newer!.lastRefreshTime).toBe(true);
    }
  });

  it('reports every kind of network adapter integrators meet', () => {
    const vendors = new Set(allNics(fleet).map((n) => n.VENDOR));
    for (const vendor of [
      'Intel(R) Ethernet Connection I219-LM',
      'MediaTek Wi-Fi 6 MT7921 Wireless LAN Card',
      'Bluetooth Device (Personal Area Network)',
      'WAN Miniport (IP)',
      'Microsoft Wi-Fi Direct Virtual Adapter',
      'TAP-Windows Adapter V9',
      'Hyper-V Virtual Ethernet Adapter',
      'VMware Virtual Ethernet Adapter for VMnet8',
    ]) {
      expect(vendors).toContain(vendor);
    }
    expect(allNics(fleet).some((n) => n.DEVICE === 'vEthernet (Default Switch)')).toBe(true);
    expect(allNics(fleet).some((n) => /^en\d$/.test(n.DEVICE))).toBe(true);
  });

  it('varies MAC notation and includes all-zero and randomised MACs', () => {
    const macs = allNics(fleet).map((n) => n.MAC);
    expect(macs).toContain('00:00:00:00:00:00');
    expect(macs.some((m) => /^([0-9A-F]{2}-){5}[0-9A-F]{2}$/.test(m))).toBe(true);
    expect(macs.some((m) => /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(m) && /[A-F]/.test(m))).toBe(true);
    expect(macs.some((m) => /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(m))).toBe(true);
    const randomisedWifi = fleet.devices.some((d) =>
      d.nics.some((n) => n.DEVICE === 'Wi-Fi' && (parseInt(n.MAC.slice(0, 2), 16) & 0x02) !== 0),
    );
    expect(randomisedWifi).toBe(true);
  });

  it('has devices with no adapters, several physical adapters, and adapters both connected and not', () => {
    expect(fleet.devices.some((d) => d.nics.length === 0)).toBe(true);
    expect(fleet.devices.some((d) => d.physicalMacs.length >= 2)).toBe(true);
    const connected = new Set(allNics(fleet).map((n) => n.CONNECTED));
    expect(connected).toEqual(new Set([true, false]));
  });

  it("puts some devices' details under `details` instead of `detail`", () => {
    expect(fleet.devices.some((d) => d.detailKey === 'details')).toBe(true);
    expect(fleet.devices.filter((d) => d.detailKey === 'detail').length).toBeGreaterThan(200);
  });

  it('spreads OPSWAT profiles roughly 55/25/5/3/6/6 and covers each one', () => {
    const counts = new Map<OpswatProfile, number>();
    for (const d of fleet.devices) counts.set(d.opswat.profile, (counts.get(d.opswat.profile) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      compliant: 136,
      non_compliant: 63,
      reporting: 13,
      unknown_status: 8,
      not_found_404: 15,
      not_found_status2: 15,
    });
  });

  it('lets OPSWAT know only the second physical MAC of some devices', () => {
    const second = fleet.devices.filter((d) => d.opswat.knownMacs.length === 1 && d.opswat.knownMacs[0] === d.physicalMacs[1]);
    const known = fleet.devices.filter((d) => d.opswat.knownMacs.length > 0);
    expect(second.length / known.length).toBeGreaterThan(0.05);
    expect(second.length / known.length).toBeLessThan(0.2);
  });

  it('knows no MAC for devices without a usable adapter, nor anything for 404 devices', () => {
    for (const d of fleet.devices.filter((x) => x.physicalMacs.length === 0)) expect(d.opswat.knownMacs).toEqual([]);
    for (const d of fleet.devices.filter((x) => x.opswat.profile === 'not_found_404')) {
      expect(d.opswat).toMatchObject({ knownMacs: [], knownHwid: null, report: null });
    }
  });

  it('gives every device a hwid, and OPSWAT the hwid of every device it knows', () => {
    for (const d of fleet.devices) {
      expect(d.hwid).toMatch(/^[0-9a-f]{32}$/);
      if (d.opswat.profile !== 'not_found_404') expect(d.opswat.knownHwid).toBe(d.hwid);
    }
  });

  it('has five policies of three types with three runs each', () => {
    expect(fleet.policies.map((p) => p.name)).toEqual(expect.arrayContaining(['Patch Tuesday', 'Chrome Required', 'Disk Cleanup Worklet']));
    expect(new Set(fleet.policies.map((p) => p.type))).toEqual(new Set(['patch', 'custom', 'required_software']));
    expect(fleet.runs).toHaveLength(15);
    expect(new Set(fleet.runs.map((r) => r.executionToken)).size).toBe(15);
  });

  it("targets every device, deleted ones included, in the first policy's newest run", () => {
    const first = fleet.policies[0]!;
    const newest = fleet.runs.filter((r) => r.policy === first).sort((a, b) => b.runTime.localeCompare(a.runTime))[0]!;
    expect(newest.results.map((r) => r.device_id)).toEqual(fleet.devices.map((d) => d.id));
    const deleted = newest.results.filter((r) => r.device_deleted_at !== null);
    expect(deleted).toHaveLength(10);
  });

  it('spreads result statuses over success, failed, pending, not_included, remediation_not_applicable and blocked', () => {
    const statuses = new Set(fleet.runs.flatMap((r) => r.results.map((x) => x.result_status)));
    expect(statuses).toEqual(new Set(['success', 'failed', 'pending', 'not_included', 'remediation_not_applicable', 'blocked']));
  });

  it('spells the reason and the exit code both ways across rows, never both in one row', () => {
    const rows = fleet.runs.flatMap((r) => r.results);
    expect(rows.some((r) => 'result-reason' in r)).toBe(true);
    expect(rows.some((r) => 'result_reason' in r)).toBe(true);
    expect(rows.some((r) => 'exit_code' in r)).toBe(true);
    expect(rows.some((r) => 'error_code' in r)).toBe(true);
    for (const r of rows) {
      expect('result-reason' in r !== 'result_reason' in r).toBe(true);
      expect('exit_code' in r !== 'error_code' in r).toBe(true);
    }
  });

  it('dates everything from a fixed base, not from the wall clock', () => {
    const times = fleet.runs.map((r) => r.runTime);
    expect(times.every((t) => t < '2026-11-01T00:00:00Z' && t > '2026-10-01T00:00:00Z')).toBe(true);
  });
});

describe('large fleets', () => {
  it('builds 10,000 devices, every hostname unique but the few pairs that share one on purpose', async () => {
    const sim = await startSimulator({ fleetSize: 10_000 });
    try {
      const names = new Set(sim.fleet.devices.map((device) => device.hostname.toLowerCase()));
      expect(sim.fleet.devices).toHaveLength(10_000);
      expect(10_000 - names.size).toBeLessThanOrEqual(5);
    } finally {
      await sim.close();
    }
  });
});
