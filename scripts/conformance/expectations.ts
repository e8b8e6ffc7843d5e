// What a conformance leg is allowed to fail, and the verdict on a leg. Decided check by check and scenario by
// scenario from the runner's checks.json files, never from its last line: with `--requirements` the runner also runs
// unscored scenarios (the Tasks extension, pending ones) and exits 0 whatever they do.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { CheckResult } from './report.js';

export type Era = '2025-11-25' | '2026-07-28';
export const ERAS: readonly Era[] = ['2025-11-25', '2026-07-28'];

/** scenario -> why it is expected to fail, per side and era. */
export interface ExpectedFailures {
  direct: Record<Era, Record<string, string>>;
  gateway: Record<Era, Record<string, string>>;
  /** Through a second serve whose child is the same fixture pinned to the 2025 era (`"protocol": "legacy"`). */
  'gateway-legacy': Record<Era, Record<string, string>>;
}

export function loadExpectedFailures(file: string): ExpectedFailures {
  const raw = (yaml.load(readFileSync(file, 'utf8')) ?? {}) as Record<string, Record<string, Record<string, string> | null> | null>;
  const side = (name: keyof ExpectedFailures) =>
    Object.fromEntries(ERAS.map((era) => [era, { ...(raw[name]?.[era] ?? {}) }])) as Record<Era, Record<string, string>>;
  const keys: string[] = ['direct', 'gateway', 'gateway-legacy'];
  for (const key of Object.keys(raw)) if (!keys.includes(key)) throw new Error(`${file}: unknown key "${key}"`);
  return { direct: side('direct'), gateway: side('gateway'), 'gateway-legacy': side('gateway-legacy') };
}

const PASS = 'SUCCESS';
// INFO and SKIPPED checks report; they neither pass nor fail.
const failed = (status: string) => status !== PASS && status !== 'INFO' && status !== 'SKIPPED';

export interface ScenarioRow {
  scenario: string;
  scored: boolean;
  checks: number;
  passed: number;
  failed: number;
}

/** Per-scenario totals of one run, in scenario order. `scored` is the set the era's requirements score (all if undefined). */
export function scenarioRows(run: Map<string, CheckResult>, scored?: Set<string>): ScenarioRow[] {
  const rows = new Map<string, ScenarioRow>();
  for (const c of run.values()) {
    const row = rows.get(c.scenario) ?? {
      scenario: c.scenario,
      scored: !scored || scored.has(c.scenario),
      checks: 0,
      passed: 0,
      failed: 0,
    };
    rows.set(c.scenario, row);
    row.checks += 1;
    if (c.status === PASS) row.passed += 1;
    if (failed(c.status)) row.failed += 1;
  }
  return [...rows.values()].sort((a, b) => a.scenario.localeCompare(b.scenario));
}

export interface Verdict {
  /** Problems that fail the run. */
  errors: string[];
  /** Known gaps that are reported but allowed. */
  known: { label: string; scenario: string; reason: string }[];
}

/** Directly against the fixture: every failing scenario must be an expected failure, and every expected failure must still fail. */
export function judgeDirect(run: Map<string, CheckResult>, expected: Record<string, string>, label: string): Verdict {
  const verdict: Verdict = { errors: [], known: [] };
  const rows = scenarioRows(run);
  if (rows.length === 0) verdict.errors.push(`${label}: the suite produced no results`);
  for (const row of rows) {
    const reason = expected[row.scenario];
    if (row.failed > 0 && reason) verdict.known.push({ label, scenario: row.scenario, reason });
    else if (row.failed > 0) verdict.errors.push(`${label}: ${row.scenario} fails ${row.failed} check(s) directly against the fixture`);
    else if (reason) verdict.errors.push(`${label}: ${row.scenario} is listed as an expected failure but passes: remove it from the file`);
  }
  for (const scenario of Object.keys(expected)) {
    if (!rows.some((r) => r.scenario === scenario))
      verdict.errors.push(`${label}: expected failure "${scenario}" names no scenario that ran`);
  }
  return verdict;
}

/**
 * Through the gateway: a check that passes directly must pass through the gateway, unless its scenario is a listed
 * gap; a listed gap whose checks all pass through the gateway is stale and must be removed.
 */
export function judgeThrough(
  direct: Map<string, CheckResult>,
  through: Map<string, CheckResult>,
  expected: Record<string, string>,
  label: string,
): Verdict {
  const verdict: Verdict = { errors: [], known: [] };
  const lost = new Map<string, string[]>();
  for (const [key, d] of direct) {
    if (d.status !== PASS || through.get(key)?.status === PASS) continue;
    lost.set(d.scenario, [...(lost.get(d.scenario) ?? []), d.check]);
  }
  for (const [scenario, checks] of lost) {
    const reason = expected[scenario];
    if (reason) verdict.known.push({ label, scenario, reason });
    else verdict.errors.push(`${label}: ${scenario} passes directly but fails through the gateway: ${checks.join(', ')}`);
  }
  for (const scenario of Object.keys(expected)) {
    if (!lost.has(scenario))
      verdict.errors.push(`${label}: "${scenario}" is listed as a gateway gap but now passes as directly: remove it from the file`);
  }
  return verdict;
}

/** The scored server scenarios of a spec revision, read from `conformance list --server --requirements <era>`. */
export function parseScoredScenarios(listing: string): Set<string> {
  const scored = new Set<string>();
  let inServer = false;
  for (const line of listing.split('\n')) {
    if (/^Server scenarios/.test(line)) inServer = true;
    else if (/^\S/.test(line)) inServer = false;
    else if (inServer) {
      const m = /^\s+-\s+(\S+)/.exec(line);
      if (m) scored.add(m[1]);
    }
  }
  return scored;
}

/** The side-by-side table of one era: checks passed per scenario, directly, through /mcp and through a profile. */
export function formatEraTable(era: Era, runs: { name: string; rows: ScenarioRow[] }[]): string {
  const scenarios = [...new Set(runs.flatMap((r) => r.rows.map((row) => row.scenario)))].sort();
  const width = Math.max(8, ...scenarios.map((s) => s.length + 2));
  const cell = (row: ScenarioRow | undefined) => (row ? `${row.passed}/${row.checks}` : '-');
  const header = `${'scenario'.padEnd(width)}${runs.map((r) => r.name.padStart(10)).join('')}`;
  const lines = [`conformance ${era}`, header, '-'.repeat(header.length)];
  for (const s of scenarios) {
    const first = runs[0].rows.find((r) => r.scenario === s);
    const name = first && !first.scored ? `${s} *` : s;
    lines.push(`${name.padEnd(width)}${runs.map((r) => cell(r.rows.find((row) => row.scenario === s)).padStart(10)).join('')}`);
  }
  lines.push('-'.repeat(header.length));
  for (const scoredOnly of [true, false]) {
    const sum = (rows: ScenarioRow[]) => {
      const kept = rows.filter((r) => r.scored === scoredOnly);
      const full = kept.filter((r) => r.failed === 0).length;
      return `${full}/${kept.length} sc, ${kept.reduce((n, r) => n + r.passed, 0)} ok`;
    };
    if (!scoredOnly && runs[0].rows.every((r) => r.scored)) continue;
    lines.push(`${(scoredOnly ? 'scored' : 'unscored (*)').padEnd(width)}${runs.map((r) => sum(r.rows).padStart(22)).join('')}`);
  }
  return lines.join('\n');
}

/** Known gaps, one line per side and reason, so a long list of scenarios with one cause reads as one fact. */
export function summariseKnown(known: Verdict['known']): string[] {
  const groups = new Map<string, string[]>();
  for (const k of known) {
    const key = `${k.label}: ${k.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), k.scenario]);
  }
  return [...groups].map(([key, scenarios]) => `${key} (${scenarios.length} scenario(s): ${scenarios.join(', ')})`);
}
