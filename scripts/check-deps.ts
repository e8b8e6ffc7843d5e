// Enforces the dependency rule of ../shared/ARCHITECTURE.md by reading every import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface Rule {
  dir: string;
  /** Our own top-level folders this one may import from. */
  ours: string[];
  /** Package imports allowed; '*' allows any npm package. */
  packages: string[] | '*';
  node: boolean;
}

const RULES: Rule[] = [
  { dir: 'shared', ours: ['shared'], packages: ['zod'], node: false },
  { dir: 'electron/core', ours: ['shared', 'electron/core'], packages: '*', node: true },
  { dir: 'electron/servers', ours: ['shared', 'electron/servers'], packages: ['@modelcontextprotocol/sdk', 'zod', 'node-llama-cpp'], node: true },
  { dir: 'electron/cli', ours: ['shared', 'electron/core', 'electron/cli', 'electron/client', 'electron/servers'], packages: '*', node: true },
  { dir: 'electron/client', ours: ['shared', 'electron/client'], packages: ['@modelcontextprotocol/sdk', 'zod'], node: true },
  { dir: 'electron/main', ours: ['shared', 'electron/core', 'electron/main'], packages: '*', node: true },
  { dir: 'electron/preload', ours: ['shared', 'electron/preload'], packages: ['electron'], node: false },
  { dir: 'renderer', ours: ['shared', 'renderer'], packages: ['react', 'react-dom', 'zustand', 'zod', 'react-markdown', 'jsonc-parser'], node: false },
];
const FORBIDDEN_PACKAGES: Record<string, string[]> = {
  'electron/core': ['electron', 'react', 'react-dom'],
  'electron/cli': ['electron'],
};

const root = path.resolve(import.meta.dirname, '..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

function files(dir: string): string[] {
  const abs = path.join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const rel = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path.join(root, rel)).isDirectory()) return files(rel);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [rel] : [];
  });
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function check(rule: Rule, file: string, spec: string): string | null {
  if (spec.startsWith('.')) {
    const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
    const ok = rule.ours.some((o) => target === o || target.startsWith(o + '/'));
    return ok ? null : `imports ${target} (allowed: ${rule.ours.join(', ')})`;
  }
  if (spec.startsWith('node:')) return rule.node ? null : `imports ${spec} (no node:* here)`;
  const pkg = packageName(spec);
  if (FORBIDDEN_PACKAGES[rule.dir]?.includes(pkg)) return `imports ${pkg}`;
  if (rule.packages === '*' || rule.packages.includes(pkg)) return null;
  return `imports package ${pkg} (allowed: ${rule.packages.join(', ')})`;
}

const problems: string[] = [];
for (const rule of RULES) {
  let list: string[] = [];
  try {
    list = files(rule.dir);
  } catch {
    continue;
  }
  for (const file of list) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec || /^import\s+type\b/.test(m[0].trim())) continue;
      const problem = check(rule, file, spec);
      if (problem) problems.push(`${file}: ${problem}`);
    }
  }
}
if (problems.length) {
  console.error('Dependency rule broken (see ../shared/ARCHITECTURE.md):\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log('dependency rule: ok');
