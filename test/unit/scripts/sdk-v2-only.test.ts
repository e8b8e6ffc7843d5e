// Issue 21: no import of the SDK's v1 package (`@modelcontextprotocol/sdk`, 2025 revisions only) remains anywhere in
// our sources, compiled or plain ESM (ESLint sees only the TypeScript), and the package is no dependency of ours.
// Dependencies of dependencies (mcp-proxy, the reference servers) may still bring it into node_modules.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOURCES = ['electron', 'shared', 'renderer/src', 'scripts', 'test'];
const EXT = /\.(ts|tsx|mts|mjs|js|cjs)$/;
const V1 = /(?:from\s+|import\(\s*|require\(\s*)['"]@modelcontextprotocol\/sdk(?:\/[^'"]*)?['"]/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (EXT.test(entry.name)) yield full;
  }
}

describe('the SDK v1 package', () => {
  it('is imported by no source file of ours', () => {
    const seen: string[] = [];
    const offenders: string[] = [];
    for (const dir of SOURCES) {
      for (const file of files(path.join(ROOT, dir))) {
        seen.push(file);
        if (file === import.meta.filename) continue; // its own examples below
        if (V1.test(readFileSync(file, 'utf8'))) offenders.push(path.relative(ROOT, file));
      }
    }
    expect(seen.length).toBeGreaterThan(300);
    expect(offenders).toEqual([]);
  });

  it('is no dependency of ours, and the v2 client, server and node packages are', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@modelcontextprotocol/sdk');
    for (const name of ['client', 'server', 'node']) expect(pkg.dependencies).toHaveProperty(`@modelcontextprotocol/${name}`);
  });

  it('is recognised by the check in every import form', () => {
    for (const line of [
      "import { Client } from '@modelcontextprotocol/sdk/client/index.js';",
      'export * from "@modelcontextprotocol/sdk";',
      "const m = await import('@modelcontextprotocol/sdk/types.js');",
      "const { Server } = require('@modelcontextprotocol/sdk/server/index.js');",
    ])
      expect(V1.test(line), line).toBe(true);
    expect(V1.test("import { Client } from '@modelcontextprotocol/client';")).toBe(false);
  });
});
