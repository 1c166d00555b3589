/** Import-graph rules (STYLE.md C3, layer 3): one-way arrows, a pure src-shared, no cycles. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'shared-is-pure-node',
      comment: 'src-shared may not use Node built-ins.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-npm-allowlist',
      comment: 'src-shared may depend only on allow-listed pure packages. Adding one is a reviewed decision.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '^node_modules/(zod|fast-xml-parser|crc-32|asn1js|pvtsutils|pvutils)/' },
    },
    { name: 'shared-is-bottom', severity: 'error', from: { path: '^src-shared/' }, to: { path: '^src-(main|renderer)/' } },
    { name: 'renderer-not-main', severity: 'error', from: { path: '^src-renderer/' }, to: { path: '^src-main/' } },
    { name: 'renderer-no-node', severity: 'error', from: { path: '^src-renderer/' }, to: { dependencyTypes: ['core'] } },
    { name: 'main-not-renderer', severity: 'error', from: { path: '^src-main/' }, to: { path: '^src-renderer/' } },
    {
      name: 'preload-only-ipc',
      severity: 'error',
      from: { path: '^src-main/preload/' },
      to: { path: '^src-(main|shared)/', pathNot: ['^src-main/preload/', '^src-shared/(ipc|errors|domain)/'] },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
