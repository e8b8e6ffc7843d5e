// The suite's client authorization scenarios (`conformance client --scenario auth/...`), run against the
// orchestrator's upstream OAuth client through scripts/conformance/oauth-client.ts. Each scenario runs in
// every era the suite tags it with (the 2025-03-26 back-compat ones in theirs); extension scenarios
// (client credentials, DPoP, enterprise-managed) are not part of an era and are left out.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ClientAuthResult {
  scenario: string;
  era: string;
  passed: boolean;
  /** The suite's "Passed: a/b, n failed" line, or why there is none. */
  line: string;
}

const SCENARIO_MS = 60_000;
const PARALLEL = 2;

function runSuite(node22: string, suite: string, root: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(node22, [suite, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(out.replace(/\x1b\[[0-9;]*m/g, ''));
    });
  });
}

/** auth/* scenarios with their eras, from `conformance list`. */
export async function listAuthScenarios(node22: string, suite: string, root: string): Promise<Array<{ scenario: string; eras: string[] }>> {
  const out = await runSuite(node22, suite, root, ['list']);
  const found: Array<{ scenario: string; eras: string[] }> = [];
  for (const m of out.matchAll(/^\s*- (auth\/\S+) \[([^\]]+)\]/gm)) {
    const eras = m[2].split(',').map((e) => e.trim());
    if (!eras.includes('extension')) found.push({ scenario: m[1], eras });
  }
  return found;
}

export async function runClientAuth(opts: {
  node22: string;
  suite: string;
  root: string;
  eras: readonly string[];
}): Promise<ClientAuthResult[]> {
  const command = `node --import tsx ${path.join('scripts', 'conformance', 'oauth-client.ts')}`;
  const jobs: Array<{ scenario: string; era: string }> = [];
  for (const { scenario, eras } of await listAuthScenarios(opts.node22, opts.suite, opts.root)) {
    for (const era of opts.eras) if (eras.includes(era)) jobs.push({ scenario, era });
    // Scenarios of 2025-03-26 only (metadata back-compat) run with the 2025 era.
    if (opts.eras.includes('2025-11-25') && eras.length === 1 && eras[0] === '2025-03-26') jobs.push({ scenario, era: '2025-03-26' });
  }
  const results: ClientAuthResult[] = [];
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const out = await runSuite(opts.node22, opts.suite, opts.root, [
        'client',
        '--command',
        command,
        '--scenario',
        job.scenario,
        '--spec-version',
        job.era,
      ]);
      const line = /^Passed: .*$/m.exec(out)?.[0] ?? out.trim().split('\n').slice(-3).join(' / ');
      results.push({ ...job, passed: /OVERALL: PASSED/.test(out), line });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results.sort((a, b) => a.era.localeCompare(b.era) || a.scenario.localeCompare(b.scenario));
}
