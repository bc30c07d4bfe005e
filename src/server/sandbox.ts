/**
 * The document Apollo Sandbox opens with: find a run, then see its results joined to devices
 * and their compliance. Variables are pre-filled with a real run when one is known (demo mode).
 */
export const SANDBOX_DOCUMENT = `# 1. Pick a run: copy a policy uuid and execToken into the variables below.
query RecentPolicyRuns {
  policyRuns(limit: 5) {
    nodes { policy { uuid name type } execToken runTime deviceCount failed }
  }
}

# 2. The run's per-device results, joined to each device and its OPSWAT compliance.
#    compliance.state QUEUED means OPSWAT's 10-calls-a-minute budget is busy: ask again after retryAfterSeconds.
query PolicyRunWithCompliance($policyUuid: ID!, $execToken: ID!) {
  policyRunResults(policyUuid: $policyUuid, execToken: $execToken, limit: 25,
                   sort: [{ field: RESULT_STATUS, direction: DESC }]) {
    pageInfo { page totalPages totalCount hasNextPage }
    nodes {
      resultStatus
      runTime
      patches
      device {
        hostname
        displayName
        macAddresses
        compliance {
          state
          retryAfterSeconds
          fetchedAt
          report { status totalIssues hasCriticalIssues }
        }
      }
    }
  }
}
`;
