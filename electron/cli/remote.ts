// Commands that talk to a running orchestrator: status over the control API, the rest
// over MCP through the gateway, exactly as an IDE client would.
import http from 'node:http';
import { HTTP_API_PREFIX } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { gatewayToken, gatewayUrl, type Io } from './context.js';
import type { Flags } from './flags.js';
import { summarise } from './summary.js';
import { loadOrCreateToken, rotateToken } from '../core/secrets/token.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { silentLogger } from '../core/env.js';
import { dataDir, keychainService } from './context.js';

function unreachable(url: string, err: unknown): Error {
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
  return new Error(`cannot reach the orchestrator at ${url} (${cause}). Is \`mcp-orchestrator serve\` running?`);
}

/** node:http rather than fetch: loading fetch's implementation (undici) is a visible part of `status`'s start-up. */
function postJson(url: URL, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => reject(Object.assign(new Error(err.message), { cause: err })));
    req.end(body);
  });
}

async function statusCommand(flags: Flags, io: Io): Promise<number> {
  const url = await gatewayUrl(flags, io);
  const api = new URL(HTTP_API_PREFIX + '/getStatus', url);
  const token = await gatewayToken(flags, io, url);
  let res: { status: number; text: string };
  try {
    res = await postJson(api, token, '{"args":[]}');
  } catch (err) {
    throw unreachable(url, err);
  }
  if (res.status === 401)
    throw new Error('the gateway refused the token (401). Set MCP_ORCHESTRATOR_TOKEN or run on the same account as serve.');
  const body = JSON.parse(res.text) as Result<OrchestratorStatus>;
  if (!body.ok) throw new Error(body.error.message);
  const s = body.value;
  io.out(
    [
      `gateway: ${s.gateway?.url ?? 'down'}  secrets: ${s.secretStore}  running: ${s.totals.running}/${s.totals.servers}  tools: ${s.totals.tools}  calls: ${s.totals.calls}`,
      ...summarise(s),
    ].join('\n'),
  );
  return 0;
}

function parseArgsFlag(flags: Flags): Record<string, unknown> {
  const args: Record<string, unknown> = flags.json ? JSON.parse(flags.json) : {};
  for (const pair of flags.arg ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--arg expects key=value, got "${pair}"`);
    const raw = pair.slice(eq + 1);
    // Numbers, booleans and JSON literals are passed typed; everything else as a string.
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    args[pair.slice(0, eq)] = value;
  }
  return args;
}

async function tokenCommand(flags: Flags, io: Io): Promise<number> {
  const store = await createSecretStore({ service: keychainService(io.env), logger: silentLogger });
  const opts = { store, dataDir: dataDir(flags, io.env) };
  const t = flags.rotate ? await rotateToken(opts) : await loadOrCreateToken(opts);
  io.out(t.token);
  if (flags.rotate) io.err('token rotated; restart `serve` (or rotate from the UI) for the gateway to use it');
  return 0;
}

export async function remoteCommand(command: string, rest: string[], flags: Flags, io: Io): Promise<number> {
  if (command === 'status') return statusCommand(flags, io);
  if (command === 'token') return tokenCommand(flags, io);
  const base = await gatewayUrl(flags, io);
  // A profile is its own endpoint: list and call exactly as a client configured for it would.
  const url = flags.profile ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(flags.profile)}` : base;
  // The client (SDK, zod) is only loaded by the commands that talk MCP.
  const { MCPClient } = await import('../client/index.js');
  const client = new MCPClient({ url, token: await gatewayToken(flags, io, url) });
  try {
    await client.connect();
  } catch (err) {
    throw unreachable(url, err);
  }
  try {
    const print = (v: unknown) => io.out(typeof v === 'string' ? v : JSON.stringify(v, null, 2));
    switch (command) {
      case 'tools': {
        const caps = await client.getCapabilities();
        for (const t of caps.tools) io.out(`${t.name}${t.description ? `  ${t.description.split('\n')[0]}` : ''}`);
        return 0;
      }
      case 'call': {
        if (!rest[0]) throw new Error('usage: call <server__tool> [--arg k=v ...] [--json {...}]');
        print(await client.callTool(rest[0], parseArgsFlag(flags)));
        return 0;
      }
      case 'chat': {
        if (!rest[0]) throw new Error('usage: chat "<message>" [--vendor v] [--model m]');
        const r = await client.chat({ message: rest.join(' '), vendor: flags.vendor ?? 'auto', model: flags.model });
        io.out(r.message);
        const failed = r.failover.map((f) => `${f.vendor} (${f.error})`).join(', ');
        io.err(`— ${r.vendor} ${r.model}, ${r.latency_ms} ms${failed ? `; failed over from ${failed}` : ''}`);
        return 0;
      }
      case 'search':
        print(await client.searchWeb(rest.join(' '), flags.num ? Number(flags.num) : undefined));
        return 0;
      case 'weather':
        print(await client.getWeather(rest.join(' '), (flags.units as 'metric' | 'imperial' | undefined) ?? 'metric'));
        return 0;
      case 'models':
        print(await client.listModels(flags.vendor));
        return 0;
    }
    return 2;
  } finally {
    await client.disconnect();
  }
}
