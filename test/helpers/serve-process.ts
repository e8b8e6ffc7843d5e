// Starts the real `serve` command as a child process on a free port, with a private data dir
// and keychain service, and hands back what a client needs. Used by integration and e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, pollFor } from './wait.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'mcp-orchestrator.mjs');
export const MEMORY_SERVER = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
export const EVERYTHING_SERVER = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** Config entries for the two reference servers, run as real children (memory keeps its file in `dir`). */
export function referenceServers(dir: string) {
  return {
    memory: { command: process.execPath, args: [MEMORY_SERVER], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } },
    everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
  };
}

export interface ServeHandle {
  child: ChildProcess;
  url: string;
  base: string;
  uiUrl: string;
  token: string;
  dir: string;
  configPath: string;
  env: Record<string, string>;
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

export async function tempDir(prefix = 'mcp-orch-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Runs `serve` on `config` (an object written as the config file) and waits for its banner. */
export async function startServe(
  config: unknown,
  opts: {
    env?: Record<string, string>;
    dir?: string;
    ui?: boolean;
    port?: number;
    waitForChildren?: boolean;
    bin?: string;
    cwd?: string;
    /** Node's own arguments, before the script (e.g. heap-probe's PROBE_NODE_ARGS). */
    nodeArgs?: string[];
  } = {},
): Promise<ServeHandle> {
  const dir = opts.dir ?? (await tempDir());
  const configPath = path.join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    // CLI commands run with this env find serve's data folder, and so its runtime file (identity check, token).
    MCP_ORCHESTRATOR_DATA: dir,
    ...opts.env,
  };
  const args = [
    ...(opts.nodeArgs ?? []),
    opts.bin ?? BIN,
    'serve',
    '--config',
    configPath,
    '--data-dir',
    dir,
    '--port',
    String(opts.port ?? 0),
    '--log-level',
    'info',
  ];
  if (opts.ui === false) args.push('--no-ui');
  const child = spawn(process.execPath, args, { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  // The gateway listens before the children are up; most tests want them up (or failed) first.
  const marker = opts.waitForChildren === false ? 'Press Ctrl-C to stop.' : 'Servers after start:';
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes(marker)) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}):\n${out}\n${err}`)));
  });
  const url = banner.match(/MCP endpoint: (\S+)/)![1];
  const uiUrl = banner.match(/Web UI: +(\S+)/)?.[1] ?? '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Without the UI there is no URL carrying the token: ask the CLI, as a user would.
  const token = uiUrl ? decodeURIComponent(uiUrl.split('#token=')[1]) : (await runCli(['token', '--data-dir', dir], env)).stdout.trim();
  return {
    child,
    url,
    base: url.replace(/\/mcp$/, ''),
    uiUrl,
    token,
    dir,
    configPath,
    env,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Runs one CLI command to completion. */
export async function runCli(args: string[], env: Record<string, string>, input?: string) {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input ?? '');
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** POSTs one control-API method, as the web UI does. */
export async function control<T = unknown>(
  h: ServeHandle,
  method: string,
  ...args: unknown[]
): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
  const res = await fetch(`${h.base}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  return (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
}

/** Polls `check` until it returns a truthy value or the deadline passes (bounded). */
export function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  return pollFor(check, what, timeoutMs, everyMs);
}

export { isAlive };
