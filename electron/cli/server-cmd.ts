// `start|stop|restart <server>` and `logs <server> [-f] [--since 10m]`: one server of the running
// orchestrator, through its control API (what the UI's buttons and log view use).
import type { LogLine, OrchestratorStatus, ServerStatus } from '../../shared/types.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { orchestrator, type Io } from './context.js';
import { controlCall, streamEvents, type Orchestrator } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { print } from './output.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: a duration back from now (`90s`, `10m`, `2h`, `1d`) or an ISO date; the earliest time in ms. */
export function parseSince(value: string, now: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  if (m) return now - Number(m[1]) * UNITS[m[2]];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw usage(`--since expects a duration such as 10m, 2h, 30s or an ISO date, got "${value}"`);
  return t;
}

export const formatLogLine = (l: LogLine) => `${new Date(l.at).toISOString()} [${l.stream}] ${l.text.trimEnd()}`;

const FAILED_STATES = new Set(['failed', 'crashed', 'backoff', 'stopped', 'needs-sign-in']);

function describe(s: ServerStatus): string {
  const why = s.missingEnv.length
    ? ` (missing ${s.missingEnv.join(', ')})`
    : s.lastError && s.state !== 'running'
      ? ` (${s.lastError})`
      : '';
  return `${s.id}: ${s.state}${s.pid ? ` (pid ${s.pid})` : ''}${why}`;
}

/** States a server passes through; the command waits for it to leave them. */
const SETTLING = new Set(['stopping', 'starting', 'installing']);
/** How long the command waits for the outcome (a first npx install can take minutes; the UI shows progress). */
const SETTLE_MS = 120_000;
const POLL_MS = 150;

async function serverStatus(o: Orchestrator, id: string): Promise<ServerStatus> {
  const s = (await controlCall<OrchestratorStatus>(o, 'getStatus')).servers.find((x) => x.id === id);
  if (!s) throw new AppError(ErrorCode.SERVER_NOT_FOUND, `no server with id "${id}"`);
  return s;
}

/**
 * The control API answers once the operation is under way (the UI follows it through status); the CLI reports the
 * outcome, so it follows status until the server has settled. A restart must first leave its old run.
 */
async function settled(o: Orchestrator, id: string, command: string, before: ServerStatus): Promise<ServerStatus> {
  const deadline = Date.now() + SETTLE_MS;
  let left = command !== 'restart';
  for (;;) {
    const s = await serverStatus(o, id);
    if (!left) left = s.pid !== before.pid || s.state !== before.state || SETTLING.has(s.state);
    if ((left && !SETTLING.has(s.state)) || Date.now() > deadline) return s;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function lifecycle(o: Orchestrator, command: string, id: string, flags: Flags, io: Io): Promise<number> {
  const method = command === 'start' ? 'startServer' : command === 'stop' ? 'stopServer' : 'restartServer';
  const before = await serverStatus(o, id);
  await controlCall<null>(o, method, [id]);
  const s = await settled(o, id, command, before);
  print(io, flags, s, () => describe(s));
  // start/restart succeeded only if the server now runs; stop only if it stopped.
  const okState = command === 'stop' ? s.state === 'stopped' : !FAILED_STATES.has(s.state);
  return okState ? EXIT.OK : EXIT.FAILED;
}

async function logs(o: Orchestrator, id: string, flags: Flags, io: Io): Promise<number> {
  const since = flags.since !== undefined ? parseSince(flags.since, Date.now()) : -Infinity;
  const show = (l: LogLine) => io.out(flags.json ? JSON.stringify(l) : formatLogLine(l));
  const abort = new AbortController();
  // Subscribe before reading the backlog, so nothing written in between is lost.
  const early: LogLine[] = [];
  let live: ((l: LogLine) => void) | null = null;
  const stream = flags.follow
    ? streamEvents(
        o,
        (name, data) => {
          const line = data as LogLine;
          if (name !== 'log' || line.serverId !== id) return;
          if (live) live(line);
          else early.push(line);
        },
        abort.signal,
      )
    : null;
  // Its failure is reported where it is awaited, below; this only keeps it from counting as unhandled meanwhile.
  stream?.catch(() => undefined);
  const backlog = (await controlCall<LogLine[]>(o, 'getLogs', [id])).filter((l) => l.at >= since);
  for (const l of backlog) show(l);
  if (!stream) return EXIT.OK;
  const seen = new Set(backlog.map((l) => `${l.at}\0${l.stream}\0${l.text}`));
  for (const l of early) if (!seen.has(`${l.at}\0${l.stream}\0${l.text}`)) show(l);
  live = show;
  const interrupted = new Promise<number>((resolve) =>
    process.once('SIGINT', () => {
      abort.abort();
      resolve(EXIT.OK);
    }),
  );
  const ended = stream.then(() => {
    io.err('the orchestrator closed the log stream (it stopped, or its token was rotated)');
    return EXIT.UNREACHABLE;
  });
  return Promise.race([interrupted, ended]);
}

export async function serverCommand(command: string, rest: string[], flags: Flags, io: Io): Promise<number> {
  const id = rest[0];
  if (!id || rest.length > 1) throw usage(command === 'logs' ? 'usage: logs <server> [-f] [--since 10m]' : `usage: ${command} <server>`);
  const o = await orchestrator(flags, io);
  return command === 'logs' ? logs(o, id, flags, io) : lifecycle(o, command, id, flags, io);
}
