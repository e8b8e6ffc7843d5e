// The install policy: an npx entry's first run downloads its package before the start, in its own
// state ('installing') and time bound, not counted against the start timeout (npx-install.ts).
import { GRACE_MS } from './connection.js';
import type { LaunchSpec } from './launch-env.js';
import { installNpxPackage } from './npx-install.js';
import type { ServerContext } from './server-context.js';
import type { ServerRecord } from './server-record.js';

export class ServerInstall {
  constructor(
    private readonly rec: ServerRecord,
    private readonly ctx: Pick<ServerContext, 'env' | 'guard'>,
  ) {}

  /** Installs `pkg` with the entry's npx and environment; rejects with NpxInstallError when it cannot. */
  async npx(command: string, pkg: string, spec: LaunchSpec, signal: AbortSignal): Promise<void> {
    const { rec, ctx } = this;
    rec.setState('installing');
    rec.system(`installing ${pkg} with npx before starting it`);
    const t0 = ctx.env.clock.now();
    await installNpxPackage({
      command,
      pkg,
      env: spec.env,
      cwd: rec.config.cwd,
      signal,
      onLine: (line) => rec.log('stderr', line),
      guard: ctx.guard,
      graceMs: GRACE_MS,
      timers: ctx.env.clock,
    });
    rec.system(`installed ${pkg} in ${ctx.env.clock.now() - t0} ms`);
    rec.setState('starting');
  }
}
