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

/** How a device is matched to OPSWAT. */
export type MatchKind =
  /** By hostname against OPSWAT's listing (listed once); then asked by OPSWAT's device id. */
  | 'HOSTNAME'
  /** By one of its MACs (value): the one OPSWAT answered for. */
  | 'MAC_ADDRESS'
  /** Not matched; see reason. */
  | 'UNMATCHED';

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

export type DeviceDetailQueryVariables = Exact<{
  hostname: string;
}>;


export type DeviceDetailQuery = { __typename: 'Query', device: { __typename: 'Device', id: string, hostname: string, displayName: string | null, customName: string | null, automoxId: number | null, automoxUuid: string | null, inInventory: boolean, macAddresses: Array<string>, deletedAt: string | null, osName: string | null, osVersion: string | null, agentConnected: boolean | null, match: { __typename: 'DeviceMatchInfo', kind: MatchKind, value: string | null, opswatDeviceId: string | null, reason: UnmatchedReason | null, candidates: Array<string> } | null, compliance: { __typename: 'ComplianceLookup', identifierKind: DeviceIdentifierKind | null, state: ComplianceState, identifier: string | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, totalCriticalIssues: number, status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean, issues: Array<{ __typename: 'ComplianceIssueGroup', group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ __typename: 'Infection', category: string | null, totalThreats: number, threats: Array<{ __typename: 'Threat', name: string | null, file: string | null, status: string | null }> }> } | null } } | null };

export type DevicesQueryVariables = Exact<{
  filter?: DeviceFilter | null | undefined;
  sort?: Array<DeviceSort> | DeviceSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DevicesQuery = { __typename: 'Query', devices: { __typename: 'DeviceConnection', totalCount: number, pageInfo: { __typename: 'ConnectionPageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'DeviceEdge', cursor: string, node: { __typename: 'Device', id: string, hostname: string, displayName: string | null, osFamily: string | null, lastSeenAt: string | null, match: { __typename: 'DeviceMatchInfo', kind: MatchKind, value: string | null, reason: UnmatchedReason | null, candidates: Array<string> } | null, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, identifier: string | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null } } }> } };

export type FleetSummaryQueryVariables = Exact<{ [key: string]: never; }>;


export type FleetSummaryQuery = { __typename: 'Query', fleetSummary: { __typename: 'FleetSummary', totalCount: number, withoutReport: number, freshShare: number, oldestReportAgeSeconds: number | null, byStatus: Array<{ __typename: 'StatusCount', status: ComplianceStatus, count: number }>, byState: Array<{ __typename: 'StateCount', state: ComplianceState, count: number }>, unmatched: Array<{ __typename: 'UnmatchedCount', reason: UnmatchedReason, count: number }>, budget: { __typename: 'FleetBudget', limit: number, windowSeconds: number, callsInWindow: number, queuedInteractive: number, queuedSweep: number, estimatedSecondsUntilAllFresh: number | null } }, queued: { __typename: 'DeviceConnection', edges: Array<{ __typename: 'DeviceEdge', node: { __typename: 'Device', id: string, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, retryAfterSeconds: number | null } } }> } };

export type RunListQueryVariables = Exact<{
  limit?: number | null | undefined;
}>;


export type RunListQuery = { __typename: 'Query', policyRuns: { __typename: 'PolicyRunPage', nodes: Array<{ __typename: 'PolicyRun', execToken: string, runTime: string | null, deviceCount: number | null, success: number | null, failed: number | null, pending: number | null, policy: { __typename: 'Policy', uuid: string, name: string | null, type: string | null } }> } };

export type RunResultsQueryVariables = Exact<{
  policyUuid: string | number;
  execToken: string | number;
  page?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type RunResultsQuery = { __typename: 'Query', policyRunResults: { __typename: 'PolicyRunResultPage', pageInfo: { __typename: 'PageInfo', page: number, totalPages: number, totalCount: number, hasNextPage: boolean }, nodes: Array<{ __typename: 'PolicyRunResult', resultStatus: PolicyResultStatus, resultReason: string | null, runTime: string | null, device: { __typename: 'Device', id: string, hostname: string, displayName: string | null, inInventory: boolean, macAddresses: Array<string>, compliance: { __typename: 'ComplianceLookup', state: ComplianceState, identifier: string | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null } } }> } };

export type ComplianceSummaryFragment = { __typename: 'ComplianceLookup', state: ComplianceState, identifier: string | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { __typename: 'ComplianceReport', status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null };

export const ComplianceSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]} as unknown as DocumentNode<ComplianceSummaryFragment, unknown>;
export const DeviceDetailDocument = {"__meta__":{"hash":"sha256:21264a7515307cde334516a9c7b3a01f468784a332adb737dd9210920c56387f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeviceDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"hostname"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"hostname"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hostname"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"customName"}},{"kind":"Field","name":{"kind":"Name","value":"automoxId"}},{"kind":"Field","name":{"kind":"Name","value":"automoxUuid"}},{"kind":"Field","name":{"kind":"Name","value":"inInventory"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"osName"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"agentConnected"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"opswatDeviceId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceSummary"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]} as unknown as DocumentNode<DeviceDetailQuery, DeviceDetailQueryVariables>;
export const DevicesDocument = {"__meta__":{"hash":"sha256:fee8fbc2766ed984ada72b58e3216318951fdc9b553e1c49734b5027f53de13b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Devices"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceSort"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"osFamily"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceSummary"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]} as unknown as DocumentNode<DevicesQuery, DevicesQueryVariables>;
export const FleetSummaryDocument = {"__meta__":{"hash":"sha256:80316254b103c682e44fa1f20f40c55cf3818b10e9d16742e9adbb4f647ce53c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"fleetSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"withoutReport"}},{"kind":"Field","name":{"kind":"Name","value":"freshShare"}},{"kind":"Field","name":{"kind":"Name","value":"oldestReportAgeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unmatched"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"budget"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"windowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"callsInWindow"}},{"kind":"Field","name":{"kind":"Name","value":"queuedInteractive"}},{"kind":"Field","name":{"kind":"Name","value":"queuedSweep"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedSecondsUntilAllFresh"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"queued"},"name":{"kind":"Name","value":"devices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"state"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"QUEUED"}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetSummaryQuery, FleetSummaryQueryVariables>;
export const RunListDocument = {"__meta__":{"hash":"sha256:831107955247482831ffce30abb058dcba93a612a31df2db2dfcc1a390679336"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"15"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"uuid"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"execToken"}},{"kind":"Field","name":{"kind":"Name","value":"runTime"}},{"kind":"Field","name":{"kind":"Name","value":"deviceCount"}},{"kind":"Field","name":{"kind":"Name","value":"success"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]}}]} as unknown as DocumentNode<RunListQuery, RunListQueryVariables>;
export const RunResultsDocument = {"__meta__":{"hash":"sha256:959a16f7da2b3cb76d04fd6fae6874a3712c92e7db9a1afcf9819ca27f032db5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyRunResults"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"policyUuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}}},{"kind":"Argument","name":{"kind":"Name","value":"execToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"RESULT_STATUS"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]},{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"DEVICE_DISPLAY_NAME"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"totalPages"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"resultStatus"}},{"kind":"Field","name":{"kind":"Name","value":"resultReason"}},{"kind":"Field","name":{"kind":"Name","value":"runTime"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"inInventory"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceSummary"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]} as unknown as DocumentNode<RunResultsQuery, RunResultsQueryVariables>;