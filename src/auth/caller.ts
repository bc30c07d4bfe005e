/** The scopes of the contract ("Access"): what a token may read or spend. */
export const SCOPES = {
  /** Policy runs, results, devices and their compliance. */
  postureRead: 'posture:read',
  /** `compliance(identifier:)`: lookups of identifiers that are not inventory devices. */
  complianceLookup: 'compliance:lookup',
} as const;

/** One of {@link SCOPES}. */
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

/**
 * Who a request is made for. Everything that reads the fleet checks its scopes; everything that
 * spends the OPSWAT budget counts it against `clientId` (fair share between clients).
 */
export type Caller =
  /** Authentication is off (demo mode, or a subgraph behind an authenticating router): one shared client. */
  | { kind: 'anonymous'; clientId: string; scopes: ReadonlySet<string> }
  /** A verified token: `clientId` is its `azp`, else `client_id`, else `sub`. */
  | { kind: 'token'; clientId: string; subject: string | null; scopes: ReadonlySet<string> };

/** The client id every anonymous request shares. */
export const ANONYMOUS_CLIENT_ID = 'anonymous';

/** The caller of every request while authentication is off: one client, every scope. */
export const ANONYMOUS_CALLER: Caller = Object.freeze({
  kind: 'anonymous',
  clientId: ANONYMOUS_CLIENT_ID,
  scopes: new Set<string>(Object.values(SCOPES)),
});

/** Whether the caller's scopes include `scope`. */
export function hasScope(caller: Caller, scope: Scope): boolean {
  return caller.scopes.has(scope);
}
