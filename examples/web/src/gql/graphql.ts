/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Devices an Automox policy targets, by whether they comply with it. */
export type AutomoxPolicyFilter = {
  /** true: UP_TO_DATE in the policy; false: targeted and not UP_TO_DATE; omitted: targeted at all. */
  compliant?: boolean | null | undefined;
  /** Automox policy id. */
  policyId: number;
};

/** Where a device stands in an Automox policy: the inventory's policy_status[].status. */
export type AutomoxPolicyState =
  /** Status 0: the policy has something to fix on the device. */
  | 'NEEDS_REMEDIATION'
  /** Status 2: the policy has not finished evaluating the device. */
  | 'PENDING'
  /** A status Automox does not document. */
  | 'UNKNOWN'
  /** Status 1: the device complies with the policy. */
  | 'UP_TO_DATE';

/** Where a compliance answer stands. OPSWAT allows 10 calls a minute per account, so answers are cached and lookups queued. */
export type ComplianceState =
  /** The last attempt failed (credentials, upstream error). Ask again after retryAfterSeconds. */
  | 'FAILED'
  /** Report fetched within COMPLIANCE_TTL_SECONDS. */
  | 'FRESH'
  /** OPSWAT does not know the identifier (status 2 or HTTP 404). */
  | 'NOT_FOUND'
  /** Nothing cached yet; a lookup is queued. Ask again after retryAfterSeconds. */
  | 'QUEUED'
  /** An older report, served while a refresh is queued. */
  | 'STALE'
  /** The device has no identifier OPSWAT could be asked with. */
  | 'UNMATCHED';

/** OPSWAT's verdict. Policy Check v2.2: status 0 COMPLIANT, 1 NON_COMPLIANT, 3 REPORTING, anything else UNKNOWN. Device Details v3.x: compliant, non_compliant, pending or installed (REPORTING), exempted (EXEMPTED), anything else UNKNOWN; the raw value is in ComplianceReport.rawStatus. */
export type ComplianceStatus =
  /** Complies with the account policies. */
  | 'COMPLIANT'
  /** An administrator exempted the device from the policies. */
  | 'EXEMPTED'
  /** Does not comply with the account policies. */
  | 'NON_COMPLIANT'
  /** Still sending information (pending, or the agent was just installed). */
  | 'REPORTING'
  /** A status this service does not recognise; see rawStatus. */
  | 'UNKNOWN';

/** Filters of `devices` and `fleetSummary`. Every filter given must hold (AND); a list matches any of its values. */
export type DeviceFilter = {
  /** Whether the Automox agent is connected. */
  agentConnected?: boolean | null | undefined;
  /** Standing in one Automox policy. */
  automoxPolicy?: AutomoxPolicyFilter | null | undefined;
  /** Whether Automox deleted the device. The inventory lists live devices only, so `true` matches none for now. */
  deleted?: boolean | null | undefined;
  /** Whether its report has critical issues; a device without a report matches neither. */
  hasCriticalIssues?: boolean | null | undefined;
  /** Substring of the hostname, case-insensitive. */
  hostnameContains?: string | null | undefined;
  /** The kind of identifier its report (FRESH or STALE) was found by: MAC_ADDRESS for now. */
  matchedBy?: Array<DeviceIdentifierKind> | null | undefined;
  /** Automox OS family (Windows, Mac, Linux), case-insensitive. */
  osFamily?: Array<string> | null | undefined;
  /** Devices whose report was fetched more than this many seconds ago, or that have none. */
  reportOlderThanSeconds?: number | null | undefined;
  /** Automox server group id. */
  serverGroupId?: Array<number> | null | undefined;
  /** Where the device's compliance stands. */
  state?: Array<ComplianceState> | null | undefined;
  /** OPSWAT's verdict in the device's report (FRESH or STALE); a device without a report matches none. */
  status?: Array<ComplianceStatus> | null | undefined;
  /** Automox tag, case-insensitive. */
  tag?: Array<string> | null | undefined;
};

/** How OPSWAT interprets a device identifier. */
export type DeviceIdentifierKind =
  /** OPSWAT's hardware id; asked alone through Device Policy Check. */
  | 'HWID'
  /** A MAC address, in any common notation; asked 50 a call through Device Details. */
  | 'MAC_ADDRESS'
  /** OPSWAT's device id (its HWID), as Device Details, the change feed and the device listing name a device; asked 50 a call through Device Details. Devices without a usable MAC are matched to one by hostname. */
  | 'OPSWAT_DEVICE_ID'
  /** A Wi-Fi SSID; asked alone through Device Policy Check. */
  | 'SSID';

/** One sort key; later keys break ties, and the device id breaks the last tie. */
export type DeviceSort = {
  /** Direction (default ASC). */
  direction?: SortDirection;
  /** What to sort by. */
  field: DeviceSortField;
};

/** A sort key of `devices`. Devices without the value (no report, never seen) come last in either direction. */
export type DeviceSortField =
  /** Hostname, case-insensitive. */
  | 'HOSTNAME'
  /** The report's total issues. */
  | 'ISSUE_COUNT'
  /** When the Automox agent last refreshed. */
  | 'LAST_SEEN'
  /** Age of the OPSWAT report: ASC is the newest report first. */
  | 'REPORT_AGE'
  /** Verdict, ASC from best to worst: COMPLIANT, EXEMPTED, REPORTING, UNKNOWN, NON_COMPLIANT. */
  | 'STATUS';

/** A device's result in a policy run. Values Automox adds later arrive as UNKNOWN (see rawResultStatus). */
export type PolicyResultStatus =
  | 'APPLIED'
  | 'BLOCKED'
  | 'FAILED'
  | 'NOT_APPLICABLE'
  | 'NOT_INCLUDED'
  | 'PENDING'
  | 'REMEDIATION_NOT_APPLICABLE'
  | 'SUCCESS'
  | 'UNKNOWN';

/** Filters applied by Automox to a run's results. */
export type PolicyRunResultFilter = {
  /** Substring of the device hostname or custom name (sent as device_name:like). */
  deviceName?: string | null | undefined;
  /** Only these result statuses (sent as result_status:equals / result_status:in[]). */
  resultStatus?: Array<PolicyResultStatus> | null | undefined;
};

/** One sort key; several keys apply in order. */
export type PolicyRunResultSort = {
  /** Direction, ascending by default. */
  direction?: SortDirection;
  /** Column to sort by. */
  field: PolicyRunResultSortField;
};

/** Columns a policy run's results can be sorted by. */
export type PolicyRunResultSortField =
  | 'DEVICE_DISPLAY_NAME'
  | 'RESULT_STATUS'
  | 'RUN_TIME';

/** What updated a report after OPSWAT's Device Details answered it. */
export type ReportSource =
  /** OPSWAT's Status Change feed, polled every FLEET_FEED_INTERVAL_SECONDS. */
  | 'STATUS_CHANGE'
  /** A push to POST /webhooks/opswat. */
  | 'WEBHOOK';

/** Sort direction. */
export type SortDirection =
  | 'ASC'
  | 'DESC';

/** Why a device is not matched to an OPSWAT report. */
export type UnmatchedReason =
  /** OPSWAT lists its hostname more than once: never guessed (state UNMATCHED); see the match's candidates. */
  | 'AMBIGUOUS_HOSTNAME'
  /** The inventory lists no MAC OPSWAT could be asked with (state UNMATCHED). */
  | 'NO_USABLE_MAC'
  /** OPSWAT knows none of its MACs, nor lists its hostname (state NOT_FOUND). */
  | 'UNKNOWN_TO_OPSWAT';

export type DevicePageQueryVariables = Exact<{
  hostname: string;
}>;


export type DevicePageQuery = { __typename: 'Query', device: { __typename: 'Device', id: string, hostname: string, displayName: string | null, customName: string | null, automoxId: number | null, macAddresses: Array<string>, deletedAt: string | null, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, identifier: string | null, identifierKind: DeviceIdentifierKind | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, hasCriticalIssues: boolean, totalIssues: number, totalCriticalIssues: number, deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, issues: Array<{ __typename: 'ComplianceIssueGroup', group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ __typename: 'Infection', category: string | null, hasIssue: boolean, hasCriticalIssue: boolean, totalThreats: number, lastScanTime: string | null, threats: Array<{ __typename: 'Threat', name: string | null, file: string | null, foundTime: string | null, hash: string | null, link: string | null, ipAddress: string | null, status: string | null }> }> } | null } } | null };

export type ComplianceDetailFragment = { __typename: 'ComplianceLookup', state: ComplianceState, identifier: string | null, identifierKind: DeviceIdentifierKind | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, hasCriticalIssues: boolean, totalIssues: number, totalCriticalIssues: number, deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, issues: Array<{ __typename: 'ComplianceIssueGroup', group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ __typename: 'Infection', category: string | null, hasIssue: boolean, hasCriticalIssue: boolean, totalThreats: number, lastScanTime: string | null, threats: Array<{ __typename: 'Threat', name: string | null, file: string | null, foundTime: string | null, hash: string | null, link: string | null, ipAddress: string | null, status: string | null }> }> } | null };

export type DeviceChangedSubscriptionVariables = Exact<{
  filter?: DeviceFilter | null | undefined;
}>;


export type DeviceChangedSubscription = { deviceChanged: { __typename: 'Device', id: string, hostname: string, displayName: string | null, agentConnected: boolean | null, lastSeenAt: string | null, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, fetchedAt: string | null, retryAfterSeconds: number | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null, updatedBy: { __typename: 'ReportUpdate', source: ReportSource, at: string } | null } } };

export type FleetSummaryChangedSubscriptionVariables = Exact<{
  filter?: DeviceFilter | null | undefined;
}>;


export type FleetSummaryChangedSubscription = { fleetSummaryChanged: { __typename: 'FleetSummary', totalCount: number, withoutReport: number, freshShare: number, byStatus: Array<{ __typename: 'StatusCount', status: ComplianceStatus, count: number }>, byState: Array<{ __typename: 'StateCount', state: ComplianceState, count: number }> } };

export type FleetSummaryPanelQueryVariables = Exact<{
  filter?: DeviceFilter | null | undefined;
}>;


export type FleetSummaryPanelQuery = { __typename: 'Query', fleetSummary: { __typename: 'FleetSummary', totalCount: number, withoutReport: number, freshShare: number, oldestReportAgeSeconds: number | null, byStatus: Array<{ __typename: 'StatusCount', status: ComplianceStatus, count: number }>, byState: Array<{ __typename: 'StateCount', state: ComplianceState, count: number }>, byOsFamily: Array<{ __typename: 'OsFamilyCount', osFamily: string | null, count: number }>, byAutomoxPolicy: Array<{ __typename: 'AutomoxPolicyCount', policyId: number, policyName: string | null, compliant: number, nonCompliant: number }>, unmatched: Array<{ __typename: 'UnmatchedCount', reason: UnmatchedReason, count: number }>, budget: { __typename: 'FleetBudget', limit: number, windowSeconds: number, callsInWindow: number, queuedInteractive: number, queuedSweep: number, estimatedSecondsUntilAllFresh: number | null } } };

export type FleetTableQueryVariables = Exact<{
  filter?: DeviceFilter | null | undefined;
  sort?: Array<DeviceSort> | DeviceSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FleetTableQuery = { __typename: 'Query', devices: { __typename: 'DeviceConnection', totalCount: number, pageInfo: { __typename: 'ConnectionPageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'DeviceEdge', cursor: string, node: { __typename: 'Device', id: string, hostname: string, displayName: string | null, osFamily: string | null, osName: string | null, osVersion: string | null, serialNumber: string | null, agentConnected: boolean | null, lastSeenAt: string | null, lastDisconnectAt: string | null, needsReboot: boolean | null, pendingPatches: number | null, tags: Array<string>, serverGroupId: number | null, automoxPolicies: Array<{ __typename: 'AutomoxPolicyStatus', policyId: number, policyName: string | null, policyType: string | null, state: AutomoxPolicyState, compliant: boolean, lastRunAt: string | null }>, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, fetchedAt: string | null, retryAfterSeconds: number | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null } } }> } };

export type LookupByMacQueryVariables = Exact<{
  macAddress: string;
}>;


export type LookupByMacQuery = { __typename: 'Query', device: { __typename: 'Device', id: string, hostname: string, displayName: string | null, macAddresses: Array<string> } | null, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, identifier: string | null, identifierKind: DeviceIdentifierKind | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, hasCriticalIssues: boolean, totalIssues: number, totalCriticalIssues: number, deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, issues: Array<{ __typename: 'ComplianceIssueGroup', group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ __typename: 'Infection', category: string | null, hasIssue: boolean, hasCriticalIssue: boolean, totalThreats: number, lastScanTime: string | null, threats: Array<{ __typename: 'Threat', name: string | null, file: string | null, foundTime: string | null, hash: string | null, link: string | null, ipAddress: string | null, status: string | null }> }> } | null } };

export type PolicyRunTableQueryVariables = Exact<{
  policyUuid: string | number;
  execToken: string | number;
  filter?: PolicyRunResultFilter | null | undefined;
  sort?: Array<PolicyRunResultSort> | PolicyRunResultSort | null | undefined;
  page?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type PolicyRunTableQuery = { __typename: 'Query', policyRunResults: { __typename: 'PolicyRunResultPage', nodes: Array<{ __typename: 'PolicyRunResult', resultStatus: PolicyResultStatus, runTime: string | null, device: { __typename: 'Device', id: string, hostname: string, displayName: string | null, macAddresses: Array<string>, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, retryAfterSeconds: number | null, fetchedAt: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null } } }>, pageInfo: { __typename: 'PageInfo', page: number, limit: number, totalPages: number, totalCount: number, hasNextPage: boolean } } };

export const ComplianceDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"hasIssue"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssue"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"lastScanTime"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"foundTime"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ComplianceDetailFragment, unknown>;
export const DevicePageDocument = {"__meta__":{"hash":"sha256:4803c622356bee08c10758ec1375d90f6dabaecfa34567281a0b7d1ca089c021"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DevicePage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"hostname"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"hostname"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hostname"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"customName"}},{"kind":"Field","name":{"kind":"Name","value":"automoxId"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceDetail"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"hasIssue"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssue"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"lastScanTime"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"foundTime"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DevicePageQuery, DevicePageQueryVariables>;
export const DeviceChangedDocument = {"__meta__":{"hash":"sha256:3968f71a988fa83d30bce64e6b0edeeed7fac0250942e062f98a64281973b39c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DeviceChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deviceChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"agentConnected"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeviceChangedSubscription, DeviceChangedSubscriptionVariables>;
export const FleetSummaryChangedDocument = {"__meta__":{"hash":"sha256:7e58282d68b89eaf6c474ec7ee679a0eab726abee44bbecd485392a589a74d02"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FleetSummaryChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleetSummaryChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"withoutReport"}},{"kind":"Field","name":{"kind":"Name","value":"freshShare"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<FleetSummaryChangedSubscription, FleetSummaryChangedSubscriptionVariables>;
export const FleetSummaryPanelDocument = {"__meta__":{"hash":"sha256:a44fca2f4975ac184cf976e03e77966f914d03fccc2d5f890793f760a0869306"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetSummaryPanel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"fleetSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"withoutReport"}},{"kind":"Field","name":{"kind":"Name","value":"freshShare"}},{"kind":"Field","name":{"kind":"Name","value":"oldestReportAgeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byOsFamily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"osFamily"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byAutomoxPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyId"}},{"kind":"Field","name":{"kind":"Name","value":"policyName"}},{"kind":"Field","name":{"kind":"Name","value":"compliant"}},{"kind":"Field","name":{"kind":"Name","value":"nonCompliant"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unmatched"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"budget"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"windowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"callsInWindow"}},{"kind":"Field","name":{"kind":"Name","value":"queuedInteractive"}},{"kind":"Field","name":{"kind":"Name","value":"queuedSweep"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedSecondsUntilAllFresh"}}]}}]}}]}}]} as unknown as DocumentNode<FleetSummaryPanelQuery, FleetSummaryPanelQueryVariables>;
export const FleetTableDocument = {"__meta__":{"hash":"sha256:21c5baf52b031ef0679fb76a464cc8768c2edc6638b56a85b76e2af3f8615c89"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetTable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceSort"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"osFamily"}},{"kind":"Field","name":{"kind":"Name","value":"osName"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"agentConnected"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastDisconnectAt"}},{"kind":"Field","name":{"kind":"Name","value":"needsReboot"}},{"kind":"Field","name":{"kind":"Name","value":"pendingPatches"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"serverGroupId"}},{"kind":"Field","name":{"kind":"Name","value":"automoxPolicies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyId"}},{"kind":"Field","name":{"kind":"Name","value":"policyName"}},{"kind":"Field","name":{"kind":"Name","value":"policyType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"compliant"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetTableQuery, FleetTableQueryVariables>;
export const LookupByMacDocument = {"__meta__":{"hash":"sha256:fd56166bace14e343b4f446d4aa167fbb97b8d92b85c9829876cfe9992f84fd4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LookupByMac"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"macAddress"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"macAddress"},"value":{"kind":"Variable","name":{"kind":"Name","value":"macAddress"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"identifier"},"value":{"kind":"Variable","name":{"kind":"Name","value":"macAddress"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"MAC_ADDRESS"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"hasIssue"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssue"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"lastScanTime"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"foundTime"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LookupByMacQuery, LookupByMacQueryVariables>;
export const PolicyRunTableDocument = {"__meta__":{"hash":"sha256:fe1f4eebc095677c4ab14319d7f733e689a547de9e06d08503b2b81ae27b0a39"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PolicyRunTable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PolicyRunResultFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PolicyRunResultSort"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyRunResults"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"policyUuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}}},{"kind":"Argument","name":{"kind":"Name","value":"execToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"resultStatus"}},{"kind":"Field","name":{"kind":"Name","value":"runTime"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"totalPages"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<PolicyRunTableQuery, PolicyRunTableQueryVariables>;