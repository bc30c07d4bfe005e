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
    devices(filter: DeviceFilter, sort: [DeviceSort!], first: Int, after: String): DeviceConnection!
    fleetSummary(filter: DeviceFilter): FleetSummary!
  }

  input DeviceFilter { status: [ComplianceStatus!], state: [ComplianceState!] }
  enum DeviceSortField { HOSTNAME LAST_SEEN REPORT_AGE ISSUE_COUNT STATUS }
  enum SortDirection { ASC DESC }
  input DeviceSort { field: DeviceSortField!, direction: SortDirection = ASC }
  type ConnectionPageInfo { hasNextPage: Boolean!, endCursor: String, hasPreviousPage: Boolean!, startCursor: String }
  type DeviceEdge { cursor: String!, node: Device! }
  type DeviceConnection { edges: [DeviceEdge!]!, pageInfo: ConnectionPageInfo!, totalCount: Int! }
  enum MatchKind { MAC_ADDRESS HOSTNAME UNMATCHED }
  enum UnmatchedReason { NO_USABLE_MAC UNKNOWN_TO_OPSWAT AMBIGUOUS_HOSTNAME }
  type DeviceMatchInfo { kind: MatchKind!, value: String, opswatDeviceId: String, reason: UnmatchedReason, candidates: [String!]! }
  type StatusCount { status: ComplianceStatus!, count: Int! }
  type StateCount { state: ComplianceState!, count: Int! }
  type OsFamilyCount { osFamily: String, count: Int! }
  type AutomoxPolicyCount { policyId: Int!, policyName: String, compliant: Int!, nonCompliant: Int! }
  type UnmatchedCount { reason: UnmatchedReason!, count: Int! }
  type FleetBudget {
    limit: Int!
    windowSeconds: Int!
    callsInWindow: Int!
    queuedInteractive: Int!
    queuedSweep: Int!
    estimatedSecondsUntilAllFresh: Int
  }
  type FleetSummary {
    totalCount: Int!
    byStatus: [StatusCount!]!
    withoutReport: Int!
    byState: [StateCount!]!
    byOsFamily: [OsFamilyCount!]!
    byAutomoxPolicy: [AutomoxPolicyCount!]!
    freshShare: Float!
    oldestReportAgeSeconds: Int
    unmatched: [UnmatchedCount!]!
    budget: FleetBudget!
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
    id: ID!
    osFamily: String
    lastSeenAt: DateTime
    match: DeviceMatchInfo
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
  /** `devices` data by its arguments (JSON of `{ filter, first }`), for the views phase. */
  deviceLists?: Record<string, unknown>;
  /** `fleetSummary` data, for the views phase. */
  fleetSummary?: unknown;
}

/** The key of a `devices` fixture: what the dashboard's documents vary. */
export function devicesKey(filter: unknown, first: number | null): string {
  return JSON.stringify({ filter, first });
}
