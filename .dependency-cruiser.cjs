// `npm run lint` runs dependency-cruiser with this: an import cycle in src/ (type-only imports included)
// fails lint, and so does a back-arrow, an import from a lower layer up to a higher one.
// docs/architecture.md draws the layers; __tests__/lint/ shows both rules catching what they are for.

// The layers, lowest first. A module may import its own layer and the layers below it, never one above;
// folders of one layer are peers (the no-circular rule keeps them apart). A value or type two layers
// need lives in the lower one.
const LAYERS = [
  { name: 'util', paths: ['src/util/', 'src/types/', 'src/version.ts'] },
  { name: 'base', paths: ['src/context/', 'src/sandbox/', 'src/trace/'] },
  { name: 'config', paths: ['src/policy/', 'src/ecosystems/'] },
  { name: 'model', paths: ['src/findings/', 'src/llm/'] },
  { name: 'plan', paths: ['src/plan/'] },
  { name: 'orchestrator', paths: ['src/orchestrator/'] },
  { name: 'agents', paths: ['src/agents/'] },
  { name: 'report', paths: ['src/report/', 'src/cache/'] },
  { name: 'pipeline', paths: ['src/pipeline/'] },
  { name: 'commands', paths: ['src/commands/'] },
  { name: 'adapters', paths: ['src/platform/'] },
  { name: 'entry', paths: ['src/main.ts', 'src/index.ts', 'src/cli.ts', 'src/cli/', 'src/settings.ts'] },
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A folder matches everything under it; a file matches itself only.
const pattern = (paths) =>
  `^(?:${paths.map((p) => escapeRegExp(p) + (p.endsWith('/') ? '' : '$')).join('|')})`;

const backArrows = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `back-arrow-from-${layer.name}`,
  severity: 'error',
  comment:
    `The ${layer.name} layer imports a higher layer: move what both need down into ${layer.name} or below ` +
    '(docs/architecture.md, "Layers").',
  from: { path: pattern(layer.paths) },
  to: { path: pattern(LAYERS.slice(index + 1).flatMap((higher) => higher.paths)) },
}));

const layered = pattern(LAYERS.flatMap((layer) => layer.paths));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move the shared type or constant into a module both sides may import.',
      from: {},
      to: { circular: true },
    },
    ...backArrows,
    {
      name: 'no-unlayered',
      severity: 'error',
      comment: 'A module of src/ in no layer: add its folder to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: layered },
      to: {},
    },
    {
      name: 'no-unlayered',
      severity: 'error',
      comment:
        'An import of a module of src/ in no layer: add its folder to LAYERS in .dependency-cruiser.cjs.',
      from: {},
      to: { path: '^src/', pathNot: layered },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a cycle of types is still a cycle of modules to the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
