/**
 * The baseline's hand-written SDL: the same types as schema/schema.graphql for everything the bench
 * queries (descriptions, filter and sort inputs left out), plus the two pieces of federation a
 * router needs for `_entities` (`_Any`, `_Entity`), written out instead of via @apollo/subgraph.
 */
export const BASELINE_TYPE_DEFS = /* GraphQL */ `
  scalar DateTime
  scalar _Any
  union _Entity = Device

  type Query {
    policyRunResults(policyUuid: ID!, execToken: ID!, page: Int = 0, limit: Int = 25): PolicyRunResultPage!
    device(hostname: String, macAddress: String): Device
    compliance(identifier: String!, kind: DeviceIdentifierKind! = MAC_ADDRESS): ComplianceLookup!
    _entities(representations: [_Any!]!): [_Entity]!
  }

  type PageInfo { page: Int!, limit: Int!, totalPages: Int!, totalCount: Int!, hasNextPage: Boolean! }
  type Policy { uuid: ID!, name: String, type: String }

  enum PolicyResultStatus { SUCCESS FAILED PENDING NOT_INCLUDED REMEDIATION_NOT_APPLICABLE BLOCKED APPLIED NOT_APPLICABLE UNKNOWN }

  type PolicyRunResult {
    device: Device!
    resultStatus: PolicyResultStatus!
    rawResultStatus: String!
    resultReason: String
    runTime: DateTime
    eventTime: DateTime
    patches: [String!]!
    stdout: String
    stderr: String
    exitCode: Int
    policy: Policy!
  }
  type PolicyRunResultPage { pageInfo: PageInfo!, nodes: [PolicyRunResult!]! }

  type Device {
    hostname: String!
    displayName: String
    customName: String
    automoxId: Int
    automoxUuid: ID
    macAddresses: [String!]!
    deletedAt: DateTime
    compliance: ComplianceLookup!
  }

  enum DeviceIdentifierKind { MAC_ADDRESS HWID SSID }
  enum ComplianceState { FRESH STALE QUEUED NOT_FOUND UNMATCHED FAILED }
  type ComplianceLookup {
    state: ComplianceState!
    identifier: String
    identifierKind: DeviceIdentifierKind
    fetchedAt: DateTime
    expiresAt: DateTime
    retryAfterSeconds: Int
    failureCode: String
    report: ComplianceReport
  }

  enum ComplianceStatus { COMPLIANT NON_COMPLIANT REPORTING EXEMPTED UNKNOWN }
  type ComplianceReport {
    status: ComplianceStatus!
    hasCriticalIssues: Boolean!
    totalIssues: Int!
    totalCriticalIssues: Int!
    deviceType: String
    osType: String
    lastSeen: DateTime
    remediationLink: String
    issues: [ComplianceIssueGroup!]!
    infections: [Infection!]!
  }
  type ComplianceIssueGroup { group: String!, category: String, descriptions: [String!]! }
  type Infection { category: String, hasIssue: Boolean!, hasCriticalIssue: Boolean!, totalThreats: Int!, lastScanTime: DateTime, threats: [Threat!]! }
  type Threat { name: String, file: String, foundTime: DateTime, hash: String, link: String, ipAddress: String, status: String }
`;

/** What the bench captured from our server after warm-up; the baseline answers it from memory. */
export interface BaselineFixtures {
  /** `policyRunResults` data by `limit`. */
  pages: Record<string, unknown>;
  /** `device` data by the hostname asked. */
  devices: Record<string, unknown>;
  /** `_entities` items by representation hostname. */
  entities: Record<string, unknown>;
}
