// The renderer runs in a sandboxed page: it may import shared/, React and zustand only.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../../renderer/src');
// react-markdown and jsonc-parser are pure, browser-safe libraries (issue 9 asks for both).
const ALLOWED_PACKAGES = ['react', 'react-dom', 'zustand', 'react-markdown', 'jsonc-parser'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
}

describe('renderer dependency rule', () => {
  const files = sourceFiles(ROOT);

  it('finds the renderer sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports only shared/, its own files, React and zustand', () => {
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          const inside = target.startsWith(ROOT + path.sep) || target.startsWith(path.resolve(ROOT, '../../shared') + path.sep);
          if (!inside) bad.push(`${path.relative(ROOT, file)} -> ${spec}`);
        } else if (!ALLOWED_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) {
          bad.push(`${path.relative(ROOT, file)} -> ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
