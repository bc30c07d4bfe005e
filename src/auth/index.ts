export { ANONYMOUS_CALLER, ANONYMOUS_CLIENT_ID, type Caller, hasScope, SCOPES, type Scope } from './caller.js';
