/**
 * The layer rules of the codebase, checked in `npm test` (`npm run depcruise`):
 *
 *   shared/domain          pure: imports nothing of ours outside the domain
 *   shared/application     use cases and their ports: nothing of http, infrastructure, functions or infra
 *   shared/contract        routes and schemas: the domain only
 *   AWS SDK                only shared/infrastructure (and infra/, tests and scripts) talk to AWS
 *   infra/local            the local stand-in: nothing in production code imports it
 *   no cycles anywhere
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing of ours outside shared/domain (libraries such as zod are fine).',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(?!domain/)|functions/|infra/|scripts/|test/|web/)' },
    },
    {
      name: 'domain-does-no-io',
      comment: 'The domain reads no files, network, environment or clock from Node built-ins.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|child_process|dns|os|process)$' },
    },
    {
      name: 'application-owns-its-ports',
      comment: 'Use cases depend on ports (shared/application/ports.ts), never on adapters, http or the functions.',
      severity: 'error',
      from: { path: '^shared/application/' },
      to: { path: '^(shared/(http|infrastructure|lazy)/|functions/|infra/|scripts/|test/)' },
    },
    {
      name: 'contract-over-domain',
      comment: 'Routes and schemas describe the API in domain terms only.',
      severity: 'error',
      from: { path: '^shared/contract/' },
      to: { path: '^(shared/(application|http|infrastructure|lazy)/|functions/|infra/)' },
    },
    {
      name: 'aws-sdk-only-in-infrastructure',
      comment: 'Only the adapters talk to AWS; the domain, use cases, contract and http layer do not.',
      severity: 'error',
      from: { path: '^shared/(domain|application|contract|http)/' },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'local-stand-in-stays-local',
      comment: 'infra/local (dynalite, the local server, the seed) is never imported by what is deployed.',
      severity: 'error',
      from: { path: '^(shared|functions|infra)/', pathNot: '^infra/local/' },
      to: { path: '^infra/local/' },
    },
    {
      name: 'functions-are-entries',
      comment: 'Nothing imports a function handler but the local server, the tests and the benchmark.',
      severity: 'error',
      from: { path: '^(shared|functions|infra)/', pathNot: '^infra/local/' },
      to: { path: '^functions/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|coverage|data|bench-results|test-results)/' },
    tsPreCompilationDeps: false,
    // typescript 7 (the native compiler this repo uses) has no API dependency-cruiser can call yet; swc parses TS for it.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    combinedDependencies: true,
  },
};
