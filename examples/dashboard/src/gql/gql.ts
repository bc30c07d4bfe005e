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
    "query DeviceDetail($hostname: String!) {\n  device(hostname: $hostname) {\n    id\n    hostname\n    displayName\n    customName\n    automoxId\n    automoxUuid\n    inInventory\n    macAddresses\n    deletedAt\n    osName\n    osVersion\n    agentConnected\n    match {\n      kind\n      value\n      opswatDeviceId\n      reason\n      candidates\n    }\n    compliance {\n      ...ComplianceSummary\n      identifierKind\n      report {\n        deviceType\n        osType\n        lastSeen\n        remediationLink\n        totalCriticalIssues\n        issues {\n          group\n          category\n          descriptions\n        }\n        infections {\n          category\n          totalThreats\n          threats {\n            name\n            file\n            status\n          }\n        }\n      }\n    }\n  }\n}": typeof types.DeviceDetailDocument,
    "query RunList($limit: Int = 15) {\n  policyRuns(limit: $limit) {\n    nodes {\n      policy {\n        uuid\n        name\n        type\n      }\n      execToken\n      runTime\n      deviceCount\n      success\n      failed\n      pending\n    }\n  }\n}": typeof types.RunListDocument,
    "query RunResults($policyUuid: ID!, $execToken: ID!, $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    page: $page\n    limit: $limit\n    sort: [{field: RESULT_STATUS, direction: DESC}, {field: DEVICE_DISPLAY_NAME}]\n  ) {\n    pageInfo {\n      page\n      totalPages\n      totalCount\n      hasNextPage\n    }\n    nodes {\n      resultStatus\n      resultReason\n      runTime\n      device {\n        id\n        hostname\n        displayName\n        inInventory\n        macAddresses\n        compliance {\n          ...ComplianceSummary\n        }\n      }\n    }\n  }\n}\n\nfragment ComplianceSummary on ComplianceLookup {\n  state\n  identifier\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    totalIssues\n    hasCriticalIssues\n  }\n}": typeof types.RunResultsDocument,
};
const documents: Documents = {
    "query DeviceDetail($hostname: String!) {\n  device(hostname: $hostname) {\n    id\n    hostname\n    displayName\n    customName\n    automoxId\n    automoxUuid\n    inInventory\n    macAddresses\n    deletedAt\n    osName\n    osVersion\n    agentConnected\n    match {\n      kind\n      value\n      opswatDeviceId\n      reason\n      candidates\n    }\n    compliance {\n      ...ComplianceSummary\n      identifierKind\n      report {\n        deviceType\n        osType\n        lastSeen\n        remediationLink\n        totalCriticalIssues\n        issues {\n          group\n          category\n          descriptions\n        }\n        infections {\n          category\n          totalThreats\n          threats {\n            name\n            file\n            status\n          }\n        }\n      }\n    }\n  }\n}": types.DeviceDetailDocument,
    "query RunList($limit: Int = 15) {\n  policyRuns(limit: $limit) {\n    nodes {\n      policy {\n        uuid\n        name\n        type\n      }\n      execToken\n      runTime\n      deviceCount\n      success\n      failed\n      pending\n    }\n  }\n}": types.RunListDocument,
    "query RunResults($policyUuid: ID!, $execToken: ID!, $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    page: $page\n    limit: $limit\n    sort: [{field: RESULT_STATUS, direction: DESC}, {field: DEVICE_DISPLAY_NAME}]\n  ) {\n    pageInfo {\n      page\n      totalPages\n      totalCount\n      hasNextPage\n    }\n    nodes {\n      resultStatus\n      resultReason\n      runTime\n      device {\n        id\n        hostname\n        displayName\n        inInventory\n        macAddresses\n        compliance {\n          ...ComplianceSummary\n        }\n      }\n    }\n  }\n}\n\nfragment ComplianceSummary on ComplianceLookup {\n  state\n  identifier\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    totalIssues\n    hasCriticalIssues\n  }\n}": types.RunResultsDocument,
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
export function graphql(source: "query DeviceDetail($hostname: String!) {\n  device(hostname: $hostname) {\n    id\n    hostname\n    displayName\n    customName\n    automoxId\n    automoxUuid\n    inInventory\n    macAddresses\n    deletedAt\n    osName\n    osVersion\n    agentConnected\n    match {\n      kind\n      value\n      opswatDeviceId\n      reason\n      candidates\n    }\n    compliance {\n      ...ComplianceSummary\n      identifierKind\n      report {\n        deviceType\n        osType\n        lastSeen\n        remediationLink\n        totalCriticalIssues\n        issues {\n          group\n          category\n          descriptions\n        }\n        infections {\n          category\n          totalThreats\n          threats {\n            name\n            file\n            status\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query DeviceDetail($hostname: String!) {\n  device(hostname: $hostname) {\n    id\n    hostname\n    displayName\n    customName\n    automoxId\n    automoxUuid\n    inInventory\n    macAddresses\n    deletedAt\n    osName\n    osVersion\n    agentConnected\n    match {\n      kind\n      value\n      opswatDeviceId\n      reason\n      candidates\n    }\n    compliance {\n      ...ComplianceSummary\n      identifierKind\n      report {\n        deviceType\n        osType\n        lastSeen\n        remediationLink\n        totalCriticalIssues\n        issues {\n          group\n          category\n          descriptions\n        }\n        infections {\n          category\n          totalThreats\n          threats {\n            name\n            file\n            status\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RunList($limit: Int = 15) {\n  policyRuns(limit: $limit) {\n    nodes {\n      policy {\n        uuid\n        name\n        type\n      }\n      execToken\n      runTime\n      deviceCount\n      success\n      failed\n      pending\n    }\n  }\n}"): (typeof documents)["query RunList($limit: Int = 15) {\n  policyRuns(limit: $limit) {\n    nodes {\n      policy {\n        uuid\n        name\n        type\n      }\n      execToken\n      runTime\n      deviceCount\n      success\n      failed\n      pending\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RunResults($policyUuid: ID!, $execToken: ID!, $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    page: $page\n    limit: $limit\n    sort: [{field: RESULT_STATUS, direction: DESC}, {field: DEVICE_DISPLAY_NAME}]\n  ) {\n    pageInfo {\n      page\n      totalPages\n      totalCount\n      hasNextPage\n    }\n    nodes {\n      resultStatus\n      resultReason\n      runTime\n      device {\n        id\n        hostname\n        displayName\n        inInventory\n        macAddresses\n        compliance {\n          ...ComplianceSummary\n        }\n      }\n    }\n  }\n}\n\nfragment ComplianceSummary on ComplianceLookup {\n  state\n  identifier\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    totalIssues\n    hasCriticalIssues\n  }\n}"): (typeof documents)["query RunResults($policyUuid: ID!, $execToken: ID!, $page: Int = 0, $limit: Int = 25) {\n  policyRunResults(\n    policyUuid: $policyUuid\n    execToken: $execToken\n    page: $page\n    limit: $limit\n    sort: [{field: RESULT_STATUS, direction: DESC}, {field: DEVICE_DISPLAY_NAME}]\n  ) {\n    pageInfo {\n      page\n      totalPages\n      totalCount\n      hasNextPage\n    }\n    nodes {\n      resultStatus\n      resultReason\n      runTime\n      device {\n        id\n        hostname\n        displayName\n        inInventory\n        macAddresses\n        compliance {\n          ...ComplianceSummary\n        }\n      }\n    }\n  }\n}\n\nfragment ComplianceSummary on ComplianceLookup {\n  state\n  identifier\n  fetchedAt\n  expiresAt\n  retryAfterSeconds\n  failureCode\n  report {\n    status\n    totalIssues\n    hasCriticalIssues\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;