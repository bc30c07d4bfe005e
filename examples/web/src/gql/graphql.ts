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

/** Sort direction. */
export type SortDirection =
  | 'ASC'
  | 'DESC';

export type DevicePageQueryVariables = Exact<{
  hostname: string;
}>;


export type DevicePageQuery = { device: { hostname: string, displayName: string | null, customName: string | null, automoxId: number | null, macAddresses: Array<string>, deletedAt: string | null, compliance: { state: ComplianceState, identifier: string | null, identifierKind: DeviceIdentifierKind | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { status: ComplianceStatus, hasCriticalIssues: boolean, totalIssues: number, totalCriticalIssues: number, deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, issues: Array<{ group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ category: string | null, hasIssue: boolean, hasCriticalIssue: boolean, totalThreats: number, lastScanTime: string | null, threats: Array<{ name: string | null, file: string | null, foundTime: string | null, hash: string | null, link: string | null, ipAddress: string | null, status: string | null }> }> } | null } } | null };

export type ComplianceDetailFragment = { state: ComplianceState, identifier: string | null, identifierKind: DeviceIdentifierKind | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { status: ComplianceStatus, hasCriticalIssues: boolean, totalIssues: number, totalCriticalIssues: number, deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, issues: Array<{ group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ category: string | null, hasIssue: boolean, hasCriticalIssue: boolean, totalThreats: number, lastScanTime: string | null, threats: Array<{ name: string | null, file: string | null, foundTime: string | null, hash: string | null, link: string | null, ipAddress: string | null, status: string | null }> }> } | null };

export type LookupByMacQueryVariables = Exact<{
  macAddress: string;
}>;


export type LookupByMacQuery = { device: { hostname: string, displayName: string | null, macAddresses: Array<string> } | null, compliance: { state: ComplianceState, identifier: string | null, identifierKind: DeviceIdentifierKind | null, fetchedAt: string | null, expiresAt: string | null, retryAfterSeconds: number | null, failureCode: string | null, report: { status: ComplianceStatus, hasCriticalIssues: boolean, totalIssues: number, totalCriticalIssues: number, deviceType: string | null, osType: string | null, lastSeen: string | null, remediationLink: string | null, issues: Array<{ group: string, category: string | null, descriptions: Array<string> }>, infections: Array<{ category: string | null, hasIssue: boolean, hasCriticalIssue: boolean, totalThreats: number, lastScanTime: string | null, threats: Array<{ name: string | null, file: string | null, foundTime: string | null, hash: string | null, link: string | null, ipAddress: string | null, status: string | null }> }> } | null } };

export type PolicyRunTableQueryVariables = Exact<{
  policyUuid: string | number;
  execToken: string | number;
  filter?: PolicyRunResultFilter | null | undefined;
  sort?: Array<PolicyRunResultSort> | PolicyRunResultSort | null | undefined;
  page?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type PolicyRunTableQuery = { policyRunResults: { nodes: Array<{ resultStatus: PolicyResultStatus, runTime: string | null, device: { hostname: string, displayName: string | null, macAddresses: Array<string>, compliance: { state: ComplianceState, retryAfterSeconds: number | null, fetchedAt: string | null, report: { status: ComplianceStatus, totalIssues: number, hasCriticalIssues: boolean } | null } } }>, pageInfo: { page: number, limit: number, totalPages: number, totalCount: number, hasNextPage: boolean } } };

export const ComplianceDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"hasIssue"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssue"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"lastScanTime"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"foundTime"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ComplianceDetailFragment, unknown>;
export const DevicePageDocument = {"__meta__":{"hash":"sha256:a3956858784c18b1f2313646ab9e106175a356a76487acd4eca4e4ee46ce0ba1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DevicePage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"hostname"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"device"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"hostname"},"value":{"kind":"Variable","name":{"kind":"Name","value":"hostname"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"customName"}},{"kind":"Field","name":{"kind":"Name","value":"automoxId"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceDetail"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"hasIssue"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssue"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"lastScanTime"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"foundTime"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DevicePageQuery, DevicePageQueryVariables>;
export const LookupByMacDocument = {"__meta__":{"hash":"sha256:948bb97d5ca193523607c666bd36de4e342fcb8810f643c91b038058c875619d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LookupByMac"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"macAddress"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"device"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"macAddress"},"value":{"kind":"Variable","name":{"kind":"Name","value":"macAddress"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"identifier"},"value":{"kind":"Variable","name":{"kind":"Name","value":"macAddress"}}},{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"MAC_ADDRESS"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComplianceDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComplianceDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComplianceLookup"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"identifierKind"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"totalCriticalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"deviceType"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"remediationLink"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"}}]}},{"kind":"Field","name":{"kind":"Name","value":"infections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"hasIssue"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssue"}},{"kind":"Field","name":{"kind":"Name","value":"totalThreats"}},{"kind":"Field","name":{"kind":"Name","value":"lastScanTime"}},{"kind":"Field","name":{"kind":"Name","value":"threats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"foundTime"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LookupByMacQuery, LookupByMacQueryVariables>;
export const PolicyRunTableDocument = {"__meta__":{"hash":"sha256:615718a4005349c83ff384e0dd754c1ce90fb080fd39396f3935e3c05408307f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PolicyRunTable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PolicyRunResultFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PolicyRunResultSort"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policyRunResults"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"policyUuid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"policyUuid"}}},{"kind":"Argument","name":{"kind":"Name","value":"execToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"execToken"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultStatus"}},{"kind":"Field","name":{"kind":"Name","value":"runTime"}},{"kind":"Field","name":{"kind":"Name","value":"device"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"macAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"fetchedAt"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalIssues"}},{"kind":"Field","name":{"kind":"Name","value":"hasCriticalIssues"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"totalPages"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<PolicyRunTableQuery, PolicyRunTableQueryVariables>;