// `npm run conformance`: runs the official MCP conformance suite (server scenarios) in both protocol eras
// (2025-11-25, and the 2026-07-28 requirements) against our own fixture server (test/fixtures/conformance-server),
// directly, through `serve` (the fixture as a remote child with tool_prefix "", negotiating its era with `auto`: 2026),
// through a profile endpoint, and through a second `serve` whose child is the same fixture pinned to the 2025 era
// (`"protocol": "legacy"`), so the gateway's translation is measured with children of both eras.
// It compares scenario by scenario and check by check, prints a side-by-side table per era, and fails when a check
// that passes directly fails through the gateway, unless scripts/conformance/expected-failures.yaml lists that
// scenario as a known gap (and fails on a listed gap that has closed). Bounded in time; every process it starts is
// stopped on the way out. CONFORMANCE_ERAS=2025-11-25 runs one era only; CONFORMANCE_KEEP=1 keeps the results.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startServe, type ServeHandle } from '../test/helpers/serve-process.js';
import { startProxy, type Proxy } from './conformance/proxy.js';
import { readRun } from './conformance/report.js';
import { runClientAuth } from './conformance/client-auth.js';
import {
  ERAS,
  formatEraTable,
  judgeDirect,
  judgeThrough,
  loadExpectedFailures,
  parseScoredScenarios,
  scenarioRows,
  summariseKnown,
  type Era,
  type Verdict,
} from './conformance/expectations.js';

// The suite needs Node >= 22. It is installed from the npm registry (the `node` package) into a cache folder on
// first use rather than as a devDependency: that package links a `node` into node_modules/.bin, which would make
// every `npm run` script (serve, bench) run on Node 22 instead of the Node the user has.
const NODE22_VERSION = '22.23.3';
const NODE22_DIR = path.join(ROOT, 'node_modules/.cache/conformance-node22');
const NODE22 = path.join(NODE22_DIR, 'node_modules/node/bin/node');
const SUITE = path.join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const FIXTURE = path.join(ROOT, 'test/fixtures/conformance-server/server.mjs');
const EXPECTED_FAILURES = path.join(ROOT, 'scripts/conformance/expected-failures.yaml');
const NPM_CI_MS = 180_000;
const SERVER_READY_MS = 60_000;
const SUITE_RUN_MS = 300_000;

function log(message: string): void {
  process.stdout.write(`[conformance] ${message}\n`);
}

/** Runs a command to completion within `timeoutMs`; rejects on a non-zero exit or the deadline. */
function run(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; quiet?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer) => {
      output += d;
      if (!opts.quiet) process.stdout.write(d);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

/** Starts the fixture on a free port and resolves with its URL once it says it listens. */
async function startFixture(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [FIXTURE], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const listening = new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the conformance fixture exited (${code}): ${stderr.slice(-2000)}`);
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('the fixture did not listen in time')), SERVER_READY_MS).unref(),
  );
  const url = await Promise.race([listening, exited, timeout]);
  exited.catch(() => undefined);
  return { child, url };
}

/** The suite's arguments for an era: the active 2025-11-25 suite, or exactly what 2026-07-28 requires. */
function eraArgs(era: Era): string[] {
  return era === '2025-11-25' ? ['--spec-version', era] : ['--requirements', era];
}

async function runSuite(url: string, era: Era, outDir: string): Promise<void> {
  // The runner exits non-zero when any check fails; the comparison below is what decides.
  await run(NODE22, [SUITE, 'server', '--url', url, ...eraArgs(era), '-o', outDir], {
    cwd: ROOT,
    timeoutMs: SUITE_RUN_MS,
    quiet: true,
  }).catch((err: Error) => {
    if (/SIGKILL/.test(err.message)) throw new Error(`the conformance suite did not finish within ${SUITE_RUN_MS} ms`);
  });
}

async function ensureNode22(): Promise<void> {
  if (existsSync(NODE22)) return;
  log(`installing Node ${NODE22_VERSION} for the suite (npm package node@${NODE22_VERSION}, cached in ${path.relative(ROOT, NODE22_DIR)})`);
  mkdirSync(NODE22_DIR, { recursive: true });
  const args = ['install', '--prefix', NODE22_DIR, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE22_VERSION}`];
  await run('npm', args, { cwd: NODE22_DIR, timeoutMs: NPM_CI_MS, quiet: true });
  if (!existsSync(NODE22)) throw new Error(`node@${NODE22_VERSION} installed but ${NODE22} is missing`);
}

/** The profile the suite also runs through. */
const PROFILE = 'conformance-profile';

interface Targets {
  direct: string;
  gateway: string;
  profile: string;
  /** /mcp of the serve whose child speaks 2025 (pinned "legacy"). */
  legacy: string;
}

const THROUGH = ['gateway', 'profile', 'legacy'] as const;

/** Runs one era against the three targets and judges it; returns the verdict and prints the table. */
async function runEra(era: Era, targets: Targets, tmp: string): Promise<Verdict> {
  const expected = loadExpectedFailures(EXPECTED_FAILURES);
  const dirs = Object.fromEntries((['direct', ...THROUGH] as const).map((n) => [n, path.join(tmp, era, n)])) as Record<
    keyof Targets,
    string
  >;
  for (const name of ['direct', ...THROUGH] as const) {
    log(`${era}: running the suite ${name === 'direct' ? 'directly against the fixture' : `through ${targets[name]}`}`);
    await runSuite(targets[name], era, dirs[name]);
  }
  const scored =
    era === '2025-11-25'
      ? undefined
      : parseScoredScenarios(
          await run(NODE22, [SUITE, 'list', '--server', '--requirements', era], { cwd: ROOT, timeoutMs: 60_000, quiet: true }),
        );
  const runs = {
    direct: readRun(dirs.direct),
    gateway: readRun(dirs.gateway),
    profile: readRun(dirs.profile),
    legacy: readRun(dirs.legacy),
  };
  const table = formatEraTable(
    era,
    (['direct', ...THROUGH] as const).map((name) => ({ name, rows: scenarioRows(runs[name], scored) })),
  );
  process.stdout.write(`\n${table}\n\n`);
  const verdicts = [
    judgeDirect(runs.direct, expected.direct[era], `${era} direct`),
    judgeThrough(runs.direct, runs.gateway, expected.gateway[era], `${era} gateway /mcp`),
    judgeThrough(runs.direct, runs.profile, expected.gateway[era], `${era} profile /mcp/${PROFILE}`),
    judgeThrough(runs.direct, runs.legacy, expected['gateway-legacy'][era], `${era} gateway /mcp, 2025-era child`),
  ];
  return { errors: verdicts.flatMap((v) => v.errors), known: verdicts.flatMap((v) => v.known) };
}

function selectedEras(): Era[] {
  const wanted = process.env.CONFORMANCE_ERAS?.split(',').filter(Boolean);
  if (!wanted) return [...ERAS];
  const unknown = wanted.filter((e) => !ERAS.includes(e as Era));
  if (unknown.length) throw new Error(`CONFORMANCE_ERAS: unknown era ${unknown.join(', ')} (known: ${ERAS.join(', ')})`);
  return wanted as Era[];
}

async function main(): Promise<number> {
  if (!existsSync(SUITE)) throw new Error(`@modelcontextprotocol/conformance is missing (${SUITE}); run npm ci`);
  const eras = selectedEras();
  await ensureNode22();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-conformance-'));
  const keep = process.env.CONFORMANCE_KEEP === '1';
  const cleanups: (() => Promise<unknown> | void)[] = [
    keep ? () => log(`results kept in ${tmp}`) : () => rmSync(tmp, { recursive: true, force: true }),
  ];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    cleanups.length = 0;
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const fixture = await startFixture();
    cleanups.push(() => stopChild(fixture.child));
    log(`fixture at ${fixture.url}`);
    const serveDir = path.join(tmp, 'serve');
    mkdirSync(serveDir, { recursive: true });
    const serve: ServeHandle = await startServe(
      // A profile over the one server: the suite through /mcp/<profile> must pass exactly as through /mcp.
      { servers: { conformance: { url: fixture.url, tool_prefix: '' } }, profiles: { [PROFILE]: { servers: ['conformance'] } } },
      { dir: serveDir, ui: false },
    );
    cleanups.push(() => stopServe(serve));
    const gateway: Proxy = await startProxy(serve.url, serve.token);
    cleanups.push(() => gateway.close());
    const profile: Proxy = await startProxy(`${serve.url}/${PROFILE}`, serve.token);
    cleanups.push(() => profile.close());
    log(`gateway at ${serve.url}, token-adding proxies at ${gateway.url} and ${profile.url} (/mcp/${PROFILE})`);
    // The same fixture reached as a 2025-era child: the other direction of the gateway's translation.
    const legacyDir = path.join(tmp, 'serve-legacy');
    mkdirSync(legacyDir, { recursive: true });
    const legacyServe: ServeHandle = await startServe(
      { servers: { conformance: { url: fixture.url, tool_prefix: '', protocol: 'legacy' } } },
      { dir: legacyDir, ui: false },
    );
    cleanups.push(() => stopServe(legacyServe));
    const legacy: Proxy = await startProxy(legacyServe.url, legacyServe.token);
    cleanups.push(() => legacy.close());
    log(`gateway with a 2025-era child at ${legacyServe.url}, token-adding proxy at ${legacy.url}`);
    const targets: Targets = { direct: fixture.url, gateway: gateway.url, profile: profile.url, legacy: legacy.url };
    const verdict: Verdict = { errors: [], known: [] };
    for (const era of eras) {
      const v = await runEra(era, targets, tmp);
      verdict.errors.push(...v.errors);
      verdict.known.push(...v.known);
    }
    // The upstream OAuth client against the suite's authorization servers (no gateway in between).
    const auth = await runClientAuth({ node22: NODE22, suite: SUITE, root: ROOT, eras });
    const authFailed = auth.filter((r) => !r.passed);
    log(`client authorization: ${auth.length - authFailed.length}/${auth.length} scenario runs passed (${eras.join(', ')})`);
    for (const r of authFailed) verdict.errors.push(`client ${r.scenario} (${r.era}): ${r.line}`);
    for (const line of summariseKnown(verdict.known)) log(`known gap: ${line}`);
    if (verdict.errors.length > 0) {
      for (const e of verdict.errors) log(`FAIL: ${e}`);
      return 1;
    }
    log(
      `OK (${eras.join(', ')}): every check that passes directly passes through the gateway and a profile endpoint, but for the known gaps listed; every client authorization scenario passes`,
    );
    return 0;
  } finally {
    await cleanup();
  }
}

/** serve stops on SIGINT; one that does not within 15 s is killed so the run stays bounded. */
async function stopServe(serve: ServeHandle): Promise<void> {
  const timer = setTimeout(() => serve.child.kill('SIGKILL'), 15_000);
  await serve.stop();
  clearTimeout(timer);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[conformance] error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
