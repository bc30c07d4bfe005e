// The kernel: what every feature needs from GraphQL, and nothing that knows a feature. Features
// import it; it imports no feature, so decorators never read a class that is not yet defined.
export type { RequestContext } from './context.js';
export { DateTimeScalar } from './scalars.js';
export { selects } from './selection.js';
export { PageInfo, toPageInfo } from './page-info.type.js';
export { ConnectionPageInfo } from './connection-page-info.type.js';
export { SoftErrors, softErrorsPlugin } from './soft-errors.js';
