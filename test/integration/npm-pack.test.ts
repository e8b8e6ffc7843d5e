// `npm pack` ships the .d.ts files the package.json names: a TypeScript consumer of the client
// library or the core gets types, not TS7016. `prepack` builds them (dist/types) when stale, so a
// pack after `npm run serve` (which builds no types) still has them.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/serve-process.js';

interface PackageJson {
  types: string;
  exports: Record<string, { types?: string; import?: string }>;
  bin: Record<string, string>;
  scripts: Record<string, string>;
}

describe('npm pack', () => {
  it('ships the types entry and every export’s types (prepack builds them)', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
    expect(pkg.scripts.prepack).toMatch(/build\.mjs .*--only=[^ ]*types/);
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json'], {
      cwd: ROOT,
      maxBuffer: 32 << 20,
      timeout: 240_000,
      shell: process.platform === 'win32',
    });
    const files = new Set((JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
    const rel = (p: string) => p.replace(/^\.\//, '');
    expect(files).toContain(rel(pkg.types));
    for (const [name, entry] of Object.entries(pkg.exports)) {
      expect(entry.types, `exports["${name}"].types`).toBeTruthy();
      expect(files, `exports["${name}"].types`).toContain(rel(entry.types!));
      expect(files, `exports["${name}"].import`).toContain(rel(entry.import!));
    }
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(rel(bin));
    // The declarations a types entry imports come along (shared types the client's signatures use).
    expect([...files].some((f) => f.startsWith('dist/types/shared/') && f.endsWith('.d.ts'))).toBe(true);
    // Sources are not shipped: the package runs from dist/.
    expect([...files].filter((f) => /^(electron|shared|renderer)\//.test(f))).toEqual([]);
  }, 300_000);
});
