// The headless command line. Each command returns an exit code (exit-codes.ts); nothing here throws to the top.
import { AppError, ErrorCode } from '../../shared/errors.js';
import { keepYoungGenerationSmall } from '../core/runtime/heap-tuning.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { parse } from './flags.js';
import { exitOnClosedPipe, processIo, type Io } from './io.js';
import { printError } from './output.js';

export type { Flags } from './flags.js';

// Commands are imported on use: `--help` and `status` must not load the core, the SDK or zod.
const REMOTE_COMMANDS = ['status', 'tools', 'call', 'chat', 'embed', 'search', 'weather', 'models', 'token'];
const SERVER_COMMANDS = ['start', 'stop', 'restart', 'logs'];

export const USAGE = `mcp-orchestrator <command> [options]

Commands:
  serve [--config F] [--port N] [--data-dir D] [--no-ui] [--log-level L]
                               run the orchestrator, the gateway and the web UI
  status                       state of every server (asks the running orchestrator)
  start | stop | restart <server>
                               start, stop or restart one server of the running orchestrator
  logs <server> [-f] [--since 10m]
                               a server's recent log lines; -f follows new ones
  tools [--profile NAME]       every tool the gateway offers (or what one profile lists)
  tools review <server> [--approve NAME ...] [--reject NAME ...] [--all]
                               definitions that changed since approved (pinning), with their diff
  profiles list | show NAME    profiles: endpoint URL, tool count, ≈tokens, warnings
  call <tool> [--arg k=v ...] [--json '{...}']
                               call one tool through the gateway (exit 1 when it answers isError)
  chat "<message>" [--vendor v] [--model m]
  embed <text...> [--vendor v] [--model m]
                               one embedding vector per text argument
  search "<query>" [--num N]
  weather "<location>" [--units metric|imperial]
  models [--vendor v]
  config validate [file] | path | import <client-config.json> [--yes] [--secret id=value]
                               the running orchestrator's config (else the default path);
                               import lists what it adds and writes nothing until confirmed
  secrets set NAME | list | delete NAME
                               values come from stdin or a hidden prompt, never argv;
                               set starts the servers that waited for NAME
  clients add NAME [--profile P] | list | revoke NAME
                               client tokens for IDEs: each reaches /mcp or one profile, never the control API
  audit [--since 1h|30m|ISO] [--server S] [--client C]
                               the gateway's tool calls from the audit log (who, what, outcome,
                               latency; arguments only as a hash); reads the data folder directly
  auth login <server> | logout <server> | status
                               OAuth sign-in to a remote server (opens the browser, or prints
                               the URL); logout revokes and deletes its tokens from the keychain
  token [--rotate]             print the admin token (UI, CLI); give IDEs client tokens instead
  stdio [--url U]              bridge stdio to the gateway (for stdio-only clients)
  server <openai|groq|local_llama|weather|web_search>
                               run one built-in MCP server on stdio

Common options: --json (print the result as JSON), --config F, --data-dir D, --url U (gateway URL).
Environment: MCP_ORCHESTRATOR_CONFIG, MCP_ORCHESTRATOR_DATA, MCP_ORCHESTRATOR_URL, MCP_ORCHESTRATOR_TOKEN,
MCP_ORCHESTRATOR_NO_BROWSER=1 (auth login prints the URL only).
Exit codes: 0 ok, 1 failed, 2 usage, 3 orchestrator unreachable, 4 token refused, 5 invalid config.`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  if (io === processIo) {
    exitOnClosedPipe(process.stdout);
    exitOnClosedPipe(process.stderr);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const [command, ...rest] = parsed.positionals;
  const flags = parsed.values;
  if (!command || flags.help || command === 'help') {
    io.out(USAGE);
    return command || flags.help ? EXIT.OK : EXIT.USAGE;
  }
  try {
    return await run(command, rest, flags, io);
  } catch (err) {
    const code = err instanceof AppError ? err.code : ErrorCode.INTERNAL;
    printError(io, flags, code, (err as Error).message ?? String(err));
    return exitCodeFor(err);
  }
}

async function run(command: string, rest: string[], flags: ReturnType<typeof parse>['values'], io: Io): Promise<number> {
  if (flags['arguments-json'] !== undefined && command !== 'call') {
    throw new AppError(ErrorCode.USAGE, `only \`call\` takes a JSON object after --json; for JSON output write --json alone`);
  }
  if (command === 'serve') {
    // Before the core's modules load: their parsing is what first grows the young generation.
    keepYoungGenerationSmall();
    return (await import('./serve.js')).serveCommand(flags, io);
  }
  if (command === 'config') return (await import('./config-cmd.js')).configCommand(rest, flags, io);
  if (command === 'secrets') return (await import('./secrets-cmd.js')).secretsCommand(rest, flags, io);
  if (command === 'profiles') return (await import('./profiles-cmd.js')).profilesCommand(rest, flags, io);
  if (command === 'audit') return (await import('./audit-cmd.js')).auditCommand(rest, flags, io);
  if (command === 'tools' && rest[0] === 'review') return (await import('./pins-cmd.js')).pinsCommand(rest, flags, io);
  if (command === 'auth') return (await import('./auth-cmd.js')).authCommand(rest, flags, io);
  if (command === 'clients') return (await import('./clients-cmd.js')).clientsCommand(rest, flags, io);
  if (command === 'stdio') return (await import('./stdio-bridge.js')).stdioBridgeCommand(flags, io);
  if (command === 'server') return (await import('./builtin-server.js')).builtinServerCommand(rest, io);
  if (SERVER_COMMANDS.includes(command)) return (await import('./server-cmd.js')).serverCommand(command, rest, flags, io);
  if (REMOTE_COMMANDS.includes(command)) return (await import('./remote.js')).remoteCommand(command, rest, flags, io);
  io.err(`unknown command "${command}"\n\n${USAGE}`);
  return EXIT.USAGE;
}
