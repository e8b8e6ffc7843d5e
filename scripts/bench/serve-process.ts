// The bench's gateway: `mcp-orchestrator serve` as its own process (as users run it), in
// front of the echo server, plus the config it is started with. Options add Node flags
// (e.g. --cpu-prof) and environment (e.g. MCP_ORCHESTRATOR_JSON_ENTRY=0).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const ECHO = path.join(ROOT, 'scripts/bench/echo-server.mjs');
const BIN = path.join(ROOT, 'bin/mcp-orchestrator.mjs');

export interface BenchServer {
  env?: Record<string, string>;
  /** Defaults to the Node echo server. */
  command?: string;
  args?: string[];
}

export function seedConfig(servers: Record<string, BenchServer>): string {
  const entries = Object.fromEntries(
    Object.entries(servers).map(([id, s]) => [id, { command: s.command ?? process.execPath, args: s.args ?? [ECHO], env: s.env ?? {} }]),
  );
  return JSON.stringify({ servers: entries, orchestrator: { port: 0, ping_interval: 300 } }, null, 2);
}

const cliEnv = () => ({ ...process.env, MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-bench-${process.pid}` });

async function runCli(args: string[]): Promise<string> {
  const p = spawn(process.execPath, [BIN, ...args], { env: cliEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  await new Promise((r) => p.once('exit', r));
  return out;
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  token: string;
  /** SIGINT and wait: serve stops its children and exits (writing a --cpu-prof profile). */
  stop(): Promise<void>;
}

export interface ServeOptions {
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Runs the CLI from source with tsx (profiles then name our files); the built CLI otherwise. */
  fromSource?: boolean;
  /** Another build's bin/mcp-orchestrator.mjs (an A/B baseline); this checkout's by default. */
  bin?: string;
}

export async function startServe(dir: string, name: string, opts: ServeOptions = {}): Promise<ServeProcess> {
  const config = path.join(dir, `${name}.json`);
  const dataDir = path.join(dir, name);
  await mkdir(dataDir, { recursive: true });
  await writeFile(config, seedConfig({ bench: {} }));
  const entry = opts.fromSource ? ['--import', 'tsx', path.join(ROOT, 'scripts/bench/cli-source.ts')] : [opts.bin ?? BIN];
  const args = [
    ...(opts.nodeArgs ?? []),
    ...entry,
    'serve',
    '--config',
    config,
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--no-ui',
    '--log-level',
    'warn',
  ];
  const child = spawn(process.execPath, args, { env: { ...cliEnv(), ...opts.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/MCP endpoint: (\S+)/);
      if (m && out.includes('Press Ctrl-C')) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const token = (await runCli(['token', '--data-dir', dataDir])).trim();
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  };
  return { child, url, token, stop };
}

/** CPU time a process has used so far (all threads), in ms, split into user and system (kernel) time; Linux /proc. */
export async function cpuTimes(pid: number): Promise<{ user: number; sys: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (ticks: string) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_S;
  return { user: ms(fields[11]), sys: ms(fields[12]) };
}

export async function cpuMs(pid: number): Promise<number> {
  const t = await cpuTimes(pid);
  return t.user + t.sys;
}
/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS_PER_S = 100;

export async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
}
