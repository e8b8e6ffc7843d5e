// The headless command line. Each command returns an exit code; nothing here throws to the top.
import { AppError } from '../../shared/errors.js';
import { keepYoungGenerationSmall } from '../core/runtime/heap-tuning.js';
import { parse } from './flags.js';
import { processIo, type Io } from './io.js';

export type { Flags } from './flags.js';

// Commands are imported on use: `--help` and `status` must not load the core, the SDK or zod.
const REMOTE_COMMANDS = ['status', 'tools', 'call', 'chat', 'search', 'weather', 'models', 'token'];

export const USAGE = `mcp-orchestrator <command> [options]

Commands:
  serve [--config F] [--port N] [--data-dir D] [--no-ui] [--log-level L]
                               run the orchestrator, the gateway and the web UI
  status                       state of every server (asks the running orchestrator)
  tools [--profile NAME]       every tool the gateway offers (or what one profile lists)
  profiles list | show NAME    profiles: endpoint URL, tool count, ≈tokens, warnings
  call <server__tool> [--arg k=v ...] [--json '{...}']
                               call one tool through the gateway
  chat "<message>" [--vendor v] [--model m]
  search "<query>" [--num N]
  weather "<location>" [--units metric|imperial]
  models [--vendor v]
  config validate [file] | path | import <client-config.json> [--yes] [--secret id=value]
                               import lists what it adds and writes nothing until confirmed
  secrets set NAME | list | delete NAME
                               values come from stdin or a hidden prompt, never argv
  clients add NAME [--profile P] | list | revoke NAME
                               client tokens for IDEs: each reaches /mcp or one profile, never the control API
  token [--rotate]             print the admin token (UI, CLI); give IDEs client tokens instead
  stdio [--url U]              bridge stdio to the gateway (for stdio-only clients)
  server <openai|groq|local_llama|weather|web_search>
                               run one built-in MCP server on stdio

Common options: --config F, --data-dir D, --url U (gateway URL for client commands).
Environment: MCP_ORCHESTRATOR_CONFIG, MCP_ORCHESTRATOR_DATA, MCP_ORCHESTRATOR_URL, MCP_ORCHESTRATOR_TOKEN.`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const flags = parsed.values;
  if (!command || flags.help || command === 'help') {
    io.out(USAGE);
    return command || flags.help ? 0 : 2;
  }
  try {
    if (command === 'serve') {
      // Before the core's modules load: their parsing is what first grows the young generation.
      keepYoungGenerationSmall();
      return await (await import('./serve.js')).serveCommand(flags, io);
    }
    if (command === 'config') return await (await import('./config-cmd.js')).configCommand(rest, flags, io);
    if (command === 'secrets') return await (await import('./secrets-cmd.js')).secretsCommand(rest, flags, io);
    if (command === 'profiles') return await (await import('./profiles-cmd.js')).profilesCommand(rest, flags, io);
    if (command === 'clients') return await (await import('./clients-cmd.js')).clientsCommand(rest, flags, io);
    if (command === 'stdio') return await (await import('./stdio-bridge.js')).stdioBridgeCommand(flags, io);
    if (command === 'server') return await (await import('./builtin-server.js')).builtinServerCommand(rest, io);
    if (REMOTE_COMMANDS.includes(command)) return await (await import('./remote.js')).remoteCommand(command, rest, flags, io);
    io.err(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } catch (err) {
    io.err(err instanceof AppError ? `error: ${err.message}` : `error: ${(err as Error).message ?? String(err)}`);
    return 1;
  }
}
