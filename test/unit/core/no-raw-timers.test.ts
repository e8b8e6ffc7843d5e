// The core reads time only through env.clock (electron/core/env.ts), so that tests can run it in
// virtual time. A raw timer or wall-clock read anywhere else in core fails here, naming the line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'electron', 'core');
// The one place that may: the system implementation of Timers.
const ALLOWED = new Set(['env.ts']);
const RAW = /(?<![\w.])(setTimeout|setInterval|clearTimeout|clearInterval)\s*\(|\bDate\.now\s*\(|new Date\(\s*\)|performance\.now\s*\(/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('time in core', () => {
  it('no raw setTimeout, setInterval, Date.now or new Date() outside env.ts', () => {
    const hits: string[] = [];
    for (const file of tsFiles(CORE)) {
      const rel = path.relative(CORE, file);
      if (ALLOWED.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (RAW.test(code)) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('the pattern catches what it is for', () => {
    for (const bad of ['setTimeout(f, 1)', 'x = setInterval(f, 1)', 'clearTimeout(t)', 'Date.now()', 'new Date()', 'performance.now()'])
      expect(RAW.test(bad), bad).toBe(true);
    for (const ok of ['this.clock.setTimeout(f, 1)', 'timers.clearTimeout(t)', 'new Date(clock.now())', 'clock.now()'])
      expect(RAW.test(ok), ok).toBe(false);
  });
});
