/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { gql } from '@apollo/client';
import * as Apollo from '@apollo/client';
import * as ApolloReactHooks from '@apollo/client';
const defaultOptions = {} as const;
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
  | 'HWID'
  | 'MAC_ADDRESS'
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

export const ComplianceDetailFragmentDoc = gql`
    fragment ComplianceDetail on ComplianceLookup {
  state
  identifier
  identifierKind
  fetchedAt
  expiresAt
  retryAfterSeconds
  failureCode
  report {
    status
    hasCriticalIssues
    totalIssues
    totalCriticalIssues
    deviceType
    osType
    lastSeen
    remediationLink
    issues {
      group
      category
      descriptions
    }
    infections {
      category
      hasIssue
      hasCriticalIssue
      totalThreats
      lastScanTime
      threats {
        name
        file
        foundTime
        hash
        link
        ipAddress
        status
      }
    }
  }
}
    `;
export const DevicePageDocument = gql`
    query DevicePage($hostname: String!) {
  device(hostname: $hostname) {
    hostname
    displayName
    customName
    automoxId
    macAddresses
    deletedAt
    compliance {
      ...ComplianceDetail
    }
  }
}
    ${ComplianceDetailFragmentDoc}`;

/**
 * __useDevicePageQuery__
 *
 * To run a query within a React component, call `useDevicePageQuery` and pass it any options that fit your needs.
 * When your component renders, `useDevicePageQuery` returns an object from Apollo Client that contains loading, error, and data properties
 * you can use to render your UI.
 *
 * @param baseOptions options that will be passed into the query, supported options are listed on: https://www.apollographql.com/docs/react/api/react-hooks/#options;
 *
 * @example
 * const { data, loading, error } = useDevicePageQuery({
 *   variables: {
 *      hostname: // value for 'hostname'
 *   },
 * });
 */
export function useDevicePageQuery(baseOptions: ApolloReactHooks.QueryHookOptions<DevicePageQuery, DevicePageQueryVariables> & ({ variables: DevicePageQueryVariables; skip?: boolean; } | { skip: boolean; }) ) {
        const options = {...defaultOptions, ...baseOptions}
        return ApolloReactHooks.useQuery<DevicePageQuery, DevicePageQueryVariables>(DevicePageDocument, options);
      }
export function useDevicePageLazyQuery(baseOptions?: ApolloReactHooks.LazyQueryHookOptions<DevicePageQuery, DevicePageQueryVariables>) {
          const options = {...defaultOptions, ...baseOptions}
          return ApolloReactHooks.useLazyQuery<DevicePageQuery, DevicePageQueryVariables>(DevicePageDocument, options);
        }
// @ts-ignore
export function useDevicePageSuspenseQuery(baseOptions?: ApolloReactHooks.SuspenseQueryHookOptions<DevicePageQuery, DevicePageQueryVariables>): ApolloReactHooks.UseSuspenseQueryResult<DevicePageQuery, DevicePageQueryVariables>;
export function useDevicePageSuspenseQuery(baseOptions?: ApolloReactHooks.SkipToken | ApolloReactHooks.SuspenseQueryHookOptions<DevicePageQuery, DevicePageQueryVariables>): ApolloReactHooks.UseSuspenseQueryResult<DevicePageQuery | undefined, DevicePageQueryVariables>;
export function useDevicePageSuspenseQuery(baseOptions?: ApolloReactHooks.SkipToken | ApolloReactHooks.SuspenseQueryHookOptions<DevicePageQuery, DevicePageQueryVariables>) {
          const options = baseOptions === ApolloReactHooks.skipToken ? baseOptions : {...defaultOptions, ...baseOptions}
          return ApolloReactHooks.useSuspenseQuery<DevicePageQuery, DevicePageQueryVariables>(DevicePageDocument, options);
        }
export type DevicePageQueryHookResult = ReturnType<typeof useDevicePageQuery>;
export type DevicePageLazyQueryHookResult = ReturnType<typeof useDevicePageLazyQuery>;
export type DevicePageSuspenseQueryHookResult = ReturnType<typeof useDevicePageSuspenseQuery>;
export type DevicePageQueryResult = Apollo.QueryResult<DevicePageQuery, DevicePageQueryVariables>;
export const LookupByMacDocument = gql`
    query LookupByMac($macAddress: String!) {
  device(macAddress: $macAddress) {
    hostname
    displayName
    macAddresses
  }
  compliance(identifier: $macAddress, kind: MAC_ADDRESS) {
    ...ComplianceDetail
  }
}
    ${ComplianceDetailFragmentDoc}`;

/**
 * __useLookupByMacQuery__
 *
 * To run a query within a React component, call `useLookupByMacQuery` and pass it any options that fit your needs.
 * When your component renders, `useLookupByMacQuery` returns an object from Apollo Client that contains loading, error, and data properties
 * you can use to render your UI.
 *
 * @param baseOptions options that will be passed into the query, supported options are listed on: https://www.apollographql.com/docs/react/api/react-hooks/#options;
 *
 * @example
 * const { data, loading, error } = useLookupByMacQuery({
 *   variables: {
 *      macAddress: // value for 'macAddress'
 *   },
 * });
 */
export function useLookupByMacQuery(baseOptions: ApolloReactHooks.QueryHookOptions<LookupByMacQuery, LookupByMacQueryVariables> & ({ variables: LookupByMacQueryVariables; skip?: boolean; } | { skip: boolean; }) ) {
        const options = {...defaultOptions, ...baseOptions}
        return ApolloReactHooks.useQuery<LookupByMacQuery, LookupByMacQueryVariables>(LookupByMacDocument, options);
      }
export function useLookupByMacLazyQuery(baseOptions?: ApolloReactHooks.LazyQueryHookOptions<LookupByMacQuery, LookupByMacQueryVariables>) {
          const options = {...defaultOptions, ...baseOptions}
          return ApolloReactHooks.useLazyQuery<LookupByMacQuery, LookupByMacQueryVariables>(LookupByMacDocument, options);
        }
// @ts-ignore
export function useLookupByMacSuspenseQuery(baseOptions?: ApolloReactHooks.SuspenseQueryHookOptions<LookupByMacQuery, LookupByMacQueryVariables>): ApolloReactHooks.UseSuspenseQueryResult<LookupByMacQuery, LookupByMacQueryVariables>;
export function useLookupByMacSuspenseQuery(baseOptions?: ApolloReactHooks.SkipToken | ApolloReactHooks.SuspenseQueryHookOptions<LookupByMacQuery, LookupByMacQueryVariables>): ApolloReactHooks.UseSuspenseQueryResult<LookupByMacQuery | undefined, LookupByMacQueryVariables>;
export function useLookupByMacSuspenseQuery(baseOptions?: ApolloReactHooks.SkipToken | ApolloReactHooks.SuspenseQueryHookOptions<LookupByMacQuery, LookupByMacQueryVariables>) {
          const options = baseOptions === ApolloReactHooks.skipToken ? baseOptions : {...defaultOptions, ...baseOptions}
          return ApolloReactHooks.useSuspenseQuery<LookupByMacQuery, LookupByMacQueryVariables>(LookupByMacDocument, options);
        }
export type LookupByMacQueryHookResult = ReturnType<typeof useLookupByMacQuery>;
export type LookupByMacLazyQueryHookResult = ReturnType<typeof useLookupByMacLazyQuery>;
export type LookupByMacSuspenseQueryHookResult = ReturnType<typeof useLookupByMacSuspenseQuery>;
export type LookupByMacQueryResult = Apollo.QueryResult<LookupByMacQuery, LookupByMacQueryVariables>;
export const PolicyRunTableDocument = gql`
    query PolicyRunTable($policyUuid: ID!, $execToken: ID!, $filter: PolicyRunResultFilter, $sort: [PolicyRunResultSort!], $page: Int = 0, $limit: Int = 25) {
  policyRunResults(
    policyUuid: $policyUuid
    execToken: $execToken
    filter: $filter
    sort: $sort
    page: $page
    limit: $limit
  ) {
    nodes {
      resultStatus
      runTime
      device {
        hostname
        displayName
        macAddresses
        compliance {
          state
          retryAfterSeconds
          fetchedAt
          report {
            status
            totalIssues
            hasCriticalIssues
          }
        }
      }
    }
    pageInfo {
      page
      limit
      totalPages
      totalCount
      hasNextPage
    }
  }
}
    `;

/**
 * __usePolicyRunTableQuery__
 *
 * To run a query within a React component, call `usePolicyRunTableQuery` and pass it any options that fit your needs.
 * When your component renders, `usePolicyRunTableQuery` returns an object from Apollo Client that contains loading, error, and data properties
 * you can use to render your UI.
 *
 * @param baseOptions options that will be passed into the query, supported options are listed on: https://www.apollographql.com/docs/react/api/react-hooks/#options;
 *
 * @example
 * const { data, loading, error } = usePolicyRunTableQuery({
 *   variables: {
 *      policyUuid: // value for 'policyUuid'
 *      execToken: // value for 'execToken'
 *      filter: // value for 'filter'
 *      sort: // value for 'sort'
 *      page: // value for 'page'
 *      limit: // value for 'limit'
 *   },
 * });
 */
export function usePolicyRunTableQuery(baseOptions: ApolloReactHooks.QueryHookOptions<PolicyRunTableQuery, PolicyRunTableQueryVariables> & ({ variables: PolicyRunTableQueryVariables; skip?: boolean; } | { skip: boolean; }) ) {
        const options = {...defaultOptions, ...baseOptions}
        return ApolloReactHooks.useQuery<PolicyRunTableQuery, PolicyRunTableQueryVariables>(PolicyRunTableDocument, options);
      }
export function usePolicyRunTableLazyQuery(baseOptions?: ApolloReactHooks.LazyQueryHookOptions<PolicyRunTableQuery, PolicyRunTableQueryVariables>) {
          const options = {...defaultOptions, ...baseOptions}
          return ApolloReactHooks.useLazyQuery<PolicyRunTableQuery, PolicyRunTableQueryVariables>(PolicyRunTableDocument, options);
        }
// @ts-ignore
export function usePolicyRunTableSuspenseQuery(baseOptions?: ApolloReactHooks.SuspenseQueryHookOptions<PolicyRunTableQuery, PolicyRunTableQueryVariables>): ApolloReactHooks.UseSuspenseQueryResult<PolicyRunTableQuery, PolicyRunTableQueryVariables>;
export function usePolicyRunTableSuspenseQuery(baseOptions?: ApolloReactHooks.SkipToken | ApolloReactHooks.SuspenseQueryHookOptions<PolicyRunTableQuery, PolicyRunTableQueryVariables>): ApolloReactHooks.UseSuspenseQueryResult<PolicyRunTableQuery | undefined, PolicyRunTableQueryVariables>;
export function usePolicyRunTableSuspenseQuery(baseOptions?: ApolloReactHooks.SkipToken | ApolloReactHooks.SuspenseQueryHookOptions<PolicyRunTableQuery, PolicyRunTableQueryVariables>) {
          const options = baseOptions === ApolloReactHooks.skipToken ? baseOptions : {...defaultOptions, ...baseOptions}
          return ApolloReactHooks.useSuspenseQuery<PolicyRunTableQuery, PolicyRunTableQueryVariables>(PolicyRunTableDocument, options);
        }
export type PolicyRunTableQueryHookResult = ReturnType<typeof usePolicyRunTableQuery>;
export type PolicyRunTableLazyQueryHookResult = ReturnType<typeof usePolicyRunTableLazyQuery>;
export type PolicyRunTableSuspenseQueryHookResult = ReturnType<typeof usePolicyRunTableSuspenseQuery>;
export type PolicyRunTableQueryResult = Apollo.QueryResult<PolicyRunTableQuery, PolicyRunTableQueryVariables>;