// The CLI against a real `serve`: it finds the orchestrator through the data dir (no URL or token in
// the environment), acts on the config that orchestrator runs, manages one server (start, stop,
// restart, logs, logs -f), calls tools and embeds, prints --json everywhere, exits with the documented
// codes, and survives a closed stdout pipe.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ConnectionInfo, LogLine, OrchestratorStatus, ServerStatus } from '../../shared/types.js';
import { startOpenAiFake, type OpenAiFake } from '../fixtures/vendors/index.js';
import {
  BIN,
  EVERYTHING_SERVER,
  ROOT,
  control,
  referenceServers,
  runCli,
  startServe,
  tempDir,
  waitFor,
  type ServeHandle,
} from '../helpers/serve-process.js';

const OPENAI_KEY = 'sk-cli-commands-0123456789';

describe('CLI commands against a running orchestrator', () => {
  let h: ServeHandle;
  let openai: OpenAiFake;
  /** No URL, token, config or data dir: the CLI must find them by itself, from the default paths. */
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  const server = async (id: string) => (await control<OrchestratorStatus>(h, 'getStatus')).value!.servers.find((s) => s.id === id)!;

  beforeAll(async () => {
    openai = await startOpenAiFake({ apiKey: OPENAI_KEY });
    // serve on the default data dir of an XDG home, as `npm run serve` does (only --config given).
    const xdg = await tempDir();
    const dir = path.join(xdg, 'share', 'mcp-orchestrator');
    await mkdir(dir, { recursive: true });
    const config = {
      servers: {
        ...referenceServers(dir),
        openai: {
          command: process.execPath,
          args: [path.join(ROOT, 'bin/mcp-orchestrator.mjs'), 'server', 'openai'],
          required_env: ['OPENAI_API_KEY'],
          env: { HTTP_MAX_ATTEMPTS: '1', OPENAI_BASE_URL: openai.baseUrl },
        },
      },
      // Another port than the default config would give: only the data dir's record can lead the CLI here.
      orchestrator: { port: 8000 },
    };
    h = await startServe(config, { dir, ui: false, env: { OPENAI_API_KEY: OPENAI_KEY } });
    const { MCP_ORCHESTRATOR_URL: _u, MCP_ORCHESTRATOR_TOKEN: _t, MCP_ORCHESTRATOR_CONFIG: _c, ...rest } = h.env;
    env = { ...rest, XDG_DATA_HOME: path.join(xdg, 'share'), XDG_CONFIG_HOME: path.join(xdg, 'config') };
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await openai?.close();
  });

  it('serve prints the config it uses; config path, status and validate name that file, not the default', async () => {
    expect(h.stdout()).toContain(`Config:       ${h.configPath}`);
    // Its hints run this installation by absolute path (the keychain service it uses travels along).
    expect(h.stdout()).toContain(`${process.execPath} ${BIN} token\``);
    expect(h.stdout()).toMatch(/print it with `MCP_ORCHESTRATOR_KEYCHAIN_SERVICE=\S+ \S+ \S+ token`/);
    const p = await cli('config', 'path');
    expect(p.code).toBe(0);
    expect(p.stdout.trim()).toBe(h.configPath);
    expect(p.stderr).toContain('used by the running orchestrator');
    const json = JSON.parse((await cli('config', 'path', '--json')).stdout);
    expect(json).toMatchObject({ path: h.configPath, source: 'running', url: h.url });
    const valid = await cli('config', 'validate', '--json');
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ file: h.configPath, valid: true, servers: 3 });
    // No orchestrator on another data dir: the default path (under XDG_CONFIG_HOME).
    const other = await runCli(['config', 'path'], { ...env, MCP_ORCHESTRATOR_DATA: path.join(h.dir, 'none') });
    expect(other.stdout.trim()).toBe(path.join(h.dir, '..', '..', 'config', 'mcp-orchestrator', 'config.json'));
  });

  it('the Connect panel’s stdio command runs this installation by absolute path and reaches the gateway', async () => {
    const info = (await control<ConnectionInfo>(h, 'getConnectionInfo')).value!;
    const [command, ...args] = info.stdioCommand;
    expect(command).toBe(process.execPath);
    expect(args[0]).toBe(BIN);
    expect(info.stdioCommand.join(' ')).not.toMatch(/npx/);
    // What an IDE gives a stdio server: a small default environment plus the snippet's own env.
    const ide = new Client({ name: 'snippet-ide', version: '1.0.0' });
    await ide.connect(new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), ...info.stdioEnv } }));
    try {
      expect((await ide.listTools()).tools.map((t) => t.name)).toContain('everything__echo');
    } finally {
      await ide.close();
    }
  }, 60_000);

  it('config import writes the running config, which hot-reloads and starts the new server', async () => {
    const client = path.join(h.dir, 'claude.json');
    await writeFile(
      client,
      JSON.stringify({ mcpServers: { imported: { command: process.execPath, args: ['--no-warnings', EVERYTHING_SERVER, 'stdio'] } } }),
    );
    const r = await cli('config', 'import', client, '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`into ${h.configPath}`);
    expect(await readFile(h.configPath, 'utf8')).toContain('imported');
    await waitFor(async () => (await server('imported'))?.state === 'running', 'the imported server to start', 30_000);
    await control(h, 'stopServer', 'imported');
  }, 60_000);

  it('status --json is the orchestrator status; status into a closed pipe exits 0 without a crash', async () => {
    const s = await cli('status', '--json');
    expect(s.code).toBe(0);
    const status = JSON.parse(s.stdout) as OrchestratorStatus;
    expect(status.configPath).toBe(h.configPath);
    expect(status.servers.map((x) => x.id)).toEqual(expect.arrayContaining(['memory', 'everything', 'openai']));

    // `status | head -1`: the reader is gone before the first write, so every write fails with EPIPE.
    const child = spawn(process.execPath, [BIN, 'status'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(0);
  });

  it('stop, start and restart one server; unknown servers and missing arguments have their own exit codes', async () => {
    const stop = await cli('stop', 'everything', '--json');
    expect(stop.code).toBe(0);
    expect((JSON.parse(stop.stdout) as ServerStatus).state).toBe('stopped');
    expect((await server('everything')).state).toBe('stopped');

    const start = await cli('start', 'everything');
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^everything: running \(pid \d+\)/);
    const pid = (await server('everything')).pid;

    const restart = await cli('restart', 'everything', '--json');
    expect(restart.code).toBe(0);
    const after = JSON.parse(restart.stdout) as ServerStatus;
    expect(after.state).toBe('running');
    expect(after.pid).not.toBe(pid);

    const unknown = await cli('restart', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no server with id "nope"');
    expect((await cli('restart')).code).toBe(2);
  }, 60_000);

  it('logs shows a server’s lines, --since filters them, --json prints one object per line', async () => {
    const all = await cli('logs', 'everything', '--json');
    expect(all.code).toBe(0);
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogLine);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.serverId === 'everything')).toBe(true);
    // Everything from the newest line on: a strict subset that starts there.
    const last = lines[lines.length - 1];
    const since = await cli('logs', 'everything', '--json', '--since', new Date(last.at).toISOString());
    const recent = since.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogLine);
    expect(recent.length).toBeLessThan(lines.length);
    expect(recent.every((l) => l.at >= last.at)).toBe(true);
    const human = await cli('logs', 'everything', '--since', '1h');
    expect(human.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[(system|stderr)\] /m);
    expect((await cli('logs', 'everything', '--since', 'yesterday-ish')).code).toBe(2);
  });

  it('logs -f follows new lines until interrupted', async () => {
    const follower = spawn(process.execPath, [BIN, 'logs', 'memory', '-f', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout.on('data', (d) => (out += d));
    // The backlog first: memory has started, so it has lines already.
    await waitFor(() => out.includes('\n'), 'the backlog');
    const before = out.length;
    await control(h, 'restartServer', 'memory');
    await waitFor(() => out.slice(before).includes('"stopping"'), 'the restart to be followed', 30_000);
    const exited = new Promise<number | null>((resolve) => follower.once('exit', (c) => resolve(c)));
    follower.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);

  it('call takes --arg pairs or a --json object, prints --json results, and exits 1 when the tool fails', async () => {
    const pairs = await cli('call', 'everything__echo', '--arg', 'message=from-pairs');
    expect(pairs.code).toBe(0);
    expect(pairs.stdout).toContain('from-pairs');
    const obj = await cli('call', 'everything__echo', '--json', '{"message":"from-json"}', '--json');
    expect(obj.code).toBe(0);
    expect(JSON.stringify(JSON.parse(obj.stdout).content)).toContain('from-json');
    const missing = await cli('call', 'nope__missing', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.message).toContain('nope__missing');
    expect((await cli('call', 'everything__echo', '--json', '{broken')).code).toBe(2);
    expect((await cli('call')).code).toBe(2);
    expect((await cli('status', '--json', '{"a":1}')).code).toBe(2);
  }, 60_000);

  it('embed prints one vector per text, and the vendor and model under --json', async () => {
    const r = await cli('embed', 'first text', 'second text');
    expect(r.code).toBe(0);
    const vectors = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as number[]);
    expect(vectors).toHaveLength(2);
    expect(vectors[0].length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/openai .*2 vector\(s\)/);
    const j = JSON.parse((await cli('embed', 'first text', '--json')).stdout);
    expect(j).toMatchObject({ vendor: 'openai', embeddings: [vectors[0]] });
  }, 60_000);

  it('exit codes: 2 usage, 3 unreachable, 4 token refused, 5 invalid config', async () => {
    expect((await cli('bogus')).code).toBe(2);
    expect((await cli('status', '--bogus')).code).toBe(2);
    const down = await runCli(['status', '--url', 'http://127.0.0.1:9/mcp'], env);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach the orchestrator');
    const refused = await runCli(['status'], { ...env, MCP_ORCHESTRATOR_TOKEN: 'not-the-token' });
    expect(refused.code).toBe(4);
    const bad = path.join(h.dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ servers: { x: { command: 42 } } }));
    const invalid = await cli('config', 'validate', bad);
    expect(invalid.code).toBe(5);
    expect(invalid.stderr).toContain('servers.x.command');
    const serve = await runCli(['serve', '--config', bad, '--data-dir', path.join(h.dir, 'bad-serve')], env);
    expect(serve.code).toBe(5);
    expect(serve.stderr).toContain(bad);
  }, 60_000);
});
