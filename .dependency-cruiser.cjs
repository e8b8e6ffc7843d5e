// The dependency rule (docs/ARCHITECTURE.md), checked by `npm run lint:deps` and `npm test`.
// Each layer names what it may import; cycles are forbidden except the zustand slice pattern
// (a slice imports the AppState type from store.ts, which composes the slices).
const npm = (names) => `^node_modules/(${names.join('|')})/`;

/** A layer may import only the paths matching `allowed` (its own folder, shared/, named packages). */
const layer = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { pathNot: allowed },
});

// Issue 20: layers inside electron/core, lowest first. A part may import its own folder and the
// ranks below it, never a sibling of its rank nor anything above: so the folder graph of core has
// no cycle by construction (every part must be placed, see `core-part-is-placed`). Entries ending
// in `.ts` are single files at core's root, `composition` is the root files that wire the parts
// (they may import each other; the module-level no-cycles rule covers them); the others are folders.
const COMPOSITION = [
  'core-start',
  'core-status',
  'core-events',
  'core-reload',
  'core-auth',
  'status-route',
  'stdio-launcher',
  'core-lifecycle',
  'create-core',
  'index',
];
const CORE_RANKS = [
  ['env.ts', 'app-root.ts', 'sdk'],
  ['runtime', 'oauth'],
  ['upstream'],
  ['metrics'],
  ['secrets'],
  ['config'],
  ['wire'],
  ['trust'],
  ['supervisor', 'router'],
  ['profiles'],
  ['gateway'],
  ['agent'],
  ['control'],
  ['composition'],
];
const partPattern = (p) => {
  if (p === 'composition') return `(${COMPOSITION.join('|')})\\.ts$`;
  return p.endsWith('.ts') ? `${p.replace(/\./g, '\\.')}$` : `${p}/`;
};
const corePart = (parts) => `^electron/core/(${parts.map(partPattern).join('|')})`;

/** One rule per part of core: what it imports inside core is itself or a lower rank. */
const coreLayers = () =>
  CORE_RANKS.flatMap((rank, i) =>
    rank.map((part) => ({
      name: `core-layer-${part.replace(/\.ts$/, '')}`,
      comment: `Inside core, ${part} may import only itself and the ranks below it (CORE_RANKS; docs/ARCHITECTURE.md).`,
      severity: 'error',
      from: { path: corePart([part]) },
      to: { path: '^electron/core/', pathNot: corePart([part, ...CORE_RANKS.slice(0, i).flat()]) },
    })),
  );

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Import cycles make start order and tests fragile. The zustand slice pattern is the one exception.',
      severity: 'error',
      from: { pathNot: '^renderer/src/slices/' },
      to: { circular: true, viaOnly: { pathNot: '^renderer/src/(store|slices/.+)\\.ts$' } },
    },
    {
      name: 'no-cycles-in-slices',
      comment: 'Slices may reach store.ts for its types, but not each other in a ring.',
      severity: 'error',
      from: { path: '^renderer/src/slices/' },
      to: { circular: true, viaNot: '^renderer/src/store\\.ts$' },
    },
    layer('shared-is-pure', '^shared/', `^shared/|${npm(['zod'])}`, 'shared imports nothing of ours and no node:*, only zod.'),
    layer(
      'core-is-plain-node',
      '^electron/core/',
      '^(electron/core/|shared/)|^node_modules/(?!(electron|react|react-dom)/)|^(node:)?[a-z0-9_/]+$',
      'electron/core imports shared, node:* and packages; never electron, the renderer or the CLI.',
    ),
    layer(
      'servers-are-standalone',
      '^electron/servers/',
      `^(electron/servers/|shared/)|${npm(['@modelcontextprotocol/server', '@modelcontextprotocol/core', 'zod', 'node-llama-cpp', 'eventsource-parser'])}|^(node:)?[a-z0-9_/]+$`,
      'Built-in servers are separate processes: the MCP SDK, zod and shared only.',
    ),
    layer(
      'client-is-standalone',
      '^electron/client/',
      `^(electron/client/|shared/)|${npm(['@modelcontextprotocol/client', '@modelcontextprotocol/core', 'zod'])}|^(node:)?[a-z0-9_/]+$`,
      'The client library ships on its own: the MCP SDK, zod and shared only.',
    ),
    layer(
      'cli-is-headless',
      '^electron/cli/',
      '^(electron/(cli|core|client|servers)/|shared/)|^node_modules/(?!electron/)|^(node:)?[a-z0-9_/]+$',
      'The CLI runs without Electron: core, client, servers and shared.',
    ),
    layer(
      'main-is-an-adapter',
      '^electron/main/',
      '^(electron/(main|core)/|shared/)|^node_modules/|^(node:)?[a-z0-9_/]+$',
      'Electron main builds on core and shared.',
    ),
    layer(
      'preload-forwards-only',
      '^electron/preload/',
      `^(electron/preload/|shared/)|${npm(['electron'])}|^electron$`,
      'The preload imports electron and shared names only.',
    ),
    layer(
      'renderer-is-a-web-page',
      '^renderer/src/',
      `^(renderer/src/|shared/)|${npm(['react', 'react-dom', 'zustand', 'zod', 'react-markdown', 'jsonc-parser', 'eventsource-parser', 'scheduler', '@types/react'])}`,
      'The renderer is a sandboxed page: shared, React, zustand and browser-safe libraries; no node:*, no electron.',
    ),
    {
      name: 'sdk-behind-the-seam',
      comment: 'Core reaches the MCP SDK through electron/core/sdk/ only, so an SDK upgrade is a change to that folder.',
      severity: 'error',
      from: { path: '^electron/core/', pathNot: '^electron/core/sdk/' },
      to: { path: '^node_modules/@modelcontextprotocol/' },
    },
    ...coreLayers(),
    {
      name: 'core-part-is-placed',
      comment: 'A new folder or root file in core needs its rank in CORE_RANKS, so the layer rules cover it.',
      severity: 'error',
      from: { path: '^electron/core/', pathNot: corePart(CORE_RANKS.flat()) },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { pathNot: '^node_modules/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test-results)/' },
    // Type-only imports count: a cycle through types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
