// Core's parts (its folders, and its root files) import each other without a cycle. The layer
// rules in .dependency-cruiser.cjs imply it when every part has a rank; this checks the real
// import graph itself, so a rank table edited into a loop, or a rule switched off, still fails.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface CruiseModule {
  source: string;
  dependencies: { resolved: string }[];
}

/** `gateway` for electron/core/gateway/x.ts, `env.ts` for a root file; null outside core. */
function partOf(file: string): string | null {
  const m = /^electron\/core\/([^/]+)/.exec(file);
  return m ? m[1] : null;
}

/** part → the other parts it imports, with one file-level import per edge as evidence. */
function partGraph(modules: CruiseModule[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const mod of modules) {
    const from = partOf(mod.source);
    if (!from) continue;
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const dep of mod.dependencies) {
      const to = partOf(dep.resolved);
      if (to && to !== from && !edges.has(to)) edges.set(to, `${mod.source} → ${dep.resolved}`);
    }
  }
  return graph;
}

/** The first cycle found by depth-first search, as a list of parts, or null. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

describe('the part graph of electron/core', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const g = new Map([
      ['a', new Map([['b', '']])],
      ['b', new Map([['c', '']])],
      ['c', new Map([['a', '']])],
      ['d', new Map([['a', '']])],
    ]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
    g.get('c')?.delete('a');
    expect(findCycle(g)).toBeNull();
  });

  it('has no cycle between folders, type-only imports included', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [DEPCRUISE, 'electron/core', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ).catch((err: { stdout?: string }) => {
      // depcruise exits non-zero on any rule violation but still prints the graph.
      if (err.stdout) return { stdout: err.stdout };
      throw err;
    });
    const graph = partGraph((JSON.parse(stdout) as { modules: CruiseModule[] }).modules);
    expect(graph.size).toBeGreaterThan(10);
    const cycle = findCycle(graph);
    const evidence = cycle?.slice(1).map((to, i) => graph.get(cycle[i])?.get(to));
    expect(evidence ?? []).toEqual([]);
  }, 60_000);
});
