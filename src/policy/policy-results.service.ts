import type { PolicyRunResultRow, PolicyRunSummary } from '../automox/index.js';
import { toUpstreamError, type UpstreamError } from '../common/index.js';
import type { ComplianceLookupResult } from '../compliance/index.js';
import type { DeviceService, DeviceWithCompliance } from '../device/index.js';
import type { DeviceIndex, DeviceRecord, InventoryDevice } from '../inventory/index.js';
import { toResultStatus } from './policy.service.js';
import type { PolicyRun, PolicyRunResult } from './policy.types.js';

/** Which parts of a result page the operation selects: work nobody asked for is skipped. */
export interface ResultsSelection {
  devices: boolean;
  compliance: boolean;
}

/** Where a page's join reads from: the request's memoized inventory and compliance batch. */
export interface JoinSources {
  inventory(): Promise<DeviceIndex<InventoryDevice>>;
  /** One result per device, in order; an Error in the slot of a lookup that failed. */
  compliance(devices: readonly DeviceRecord[]): Promise<ReadonlyArray<ComplianceLookupResult | Error>>;
}

/** A joined page, and the inventory failure it was joined without, if any (for the response's errors). */
export interface JoinedResults {
  nodes: PolicyRunResult[];
  inventoryError: UpstreamError | null;
}

/**
 * Joins a page of a run's results to devices and their compliance, once per page rather than in a
 * resolver per row: a 1,000-row page would otherwise build 1,000 promise chains for what is a map
 * lookup each. The page's compliance is one batch, handed down with each device, so the rest of
 * the page resolves synchronously.
 */
export class PolicyResultsService {
  constructor(private readonly devices: Pick<DeviceService, 'joinResult'>) {}

  /** The page's rows as `PolicyRunResult`s, joined as far as `selection` asks. */
  async join(
    rows: readonly PolicyRunResultRow[],
    policyUuid: string,
    selection: ResultsSelection,
    sources: JoinSources,
  ): Promise<JoinedResults> {
    let inventoryError: UpstreamError | null = null;
    const index = selection.devices
      ? await sources.inventory().catch((thrown: unknown) => {
          // Without the inventory each row still shows what Automox's result says of its device.
          inventoryError = toUpstreamError(thrown, 'automox', 'console listServers');
          return null;
        })
      : null;
    const devices = rows.map((row) => this.devices.joinResult(row, index));
    const compliance = selection.devices && selection.compliance ? await sources.compliance(devices) : [];
    const nodes = rows.map((row, i) => {
      const known = compliance[i];
      const device: DeviceWithCompliance = known && !(known instanceof Error) ? { ...devices[i]!, compliance: known } : devices[i]!;
      return toPolicyRunResult(row, device, policyUuid);
    });
    return { nodes, inventoryError };
  }
}

/** A run summary as the graph presents it. */
export function toPolicyRun(run: PolicyRunSummary): PolicyRun {
  return {
    policy: { uuid: run.policyUuid, name: run.policyName, type: run.policyType },
    execToken: run.execToken,
    runTime: run.runTime,
    deviceCount: run.deviceCount,
    success: run.success,
    failed: run.failed,
    pending: run.pending,
    notIncluded: run.notIncluded,
    remediationNotApplicable: run.remediationNotApplicable,
  };
}

function toPolicyRunResult(row: PolicyRunResultRow, device: DeviceWithCompliance, policyUuid: string): PolicyRunResult {
  return {
    device: device as PolicyRunResult['device'],
    resultStatus: toResultStatus(row.resultStatus),
    rawResultStatus: row.resultStatus,
    resultReason: row.resultReason,
    runTime: row.runTime,
    eventTime: row.eventTime,
    patches: row.patches,
    stdout: row.stdout,
    stderr: row.stderr,
    exitCode: row.exitCode,
    policy: { uuid: row.policyUuid ?? policyUuid.toLowerCase(), name: row.policyName, type: row.policyType },
  };
}
