// keepYoungGenerationSmall() must hold V8's new space at its initial size under a request-like
// allocation churn, in a real Node process (the flag is process-wide, so each case gets its own).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULE = path.resolve(import.meta.dirname, '../../../../electron/core/runtime/heap-tuning.ts');

/** New-space size in MB after ~3 M short-lived objects, with or without the tuning. */
function newSpaceMbAfterChurn(tuned: boolean): number {
  const script = `
    import v8 from 'node:v8';
    ${tuned ? `const { keepYoungGenerationSmall } = await import(${JSON.stringify(MODULE)}); keepYoungGenerationSmall();` : ''}
    let keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 2000) keep = []; }
    const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(ns.space_size / 1048576));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

describe('keepYoungGenerationSmall', () => {
  it('keeps the young generation at a few MB where V8 would grow it to tens of MB', () => {
    const untuned = newSpaceMbAfterChurn(false);
    const tuned = newSpaceMbAfterChurn(true);
    expect(tuned).toBeGreaterThan(0);
    expect(tuned).toBeLessThanOrEqual(4);
    // The control run shows the churn really grows new space without it.
    expect(untuned).toBeGreaterThanOrEqual(tuned * 4);
  }, 120_000);
});
