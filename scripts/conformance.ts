// `npm run conformance`: runs the official MCP conformance suite (server scenarios) against the
// suite's reference server directly, then through `serve` (the reference server as a remote
// child with tool_prefix ""), and fails unless every check that passes directly also passes
// through the gateway. Bounded in time; every process it starts is stopped on the way out.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pollFor } from '../test/helpers/wait.js';
import { ROOT, startServe, type ServeHandle } from '../test/helpers/serve-process.js';
import { startProxy, type Proxy } from './conformance/proxy.js';
import { compareRuns, formatTable, readRun } from './conformance/report.js';

// The suite needs Node >= 22. It is installed from the npm registry (the `node` package) into a cache folder on
// first use rather than as a devDependency: that package links a `node` into node_modules/.bin, which would make
// every `npm run` script (serve, bench) run on Node 22 instead of the Node the user has.
const NODE22_VERSION = '22.23.3';
const NODE22_DIR = path.join(ROOT, 'node_modules/.cache/conformance-node22');
const NODE22 = path.join(NODE22_DIR, 'node_modules/node/bin/node');
const SUITE = path.join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const NPM_CI_MS = 180_000;
const SERVER_READY_MS = 60_000;
const SUITE_RUN_MS = 300_000;

function log(message: string): void {
  process.stdout.write(`[conformance] ${message}\n`);
}

/** The reference server folder: $CONFORMANCE_SERVER_DIR, or the handbook's shared/ next to the repo. */
function referenceServerDir(): string {
  const candidates = [
    process.env.CONFORMANCE_SERVER_DIR,
    path.resolve(ROOT, '../shared/conformance-server'),
    path.resolve(ROOT, '../../shared/conformance-server'),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(path.join(p, 'everything-server.ts')));
  if (!found) throw new Error(`reference server not found; set CONFORMANCE_SERVER_DIR (looked in ${candidates.join(', ')})`);
  return found;
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

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startReferenceServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const tsx = path.join(dir, 'node_modules/tsx/dist/cli.mjs');
  const child = spawn(process.execPath, [tsx, 'everything-server.ts'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`reference server exited (${code}): ${stderr.slice(-2000)}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([pollFor(() => portOpen(port), 'the reference server to listen', SERVER_READY_MS, 100), exited]);
  return { child, url: `http://127.0.0.1:${port}/mcp` };
}

async function runSuite(url: string, outDir: string): Promise<void> {
  // The runner exits non-zero when any check fails; the comparison below is what decides.
  await run(NODE22, [SUITE, 'server', '--url', url, '-o', outDir], { cwd: ROOT, timeoutMs: SUITE_RUN_MS, quiet: true }).catch(
    (err: Error) => {
      if (/SIGKILL/.test(err.message)) throw new Error(`the conformance suite did not finish within ${SUITE_RUN_MS} ms`);
    },
  );
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

async function main(): Promise<number> {
  if (!existsSync(SUITE)) throw new Error(`@modelcontextprotocol/conformance is missing (${SUITE}); run npm ci`);
  await ensureNode22();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-conformance-'));
  // CONFORMANCE_KEEP=1 keeps the runner's per-check results for inspection.
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
    const serverDir = path.join(tmp, 'reference-server');
    cpSync(referenceServerDir(), serverDir, { recursive: true });
    log('installing the reference server (npm ci)');
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: serverDir, timeoutMs: NPM_CI_MS, quiet: true });
    const reference = await startReferenceServer(serverDir);
    cleanups.push(() => stopChild(reference.child));
    log(`reference server at ${reference.url}`);
    const serve: ServeHandle = await startServe(
      // A profile over the one server: the suite through /mcp/<profile> must pass exactly as through /mcp.
      { servers: { conformance: { url: reference.url, tool_prefix: '' } }, profiles: { [PROFILE]: { servers: ['conformance'] } } },
      { dir: mkdirSync(path.join(tmp, 'serve'), { recursive: true }) ?? path.join(tmp, 'serve'), ui: false },
    );
    cleanups.push(() => stopServe(serve));
    const proxy: Proxy = await startProxy(serve.url, serve.token);
    cleanups.push(() => proxy.close());
    log(`gateway at ${serve.url}, token-adding proxy at ${proxy.url}`);
    log('running the suite directly against the reference server');
    await runSuite(reference.url, path.join(tmp, 'direct'));
    log('running the suite through the gateway');
    await runSuite(proxy.url, path.join(tmp, 'gateway'));
    const viaProfile = await startProxy(`${serve.url}/${PROFILE}`, serve.token);
    cleanups.push(() => viaProfile.close());
    log(`running the suite through the profile endpoint ${serve.url}/${PROFILE}`);
    await runSuite(viaProfile.url, path.join(tmp, 'profile'));
    const direct = readRun(path.join(tmp, 'direct'));
    const comparison = compareRuns(direct, readRun(path.join(tmp, 'gateway')));
    const profileRun = compareRuns(direct, readRun(path.join(tmp, 'profile')));
    process.stdout.write(`\n${formatTable(comparison)}\n`);
    process.stdout.write(`through the profile endpoint /mcp/${PROFILE}: ${profileRun.gatewayPassed}/${profileRun.rows.length}\n`);
    if (comparison.directPassed === 0) throw new Error('no check passed directly; the reference run itself is broken');
    if (comparison.regressions.length > 0 || profileRun.regressions.length > 0) {
      const regressions = [...comparison.regressions, ...profileRun.regressions.map((r) => `${r} (profile)`)];
      log(`FAIL: ${regressions.length} check(s) pass directly but not through the gateway: ${regressions.join(', ')}`);
      return 1;
    }
    log('OK: every check that passes directly passes through the gateway and through a profile endpoint');
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
