// Reads the conformance runner's per-scenario checks.json files (expectations.ts judges them).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CheckResult {
  scenario: string;
  check: string;
  status: string;
}

/** Every check of a run, keyed `<scenario>/<check id>`. Folder names are `server-<scenario>-<timestamp>`. */
export function readRun(outDir: string): Map<string, CheckResult> {
  const out = new Map<string, CheckResult>();
  for (const dir of readdirSync(outDir)) {
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dir);
    if (!m) continue;
    let checks: { id: string; status: string }[];
    try {
      checks = JSON.parse(readFileSync(path.join(outDir, dir, 'checks.json'), 'utf8'));
    } catch {
      // A scenario that crashed before writing results counts as failed.
      out.set(`${m[1]}/(scenario)`, { scenario: m[1], check: '(scenario)', status: 'NO RESULT' });
      continue;
    }
    // A scenario may report the same check id more than once (one per probe): each occurrence counts.
    for (const c of checks) {
      let key = `${m[1]}/${c.id}`;
      for (let n = 2; out.has(key); n++) key = `${m[1]}/${c.id}#${n}`;
      out.set(key, { scenario: m[1], check: c.id, status: c.status });
    }
  }
  return out;
}
