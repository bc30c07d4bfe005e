/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query DevicePage($hostname: String!) {\n  device(hostname: $hostname) {\n    hostname\n    displayName\n    customName\n    automoxId\n    macAddresses\n    deletedAt\n    compliance {\n      ...ComplianceDetail\n    }\n  }\n}\n\nfragment ComplianceDetail on ComplianceLookup {\n  state\n  identifier\n  identifierKind\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    hasCriticalIssues\n    totalIssues\n    totalCriticalIssues\n    deviceType\n    osType\n    lastSeen\n    remediationLink\n    issues {\n      group\n      category\n      descriptions\n    }\n    infections {\n      category\n      hasIssue\n      hasCriticalIssue\n      totalThreats\n      lastScanTime\n      threats {\n        name\n        file\n        foundTime\n        hash\n        link\n        ipAddress\n        status\n      }\n    }\n  }\n}": typeof types.DevicePageDocument,
    "query LookupByMac($macAddress: String!) {\n  device(macAddress: $macAddress) {\n    hostname\n    displayName\n    macAddresses\n  }\n  compliance(identifier: $macAddress, kind: MAC_ADDRESS) {\n    ...ComplianceDetail\n  }\n}": typeof types.LookupByMacDocument,
    "query PolicyRunTable($policyUuid: ID!, $execToken: ID!, $filter: PolicyRunResultFilter, $sort: [PolicyRunResultSort!], $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    filter: $filter\n    sort: $sort\n    page: $page\n    limit: $limit\n  ) {\n    nodes {\n      resultStatus\n      runTime\n      device {\n        hostname\n        displayName\n        macAddresses\n        compliance {\n          state\n          retryAfterSeconds\n          fetchedAt\n          report {\n            status\n            totalIssues\n            hasCriticalIssues\n          }\n        }\n      }\n    }\n    pageInfo {\n      page\n      limit\n      totalPages\n      totalCount\n      hasNextPage\n    }\n  }\n}": typeof types.PolicyRunTableDocument,
};
const documents: Documents = {
    "query DevicePage($hostname: String!) {\n  device(hostname: $hostname) {\n    hostname\n    displayName\n    customName\n    automoxId\n    macAddresses\n    deletedAt\n    compliance {\n      ...ComplianceDetail\n    }\n  }\n}\n\nfragment ComplianceDetail on ComplianceLookup {\n  state\n  identifier\n  identifierKind\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    hasCriticalIssues\n    totalIssues\n    totalCriticalIssues\n    deviceType\n    osType\n    lastSeen\n    remediationLink\n    issues {\n      group\n      category\n      descriptions\n    }\n    infections {\n      category\n      hasIssue\n      hasCriticalIssue\n      totalThreats\n      lastScanTime\n      threats {\n        name\n        file\n        foundTime\n        hash\n        link\n        ipAddress\n        status\n      }\n    }\n  }\n}": types.DevicePageDocument,
    "query LookupByMac($macAddress: String!) {\n  device(macAddress: $macAddress) {\n    hostname\n    displayName\n    macAddresses\n  }\n  compliance(identifier: $macAddress, kind: MAC_ADDRESS) {\n    ...ComplianceDetail\n  }\n}": types.LookupByMacDocument,
    "query PolicyRunTable($policyUuid: ID!, $execToken: ID!, $filter: PolicyRunResultFilter, $sort: [PolicyRunResultSort!], $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    filter: $filter\n    sort: $sort\n    page: $page\n    limit: $limit\n  ) {\n    nodes {\n      resultStatus\n      runTime\n      device {\n        hostname\n        displayName\n        macAddresses\n        compliance {\n          state\n          retryAfterSeconds\n          fetchedAt\n          report {\n            status\n            totalIssues\n            hasCriticalIssues\n          }\n        }\n      }\n    }\n    pageInfo {\n      page\n      limit\n      totalPages\n      totalCount\n      hasNextPage\n    }\n  }\n}": types.PolicyRunTableDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DevicePage($hostname: String!) {\n  device(hostname: $hostname) {\n    hostname\n    displayName\n    customName\n    automoxId\n    macAddresses\n    deletedAt\n    compliance {\n      ...ComplianceDetail\n    }\n  }\n}\n\nfragment ComplianceDetail on ComplianceLookup {\n  state\n  identifier\n  identifierKind\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    hasCriticalIssues\n    totalIssues\n    totalCriticalIssues\n    deviceType\n    osType\n    lastSeen\n    remediationLink\n    issues {\n      group\n      category\n      descriptions\n    }\n    infections {\n      category\n      hasIssue\n      hasCriticalIssue\n      totalThreats\n      lastScanTime\n      threats {\n        name\n        file\n        foundTime\n        hash\n        link\n        ipAddress\n        status\n      }\n    }\n  }\n}"): (typeof documents)["query DevicePage($hostname: String!) {\n  device(hostname: $hostname) {\n    hostname\n    displayName\n    customName\n    automoxId\n    macAddresses\n    deletedAt\n    compliance {\n      ...ComplianceDetail\n    }\n  }\n}\n\nfragment ComplianceDetail on ComplianceLookup {\n  state\n  identifier\n  identifierKind\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    hasCriticalIssues\n    totalIssues\n    totalCriticalIssues\n    deviceType\n    osType\n    lastSeen\n    remediationLink\n    issues {\n      group\n      category\n      descriptions\n    }\n    infections {\n      category\n      hasIssue\n      hasCriticalIssue\n      totalThreats\n      lastScanTime\n      threats {\n        name\n        file\n        foundTime\n        hash\n        link\n        ipAddress\n        status\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LookupByMac($macAddress: String!) {\n  device(macAddress: $macAddress) {\n    hostname\n    displayName\n    macAddresses\n  }\n  compliance(identifier: $macAddress, kind: MAC_ADDRESS) {\n    ...ComplianceDetail\n  }\n}"): (typeof documents)["query LookupByMac($macAddress: String!) {\n  device(macAddress: $macAddress) {\n    hostname\n    displayName\n    macAddresses\n  }\n  compliance(identifier: $macAddress, kind: MAC_ADDRESS) {\n    ...ComplianceDetail\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PolicyRunTable($policyUuid: ID!, $execToken: ID!, $filter: PolicyRunResultFilter, $sort: [PolicyRunResultSort!], $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    filter: $filter\n    sort: $sort\n    page: $page\n    limit: $limit\n  ) {\n    nodes {\n      resultStatus\n      runTime\n      device {\n        hostname\n        displayName\n        macAddresses\n        compliance {\n          state\n          retryAfterSeconds\n          fetchedAt\n          report {\n            status\n            totalIssues\n            hasCriticalIssues\n          }\n        }\n      }\n    }\n    pageInfo {\n      page\n      limit\n      totalPages\n      totalCount\n      hasNextPage\n    }\n  }\n}"): (typeof documents)["query PolicyRunTable($policyUuid: ID!, $execToken: ID!, $filter: PolicyRunResultFilter, $sort: [PolicyRunResultSort!], $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    filter: $filter\n    sort: $sort\n    page: $page\n    limit: $limit\n  ) {\n    nodes {\n      resultStatus\n      runTime\n      device {\n        hostname\n        displayName\n        macAddresses\n        compliance {\n          state\n          retryAfterSeconds\n          fetchedAt\n          report {\n            status\n            totalIssues\n            hasCriticalIssues\n          }\n        }\n      }\n    }\n    pageInfo {\n      page\n      limit\n      totalPages\n      totalCount\n      hasNextPage\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;