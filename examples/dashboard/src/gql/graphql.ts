/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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
export const RunListDocument = {"__meta__":{"hash":"sha256:831107955247482831ffce30abb058dcba93a612a31df2db2dfcc1a390679336"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"15"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"uuid"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"execToken"}},{"kind":"Field","name":{"kind":"Name","value":"runTime"}},{"kind":"Field","name":{"kind":"Name","value":"deviceCount"}},{"kind":"Field","name":{"kind":"Name","value":"success"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]}}]} as unknown as DocumentNode<RunListQuery, RunListQueryVariables>;
export const RunResultsDocument = {"__meta__":{"hash":"sha256:959a16f7da2b3cb76d04fd6fae6874a3712c92e7db9a1afcf9819ca27f032db5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"policyRunResults"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"policyUuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}}},{"kind":"Argument","name":{"kind":"Name","value":"execToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"RESULT_STATUS"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]},{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"DEVICE_DISPLAY_NAME"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"totalPages"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"resultStatus"}},{"kind":"Field","name":{"kind":"Name","value":"resultReason"}},{"kind":"Field","name":{"kind":"Name","value":"runTime"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"inInventory"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceSummary"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]} as unknown as DocumentNode<RunResultsQuery, RunResultsQueryVariables>;