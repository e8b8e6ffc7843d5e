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
import { describeChallenge, type AuthChallenge } from '../oauth/auth-challenge.js';

export type LaunchOutcome =
  | { kind: 'connected'; conn: Connection; split: LineSplitter; t0: number }
  | { kind: 'failed'; info: ExitInfo }
  | { kind: 'cancelled' }
  // OAuth for remote servers (issue 21 item 6): refused for want of a sign-in; retrying will not help.
  | { kind: 'needs-sign-in'; reason: string; info: ExitInfo };

export interface LaunchParts {
  rec: ServerRecord;
  ctx: ServerContext;
  health: ServerHealth;
  installer: ServerInstall;
  /** The server asked for a sign-in while connected (a refresh refused, a step-up); the run must end. */
  onSignInNeeded: (reason: string) => void;
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
  const oauth = ctx.oauth;
  const authProvider = await oauth?.backgroundProvider(launch.config, (reason) => p.onSignInNeeded(reason));
  const onChallenge = (c: AuthChallenge) => {
    if (c.error === 'insufficient_scope' && c.scope && oauth) {
      // Noted before the state changes, so a sign-in started from "needs sign-in" asks for the larger scope.
      void oauth
        .rememberStepUp(rec.id, c.scope)
        .catch(() => {})
        .then(() => p.onSignInNeeded(describeChallenge(c)));
      return;
    }
    // With a provider the SDK answers a 401 itself (refresh) and reports through the provider if it can't;
    // a refreshed token refused again (the SDK's retry got a 401 too) ends there: one refresh, then a sign-in.
    if (c.error === 'insufficient_scope' || !authProvider || c.repeated) p.onSignInNeeded(describeChallenge(c));
  };
  try {
    const conn = await openConnection({
      authProvider,
      onChallenge,
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
    if (e.signIn) return { kind: 'needs-sign-in', reason: e.signIn, info: rec.exitInfo(e.reason, e.exit, e.message) };
    return { kind: 'failed', info: rec.exitInfo(e.reason, e.exit, e.message) };
  }
}
