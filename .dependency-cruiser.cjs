// The house's layers, checked by `npm test` (see README, "Development"):
//   infrastructure (common, config, metrics, store, auth, tracing, automox, opswat, inventory)
//   < kernel (what features need from GraphQL) and graphql (the boundary the server mounts)
//   < features (compliance < device < policy, fleet, …), each through its index.ts
//   < root (the composition root) < serve.ts / main.ts (the process)
// No import circle anywhere in src/, and nothing imports upward.
const FEATURES = '^src/(compliance|device|policy|fleet|live)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle makes load order matter (decorators reading classes not yet defined).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'root-is-the-top',
      severity: 'error',
      comment: 'Only the process entry points import the composition root.',
      from: { path: '^src/', pathNot: '^src/(root/|serve\\.ts|main\\.ts)' },
      to: { path: '^src/root/' },
    },
    {
      name: 'kernel-knows-no-feature',
      severity: 'error',
      comment: 'The kernel and the GraphQL boundary sit below every feature.',
      from: { path: '^src/(kernel|graphql|server|common|config|metrics|store|auth|tracing|automox|opswat|inventory)/' },
      to: { path: FEATURES },
    },
    {
      name: 'features-use-each-others-index',
      severity: 'error',
      comment: "A feature reaches another folder only through that folder's index.ts.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
