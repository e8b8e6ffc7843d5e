// `auth login <server> | logout <server> | status`: OAuth sign-in to remote servers, through the running
// orchestrator's control API (it holds the keychain record and the loopback listener). `login` opens the
// browser (or prints the URL to open) and waits until the sign-in came back and the server reconnected.
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { OrchestratorStatus, ServerAuthInfo, ServerStatus, SignInOutcome } from '../../shared/types.js';
import { orchestrator, type Io } from './context.js';
import { controlCall, type Orchestrator } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { openBrowser } from './open-browser.js';
import { print } from './output.js';

/** The orchestrator gives up on a sign-in after 5 minutes; the CLI waits a little longer to report it. */
const WAIT_MS = 5 * 60_000 + 10_000;
const POLL_MS = 300;
const SETTLING = new Set(['starting', 'installing', 'stopping', 'backoff']);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function authInfo(o: Orchestrator, id: string): Promise<ServerAuthInfo> {
  const info = (await controlCall<ServerAuthInfo[]>(o, 'getAuthStatus')).find((a) => a.serverId === id);
  if (!info) throw new AppError(ErrorCode.SERVER_NOT_FOUND, `no remote server "${id}"`);
  return info;
}

async function serverState(o: Orchestrator, id: string): Promise<ServerStatus | undefined> {
  return (await controlCall<OrchestratorStatus>(o, 'getStatus')).servers.find((s) => s.id === id);
}

/** Follows the sign-in until it ended, then the server until its reconnect settled. */
async function waitForSignIn(o: Orchestrator, id: string): Promise<{ info: ServerAuthInfo; status?: ServerStatus }> {
  const deadline = Date.now() + WAIT_MS;
  let info = await authInfo(o, id);
  while (info.signInInProgress && Date.now() < deadline) {
    await pause(POLL_MS);
    info = await authInfo(o, id);
  }
  let status = await serverState(o, id);
  while (info.signedIn && status && (SETTLING.has(status.state) || status.state === 'needs-sign-in') && Date.now() < deadline) {
    await pause(POLL_MS);
    status = await serverState(o, id);
    if (status?.state === 'needs-sign-in' && !(await authInfo(o, id)).signedIn) break;
  }
  return { info, status };
}

async function login(o: Orchestrator, id: string, flags: Flags, io: Io): Promise<number> {
  const out = await controlCall<SignInOutcome>(o, 'signInServer', [id]);
  if (out.status === 'browser') {
    const opened = openBrowser(out.url, io.env);
    io.err(`${opened ? 'Opened your browser to sign in. If it did not open, visit' : 'Open this URL to sign in:'}\n  ${out.url}\n`);
  }
  const { info, status } = await waitForSignIn(o, id);
  const ok = info.signedIn && !info.lastError && status?.state === 'running';
  print(io, flags, { ...info, state: status?.state ?? null }, () =>
    ok
      ? `${id}: signed in${info.scope ? ` (scope ${info.scope})` : ''}; running`
      : `${id}: ${info.lastError ?? (info.signedIn ? `signed in, but the server is ${status?.state}: ${status?.lastError ?? ''}` : 'not signed in')}`,
  );
  return ok ? EXIT.OK : EXIT.FAILED;
}

const when = (ms: number | null) => (ms === null ? '' : `, token expires ${new Date(ms).toISOString()}`);

export async function authCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, id] = rest;
  if (!((sub === 'login' || sub === 'logout') && id && rest.length === 2) && !(sub === 'status' && rest.length === 1)) {
    throw usage('usage: auth login <server> | auth logout <server> | auth status');
  }
  const o = await orchestrator(flags, io);
  if (sub === 'login' && id) return login(o, id, flags, io);
  if (sub === 'logout' && id) {
    const { revoked } = await controlCall<{ revoked: boolean }>(o, 'signOutServer', [id]);
    print(
      io,
      flags,
      { serverId: id, revoked },
      () => `${id}: signed out; tokens deleted from the keychain${revoked ? ' and revoked' : ''}`,
    );
    return EXIT.OK;
  }
  const all = await controlCall<ServerAuthInfo[]>(o, 'getAuthStatus');
  print(io, flags, all, () =>
    all.length === 0
      ? 'no remote servers'
      : all.map(
          (a) =>
            `${a.serverId}  ${a.signedIn ? `signed in${a.scope ? ` (scope ${a.scope})` : ''}${when(a.expiresAt)}` : 'not signed in'}` +
            `${a.configured ? '' : '  (no "oauth" in its entry)'}${a.lastError ? `  last sign-in failed: ${a.lastError}` : ''}`,
        ),
  );
  return EXIT.OK;
}
