/** Policies, their runs and per-device results, with the field-name inconsistencies the real API has. */
import { BASE_TIME, DAY, HOUR, MINUTE, iso, type Rng } from './prng.js';
import type { SimDevice, SimPolicy, SimPolicyType, SimResultRow, SimRun } from './types.js';

const POLICY_DEFS: Array<[name: string, type: SimPolicyType]> = [
  ['Patch Tuesday', 'patch'],
  ['Chrome Required', 'required_software'],
  ['Disk Cleanup Worklet', 'custom'],
  ['Apply Critical Patches', 'patch'],
  ['Enforce BitLocker Worklet', 'custom'],
];
const RUNS_PER_POLICY = 3;

/** Result statuses with their weights; `blocked` is undocumented but seen in production. */
const STATUS_WEIGHTS: Array<[string, number]> = [
  ['success', 55],
  ['failed', 12],
  ['pending', 8],
  ['not_included', 9],
  ['remediation_not_applicable', 10],
  ['blocked', 6],
];
const REASONS: Record<string, string[]> = {
  success: [''],
  failed: ['Patch installation failed with error 0x80070643', 'Script exited with a non-zero code', 'Download of the installer timed out'],
  pending: ['Awaiting device check-in'],
  not_included: ['Device is not in a targeted group'],
  remediation_not_applicable: ['No remediation required'],
  blocked: ['Blocked by a maintenance window'],
};

/** Builds the policies and three runs of each; the first policy's newest run targets every device. */
export function generatePolicies(rng: Rng, devices: SimDevice[]): { policies: SimPolicy[]; runs: SimRun[] } {
  const policies = POLICY_DEFS.map(([name, type]): SimPolicy => ({ id: rng.int(100_000, 999_999), uuid: rng.uuid(), name, type }));
  const runs: SimRun[] = [];
  policies.forEach((policy, k) => {
    const coverage = 0.4 + rng.next() * 0.5;
    for (let r = 0; r < RUNS_PER_POLICY; r++) {
      const runTime = iso(BASE_TIME - (r * 7 + k + 2) * DAY + (14 + k) * HOUR);
      const targets = k === 0 && r === 0 ? devices : devices.filter(() => rng.chance(coverage));
      runs.push({ policy, executionToken: rng.uuid(), runTime, results: targets.map((d) => resultRow(rng, policy, d, runTime)) });
    }
  });
  return { policies, runs };
}

function resultRow(rng: Rng, policy: SimPolicy, device: SimDevice, runTime: string): SimResultRow {
  const status = weighted(rng, STATUS_WEIGHTS);
  const reason = rng.pick(REASONS[status] ?? ['']);
  const exit = status === 'failed' ? rng.pick([1, 2, 1603, -1]) : 0;
  const patches = policy.type === 'patch' && (status === 'success' || status === 'failed') ? patchesFor(rng, device) : [];
  const eventTime = status === 'pending' ? runTime : iso(Date.parse(runTime) + rng.int(1, 180) * MINUTE);
  // Schema and examples disagree on these names; the real API sends both spellings across rows.
  const reasonField = rng.chance(0.7) ? { 'result-reason': reason } : { result_reason: reason };
  const exitField = rng.chance(0.6) ? { exit_code: exit } : { error_code: exit };
  return {
    device_id: device.id,
    device_uuid: device.uuid,
    hostname: device.hostname,
    custom_name: device.customName,
    display_name: device.displayName,
    result_status: status,
    ...reasonField,
    run_time: runTime,
    event_time: eventTime,
    patches,
    stdout: stdoutFor(policy, status, patches),
    stderr: status === 'failed' ? `${reason}\n` : '',
    ...exitField,
    device_deleted_at: device.deletedAt,
    policy_id: policy.id,
    policy_uuid: policy.uuid,
    policy_name: policy.name,
    policy_type: policy.type,
  };
}

function weighted(rng: Rng, entries: Array<[string, number]>): string {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, w] of entries) {
    roll -= w;
    if (roll < 0) return value;
  }
  return entries[0]?.[0] ?? '';
}

function patchesFor(rng: Rng, device: SimDevice): string[] {
  const n = rng.int(1, 3);
  if (device.osFamily === 'Windows') return Array.from({ length: n }, () => `KB50${rng.int(10_000, 49_999)}`);
  if (device.osFamily === 'Mac') return ['macOS Sonoma 14.7.1', 'Safari 18.1.1', 'XProtectPlistConfigData'].slice(0, n);
  return ['openssl 3.0.2-0ubuntu1.18', 'linux-image-generic 5.15.0.126.125', 'curl 7.81.0-1ubuntu1.20'].slice(0, n);
}

function stdoutFor(policy: SimPolicy, status: string, patches: string[]): string {
  if (status !== 'success') return '';
  switch (policy.type) {
    case 'patch':
      return patches.map((p) => `Successfully installed ${p}\n`).join('');
    case 'required_software':
      return 'Google Chrome 131.0.6778.86 is installed\n';
    case 'custom':
      return 'Worklet completed\n';
  }
}
