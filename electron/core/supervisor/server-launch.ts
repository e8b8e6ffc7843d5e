// One launch attempt of a ManagedServer: resolve the launch target (installing an npx package
// first when needed), spawn or connect, and initialize. The outcome is a connection, a failure to
// back off from, or a cancellation; what to do with it is the lifecycle's (managed-server.ts).
import type { ExitInfo } from '../../../shared/types.js';
import { LaunchError, openConnection, type Connection } from './connection.js';
import { prepareLaunch } from './launch-command.js';
import type { LaunchSpec } from './launch-env.js';
import { LineSplitter } from './log-buffer.js';
import { NpxInstallError } from './npx-install.js';
import type { ServerContext } from './server-context.js';
import type { ServerHealth } from './server-health.js';
import type { ServerInstall } from './server-install.js';
import type { ServerRecord } from './server-record.js';

export type LaunchOutcome =
  { kind: 'connected'; conn: Connection; split: LineSplitter; t0: number } | { kind: 'failed'; info: ExitInfo } | { kind: 'cancelled' };

export interface LaunchParts {
  rec: ServerRecord;
  ctx: ServerContext;
  health: ServerHealth;
  installer: ServerInstall;
}

export async function launchServer(p: LaunchParts, spec: LaunchSpec, signal: AbortSignal): Promise<LaunchOutcome> {
  const { rec, ctx } = p;
  let launch: Awaited<ReturnType<typeof prepareLaunch>>;
  try {
    const install = (command: string, pkg: string) => p.installer.npx(command, pkg, spec, signal);
    launch = await prepareLaunch(rec.config, spec, ctx.env.builtinServersDir, install);
  } catch (err) {
    if (signal.aborted) return { kind: 'cancelled' };
    const reason = err instanceof NpxInstallError && err.spawnFailed ? 'spawn-failed' : 'crashed';
    return { kind: 'failed', info: rec.exitInfo(reason, { code: null, signal: null }, String((err as Error).message)) };
  }
  if (launch.note) rec.system(launch.note);
  const client = p.health.makeClient();
  const split = new LineSplitter((line) => rec.log('stderr', line));
  const t0 = ctx.env.clock.now();
  try {
    const conn = await openConnection({
      config: launch.config,
      spec: launch.spec,
      client,
      prior: rec.era.prior(launch.config.protocol),
      timeoutMs: ctx.settings().defaultTimeoutMs,
      onStderr: (chunk) => split.write(chunk),
      signal,
      guard: ctx.guard,
      clock: ctx.env.clock,
      sandbox: ctx.sandbox,
      onProtocol: ctx.protocol?.sink(rec.config.id),
      maxMessageBytes: () => rec.config.maxMessageBytes ?? ctx.settings().maxMessageBytes,
      onOversize: (size, answered) =>
        rec.system(`dropped a message of ${size} bytes, over max_message_bytes${answered ? ' (its request got an error)' : ''}`),
    });
    rec.era.remember(client);
    return { kind: 'connected', conn, split, t0 };
  } catch (err) {
    rec.era.failed(launch.config.protocol, launch.config.transport);
    split.flush();
    if (signal.aborted) return { kind: 'cancelled' };
    const e = err instanceof LaunchError ? err : new LaunchError('crashed', String(err), { code: null, signal: null });
    return { kind: 'failed', info: rec.exitInfo(e.reason, e.exit, e.message) };
  }
}
