// `serve`: the orchestrator, its gateway and the web UI in one foreground process.
import path from 'node:path';
import { createCore } from '../core/create-core.js';
import { ensureStarterConfig } from '../core/config/starter.js';
import { createControlApi } from '../core/control/control-api.js';
import { controlRoute } from '../core/control/http-api.js';
import { staticUiRoute } from '../core/control/static-ui.js';
import { scrubInitialEnviron } from '../core/runtime/scrub-environ.js';
import { orphanWatchdog } from '../core/supervisor/orphan-watchdog.js';
import { AppError } from '../../shared/errors.js';
import { APP_ROOT, cliLogger, cliPaths, type Io } from './context.js';
import type { Flags } from './flags.js';
import { summarise } from './summary.js';
import type { StdioLauncher } from '../core/stdio-launcher.js';

/** The launcher as one shell line (env prefix, quoted words). */
function shellLine(l: StdioLauncher): string {
  const word = (w: string) => (/^[\w./:@=+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  return [...Object.entries(l.env ?? {}).map(([k, v]) => `${k}=${word(v)}`), ...[l.command, ...l.args].map(word)].join(' ');
}

/** After SIGTERM/SIGINT, what is still running is killed and we exit after this long. */
const SHUTDOWN_DEADLINE_MS = 4200;

export async function serveCommand(flags: Flags, io: Io): Promise<number> {
  const logger = cliLogger(io, flags['log-level']);
  // Before any child starts: the keys exported to us must not stay readable in our /proc/PID/environ.
  const scrub = scrubInitialEnviron(process.env);
  if (scrub.ok) logger.debug('start-up environment blanked in /proc/self/environ', { variables: scrub.blanked.length });
  else if (process.platform === 'linux') logger.warn(`could not blank the start-up environment: ${scrub.reason}`);
  const port = flags.port !== undefined ? Number(flags.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    io.err(`error: --port must be a whole number from 0 to 65535, got "${flags.port}"`);
    return 2;
  }
  const paths = cliPaths(flags, io.env);
  const file = paths.configPath;
  // Only the default location is filled in; a path the user named must exist.
  if (paths.configIsDefault && (await ensureStarterConfig(file, path.join(APP_ROOT, 'examples', 'config.json')))) {
    io.out(`Created a starter config at ${file} (edit it, or use the Config page).`);
  }
  const core = createCore({
    configPath: file,
    dataDir: paths.dataDir,
    secretService: paths.keychainService,
    port,
    // Lets configs point at the built-in servers wherever the app is installed.
    env: { logger, processEnv: { ...io.env, MCP_ORCHESTRATOR_ROOT: APP_ROOT } },
    useLoginShellPath: !process.stdin.isTTY && process.platform === 'darwin',
    routes: flags['no-ui'] ? [] : [staticUiRoute(path.join(APP_ROOT, 'dist', 'renderer'))],
  });
  core.mount(controlRoute(createControlApi(core), core));

  let endpoint: { url: string; port: number };
  try {
    endpoint = await core.start();
  } catch (err) {
    // start() cleans up after itself (children, routes): only the message needs care.
    throw err instanceof AppError ? err : new AppError('INTERNAL', core.redactor.redact((err as Error).message));
  }
  const status = core.getServerStatus();
  const base = endpoint.url.replace(/\/mcp$/, '');
  // This installation's CLI by absolute path: the hints must never name a registry package.
  const cli = shellLine(core.stdioLauncher);
  io.out(
    [
      'MCP Orchestrator is running.',
      `  MCP endpoint: ${endpoint.url}`,
      ...(flags['no-ui'] ? [] : [`  Web UI:       ${base}/#token=${core.token}`]),
      `  Token:        ${core.tokenLocation} (print it with \`${cli} token\`)`,
      `  Config:       ${core.config.path}`,
      `  Secrets:      ${status.secretStore === 'keychain' ? 'OS keychain' : 'keychain unavailable, using environment variables'}`,
      'Servers:',
      ...summarise(status, cli),
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  // The gateway does not wait for the children; report how their first start went once it has.
  let stopping = false;
  void core.childrenStarted().then(() => {
    if (!stopping) io.out(['Servers after start:', ...summarise(core.getServerStatus(), cli)].join('\n'));
  });

  return await new Promise<number>((resolve) => {
    const finish = (code: number) => {
      clearTimeout(deadline);
      resolve(code);
      // Nothing of ours should be left running; a pipe still held by a descendant that left its process
      // group (it called setsid) must not keep us alive.
      setTimeout(() => process.exit(code), 500).unref();
    };
    let deadline: NodeJS.Timeout | undefined;
    const killNow = (why: string) => {
      const groups = orphanWatchdog().killAll();
      logger.error(`${why}; killed ${groups} server process group(s)`);
      process.exit(1);
    };
    const shutdown = (signal: string) => {
      if (stopping) return killNow(`received ${signal} again`);
      stopping = true;
      logger.info(`received ${signal}, stopping all servers`);
      // Children get stdin EOF, then SIGTERM, then SIGKILL (about 4 s at worst); whatever they do, we are
      // gone within 5 s of the signal.
      deadline = setTimeout(() => killNow(`servers still stopping ${SHUTDOWN_DEADLINE_MS} ms after ${signal}`), SHUTDOWN_DEADLINE_MS);
      core.stop().then(
        () => finish(0),
        (err) => {
          logger.error('shutdown failed', { error: String(err) });
          finish(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}
