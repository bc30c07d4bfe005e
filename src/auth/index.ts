export { ANONYMOUS_CALLER, ANONYMOUS_CLIENT_ID, type Caller, hasScope, SCOPES, type Scope } from './caller.js';
export { callerFromClaims, KeysUnavailableError, TokenVerifier, type TokenVerifierOptions } from './jwt.js';
export { authenticate, callerOf } from './middleware.js';
