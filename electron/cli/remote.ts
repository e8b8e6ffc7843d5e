// Commands that talk to a running orchestrator: status over the control API, the rest over MCP
// through the gateway, exactly as an IDE client would.
import type { EmbedResponse, OrchestratorStatus } from '../../shared/types.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { dataDir, gatewayToken, gatewayUrl, keychainService, orchestrator, type Io } from './context.js';
import { controlCall, unreachable } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { print } from './output.js';
import { summarise } from './summary.js';
import { loadOrCreateToken, rotateToken } from '../core/secrets/token.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { silentLogger } from '../core/env.js';

async function statusCommand(flags: Flags, io: Io): Promise<number> {
  const s = await controlCall<OrchestratorStatus>(await orchestrator(flags, io), 'getStatus');
  print(io, flags, s, () => [
    `gateway: ${s.gateway?.url ?? 'down'}  secrets: ${s.secretStore}  running: ${s.totals.running}/${s.totals.servers}  tools: ${s.totals.tools}  calls: ${s.totals.calls}`,
    `config: ${s.configPath}`,
    ...(s.needsRestart ? [`needs restart: ${s.needsRestart.join(', ')}`] : []),
    // The hint names this very installation's CLI, as it was run (never a bare name a PATH lookup may resolve elsewhere).
    ...summarise(s, [process.execPath, process.argv[1]].join(' ')),
  ]);
  return EXIT.OK;
}

/** `--arg k=v` pairs over `--json '{...}'`: numbers, booleans and JSON literals typed, the rest strings. */
export function toolArguments(flags: Pick<Flags, 'arg' | 'arguments-json'>): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (flags['arguments-json']) {
    try {
      args = JSON.parse(flags['arguments-json']) as Record<string, unknown>;
    } catch (err) {
      throw usage(`--json expects a JSON object of arguments: ${(err as Error).message}`);
    }
    if (args === null || typeof args !== 'object' || Array.isArray(args)) throw usage('--json expects a JSON object of arguments');
  }
  for (const pair of flags.arg ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw usage(`--arg expects key=value, got "${pair}"`);
    const raw = pair.slice(eq + 1);
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
  print(io, flags, { token: t.token, location: t.location }, () => t.token);
  if (flags.rotate) io.err('token rotated; restart `serve` (or rotate from the UI) for the gateway to use it');
  return EXIT.OK;
}

const USAGES: Record<string, string> = {
  call: "usage: call <tool> [--arg k=v ...] [--json '{...}']",
  chat: 'usage: chat "<message>" [--vendor v] [--model m]',
  embed: 'usage: embed <text...> [--vendor v] [--model m]',
  search: 'usage: search "<query>" [--num N]',
  weather: 'usage: weather "<location>" [--units metric|imperial]',
};

const textOf = (content: unknown[]) =>
  content.map((c) => ((c as { type?: string }).type === 'text' ? String((c as { text?: unknown }).text) : JSON.stringify(c))).join('\n');

export async function remoteCommand(command: string, rest: string[], flags: Flags, io: Io): Promise<number> {
  if (command === 'status') return statusCommand(flags, io);
  if (command === 'token') return tokenCommand(flags, io);
  if (USAGES[command] && !rest[0]) throw usage(USAGES[command]);
  const base = await gatewayUrl(flags, io);
  // A profile is its own endpoint: list and call exactly as a client configured for it would.
  const url = flags.profile ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(flags.profile)}` : base;
  // The client (SDK, zod) is only loaded by the commands that talk MCP.
  const { MCPClient, ToolError } = await import('../client/index.js');
  const client = new MCPClient({ url, token: await gatewayToken(flags, io, url) });
  try {
    await client.connect();
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.UNAUTHORIZED) throw err;
    throw unreachable(url, (err as { cause?: unknown }).cause ?? err);
  }
  const asJson = (v: unknown) => () => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  try {
    switch (command) {
      case 'tools': {
        const caps = await client.getCapabilities();
        print(io, flags, caps.tools, () => caps.tools.map((t) => `${t.name}${t.description ? `  ${t.description.split('\n')[0]}` : ''}`));
        return EXIT.OK;
      }
      case 'call': {
        const r = await client.callTool(rest[0], toolArguments(flags));
        print(io, flags, r, () => (r.structuredContent ? JSON.stringify(r.structuredContent, null, 2) : textOf(r.content)));
        return EXIT.OK;
      }
      case 'chat': {
        const r = await client.chat({ message: rest.join(' '), vendor: flags.vendor ?? 'auto', model: flags.model });
        print(io, flags, r, () => r.message);
        const failed = r.failover.map((f) => `${f.vendor} (${f.error})`).join(', ');
        if (!flags.json) io.err(`— ${r.vendor} ${r.model}, ${r.latency_ms} ms${failed ? `; failed over from ${failed}` : ''}`);
        return EXIT.OK;
      }
      case 'embed': {
        // Each argument is one text; quote a text that has spaces.
        const args = { text: rest.length === 1 ? rest[0] : rest, vendor: flags.vendor, model: flags.model };
        const r = await client.callTool('embed', Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)));
        const e = (r.structuredContent ?? JSON.parse(textOf(r.content))) as EmbedResponse;
        print(io, flags, e, () => e.embeddings.map((v) => JSON.stringify(v)));
        if (!flags.json)
          io.err(
            `— ${e.vendor} ${e.model}, ${e.embeddings.length} vector(s) of ${e.embeddings[0]?.length ?? 0} dimensions${e.cached ? ', cached' : ''}`,
          );
        return EXIT.OK;
      }
      case 'search': {
        const r = await client.searchWeb(rest.join(' '), flags.num ? Number(flags.num) : undefined);
        print(io, flags, r, asJson(r));
        return EXIT.OK;
      }
      case 'weather': {
        const r = await client.getWeather(rest.join(' '), (flags.units as 'metric' | 'imperial' | undefined) ?? 'metric');
        print(io, flags, r, asJson(r));
        return EXIT.OK;
      }
      case 'models': {
        const r = await client.listModels(flags.vendor);
        print(io, flags, r, asJson(r));
        return EXIT.OK;
      }
    }
    throw usage(`unknown command "${command}"`);
  } catch (err) {
    // A tool that answered isError: the command ran and failed.
    if (err instanceof ToolError) throw new AppError(ErrorCode.UPSTREAM_ERROR, `${err.tool}: ${err.message}`);
    throw err;
  } finally {
    await client.disconnect();
  }
}
