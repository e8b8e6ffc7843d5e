// Reads the conformance runner's per-scenario checks.json files and compares two runs.
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

export interface Comparison {
  rows: { key: string; direct: string; gateway: string; regression: boolean }[];
  directPassed: number;
  gatewayPassed: number;
  regressions: string[];
}

const PASS = 'SUCCESS';

export function compareRuns(direct: Map<string, CheckResult>, gateway: Map<string, CheckResult>): Comparison {
  const keys = [...new Set([...direct.keys(), ...gateway.keys()])].sort();
  const rows = keys.map((key) => {
    const d = direct.get(key)?.status ?? 'MISSING';
    const g = gateway.get(key)?.status ?? 'MISSING';
    return { key, direct: d, gateway: g, regression: d === PASS && g !== PASS };
  });
  return {
    rows,
    directPassed: rows.filter((r) => r.direct === PASS).length,
    gatewayPassed: rows.filter((r) => r.gateway === PASS).length,
    regressions: rows.filter((r) => r.regression).map((r) => r.key),
  };
}

export function formatTable(c: Comparison): string {
  const width = Math.max(5, ...c.rows.map((r) => r.key.length));
  const line = (a: string, b: string, d: string, mark = '') => `${a.padEnd(width)}  ${b.padEnd(10)}  ${d.padEnd(10)}  ${mark}`;
  const out = [line('check', 'direct', 'gateway'), '-'.repeat(width + 30)];
  for (const r of c.rows) out.push(line(r.key, r.direct, r.gateway, r.regression ? '<-- fails only through the gateway' : ''));
  out.push('-'.repeat(width + 30));
  out.push(`passed: direct ${c.directPassed}/${c.rows.length}, through the gateway ${c.gatewayPassed}/${c.rows.length}`);
  return out.join('\n');
}
