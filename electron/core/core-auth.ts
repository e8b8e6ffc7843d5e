// The core's sign-in operations for remote servers (issue 21 item 6): start a sign-in and restart the
// server's connection once the browser came back, sign out (revoke, forget, reconnect), and each remote
// server's sign-in status. The control API and the CLI reach OAuth through these only.
import { AppError, ErrorCode, errorMessage } from '../../shared/errors.js';
import type { ServerAuthInfo, ServerConfig, SignInOutcome } from '../../shared/types.js';
import type { Logger } from './env.js';
import type { RemoteAuth } from './oauth/remote-auth.js';
import type { Supervisor } from './supervisor/supervisor.js';

export interface AuthOperations {
  signIn(id: string): Promise<SignInOutcome>;
  signOut(id: string): Promise<{ revoked: boolean }>;
  authStatus(): Promise<ServerAuthInfo[]>;
}

export function authOperations(
  live: () => { oauth: RemoteAuth; supervisor: Supervisor },
  servers: () => ServerConfig[],
  logger: Logger,
): AuthOperations {
  const remote = (id: string): ServerConfig => {
    const c = servers().find((s) => s.id === id);
    if (!c) throw new AppError(ErrorCode.SERVER_NOT_FOUND, `no server "${id}" in the config`);
    if (c.transport !== 'http') throw new AppError(ErrorCode.BAD_REQUEST, `server "${id}" is local; only remote (url) servers sign in`);
    return c;
  };
  // A connection made with the new tokens (or, after a sign-out, one that shows "needs sign-in").
  const reconnect = async (c: ServerConfig) => {
    if (c.enabled) await live().supervisor.restart(c.id);
  };
  return {
    async signIn(id) {
      const { oauth } = live(); // NOT_RUNNING before start, like every operation on the running core
      const c = remote(id);
      const start = await oauth.signIn(c);
      if (start.status === 'signed-in') {
        await reconnect(c);
        return start;
      }
      start.done.then(
        () => reconnect(c),
        (err: unknown) => {
          if (err instanceof AppError && err.code === ErrorCode.CANCELLED) return;
          logger.warn('sign-in failed', { serverId: id, error: errorMessage(err) });
          live().supervisor.signInFailed(id, errorMessage(err));
        },
      );
      return { status: 'browser', url: start.url, opened: start.opened };
    },
    async signOut(id) {
      const { oauth } = live();
      const c = remote(id);
      const out = await oauth.signOut(c);
      await reconnect(c);
      return out;
    },
    async authStatus() {
      const { oauth } = live();
      return Promise.all(
        servers()
          .filter((s) => s.transport === 'http')
          .map((s) => oauth.info(s)),
      );
    },
  };
}
