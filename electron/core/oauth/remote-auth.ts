// The product around the OAuth client (issue 21 item 6): the upstream connection's background provider,
// a sign-in the user starts (browser, loopback redirect, issuer check, tokens into the keychain), sign-out
// with revocation (RFC 7009), and what status may show of it all (never a token).
import { AppError, ErrorCode, errorMessage } from '../../../shared/errors.js';
import type { ServerAuthInfo, ServerConfig } from '../../../shared/types.js';
import type { Logger, TimerHandle, Timers } from '../env.js';
import { auth, extractWWWAuthenticateParams, type AuthProvider } from '../sdk/auth.js';
import { checkAuthorizationIssuer } from './issuer-check.js';
import { openLoopbackCallback } from './loopback-callback.js';
import { sharedRoundAuth, UpstreamOAuthProvider, type OAuthClientSettings } from './oauth-provider.js';
import type { OAuthVault } from './oauth-vault.js';

/** How long a started sign-in waits for the browser to come back. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export type SignInStart =
  /** Stored tokens were refreshed: no browser was needed. */
  | { status: 'signed-in' }
  /** The browser must visit `url` (opened already when `opened`); `done` settles when the redirect came back. */
  | { status: 'browser'; url: string; opened: boolean; done: Promise<void> };

export interface RemoteAuthDeps {
  vault: OAuthVault;
  clock: Timers;
  logger: Logger;
  /** Opens the system browser (Electron's shell.openExternal); absent under serve: the URL goes back to the caller. */
  openBrowser?: (url: string) => Promise<void>;
}

const settingsOf = (c: ServerConfig): OAuthClientSettings => ({
  ...(c.oauth?.clientId ? { clientId: c.oauth.clientId } : {}),
  ...(c.oauth?.clientMetadataUrl ? { clientMetadataUrl: c.oauth.clientMetadataUrl } : {}),
  ...(c.oauth?.scopes?.length ? { scope: c.oauth.scopes.join(' ') } : {}),
});

const portOf = (url: string | undefined) => {
  const p = url && URL.canParse(url) ? Number(new URL(url).port) : 0;
  return p > 0 ? p : undefined;
};

export class RemoteAuth {
  private readonly pending = new Map<string, AbortController>();
  private readonly failures = new Map<string, string>();

  constructor(private readonly d: RemoteAuthDeps) {}

  /**
   * The provider an upstream connection runs with: stored tokens, refreshed by the SDK on a 401; a
   * refresh that fails ends in `needsSignIn`, never a browser. None when the server was never signed
   * in to and its entry has no "oauth": a 401 then reads as "needs sign-in" from the challenge alone.
   * Requests refused together share one refresh (`sharedRoundAuth`).
   */
  async backgroundProvider(c: ServerConfig, needsSignIn: (reason: string) => void): Promise<AuthProvider | undefined> {
    if (c.transport !== 'http') return undefined;
    const record = await this.d.vault.read(c.id);
    if (!record.tokens?.access_token) return undefined;
    return sharedRoundAuth(
      new UpstreamOAuthProvider(c.id, this.d.vault, settingsOf(c), { kind: 'background', needsSignIn }, record.redirectUrl),
    );
  }

  /** A 403 `insufficient_scope` named a scope: the next sign-in asks for it along with what was granted. */
  async rememberStepUp(serverId: string, scope: string): Promise<void> {
    await this.d.vault.update(serverId, (r) => {
      const wanted = new Set([...(r.tokens?.scope ?? '').split(' '), ...scope.split(' ')].filter(Boolean));
      return { ...r, stepUpScope: [...wanted].join(' ') };
    });
  }

  /**
   * Starts a sign-in: discovery and registration now, then the browser. Resolves once the authorization
   * URL is known (or tokens were refreshed without one); `done` settles when the code was exchanged.
   */
  async signIn(c: ServerConfig): Promise<SignInStart> {
    if (c.transport !== 'http' || !c.url) throw new AppError(ErrorCode.BAD_REQUEST, `server "${c.id}" is not a remote (url) server`);
    this.pending.get(c.id)?.abort();
    const abort = new AbortController();
    this.pending.set(c.id, abort);
    const timer: TimerHandle = this.d.clock.setTimeout(() => abort.abort(), SIGN_IN_TIMEOUT_MS);
    timer.unref();
    const record = await this.d.vault.read(c.id);
    let provider: UpstreamOAuthProvider | undefined;
    const callback = await openLoopbackCallback({
      expectedState: () => provider?.expectedState ?? '',
      preferredPort: c.oauth?.redirectPort ?? portOf(record.redirectUrl),
      signal: abort.signal,
    });
    const finish = async () => {
      this.d.clock.clearTimeout(timer);
      if (this.pending.get(c.id) === abort) this.pending.delete(c.id);
      await callback.close();
    };
    try {
      let authorizationUrl: URL | undefined;
      provider = new UpstreamOAuthProvider(c.id, this.d.vault, settingsOf(c), {
        kind: 'interactive',
        redirectUrl: callback.redirectUrl,
        open: (url) => void (authorizationUrl = url),
      });
      const serverUrl = new URL(c.url);
      const challenge = await this.bounded(15_000, (signal) => probe(serverUrl, signal));
      const scope = record.stepUpScope ?? challenge.scope;
      const opts = { serverUrl, resourceMetadataUrl: challenge.resourceMetadataUrl, scope };
      // A sign-in the user asked for always goes to the browser: a refresh would settle it with the old
      // grant, and so the old scope after a step-up.
      const p = provider;
      const noRefresh = new Proxy(p, { get: (t, k) => (k === 'tokens' ? async () => undefined : Reflect.get(t, k, t)) });
      const first = await auth(noRefresh, opts);
      if (first === 'AUTHORIZED' || !authorizationUrl) {
        await finish();
        return { status: 'signed-in' };
      }
      const url = authorizationUrl.href;
      const opened = await this.open(url);
      const done = (async () => {
        const answer = await callback.next();
        checkAuthorizationIssuer(await p.lastDiscovery(), answer);
        // v2's auth() makes the RFC 9207 check too, and refuses a missing iss it was not handed.
        await auth(p, { ...opts, authorizationCode: answer.code, ...(answer.iss !== undefined ? { iss: answer.iss } : {}) });
        await this.d.vault.update(c.id, ({ stepUpScope: _done, ...rest }) => rest);
        this.failures.delete(c.id);
      })()
        .catch((err: unknown) => {
          // Replaced by a newer sign-in (pressed again): not a failure to show, the newer one is what counts.
          if (abort.signal.aborted && this.pending.get(c.id) !== abort) {
            throw new AppError(ErrorCode.CANCELLED, `sign-in to "${c.id}" was replaced by a newer one`);
          }
          const message = `sign-in to "${c.id}" failed: ${errorMessage(err)}`;
          this.failures.set(c.id, message);
          throw new AppError(ErrorCode.SIGN_IN_FAILED, message);
        })
        .finally(finish);
      return { status: 'browser', url, opened, done };
    } catch (err) {
      await finish();
      if (err instanceof AppError) throw err;
      throw new AppError(ErrorCode.SIGN_IN_FAILED, `sign-in to "${c.id}" failed: ${errorMessage(err)}`);
    }
  }

  /** Forgets the server's tokens and registration; revokes the tokens first where the AS offers it. */
  async signOut(c: ServerConfig): Promise<{ revoked: boolean }> {
    this.pending.get(c.id)?.abort();
    const record = await this.d.vault.read(c.id);
    const endpoint = (record.discovery?.authorizationServerMetadata as { revocation_endpoint?: string } | undefined)?.revocation_endpoint;
    let revoked = false;
    const clientId = record.client?.client_id ?? c.oauth?.clientId;
    if (endpoint && clientId && record.tokens) {
      // The refresh token first: revoking it ends the grant, and with it (RFC 7009 §2.1) its access tokens.
      const tokens = [
        [record.tokens.refresh_token, 'refresh_token'],
        [record.tokens.access_token, 'access_token'],
      ] as const;
      for (const [token, hint] of tokens) {
        if (!token) continue;
        try {
          const res = await this.bounded(10_000, (signal) =>
            fetch(endpoint, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ token, token_type_hint: hint, client_id: clientId }),
              signal,
            }),
          );
          await res.body?.cancel();
          revoked ||= res.ok;
        } catch (err) {
          // The tokens are forgotten anyway; the AS lets them expire.
          this.d.logger.warn('token revocation failed', { serverId: c.id, error: errorMessage(err) });
        }
      }
    }
    await this.d.vault.clear(c.id);
    this.failures.delete(c.id);
    return { revoked };
  }

  async info(c: ServerConfig): Promise<ServerAuthInfo> {
    const r = await this.d.vault.read(c.id);
    return {
      serverId: c.id,
      configured: c.oauth !== undefined,
      signedIn: Boolean(r.tokens?.access_token),
      expiresAt: r.expiresAt ?? null,
      scope: r.tokens?.scope ?? null,
      issuer: r.discovery?.authorizationServerMetadata?.issuer ?? null,
      signInInProgress: this.pending.has(c.id),
      lastError: this.failures.get(c.id) ?? null,
    };
  }

  /** Runs a request with a deadline on the core's timers (virtual in tests). */
  private async bounded<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = this.d.clock.setTimeout(() => controller.abort(), ms);
    try {
      return await run(controller.signal);
    } finally {
      this.d.clock.clearTimeout(timer);
    }
  }

  private async open(url: string): Promise<boolean> {
    if (!this.d.openBrowser) return false;
    try {
      await this.d.openBrowser(url);
      return true;
    } catch (err) {
      this.d.logger.warn('could not open the browser for a sign-in', { error: errorMessage(err) });
      return false;
    }
  }
}

/** An unauthenticated initialize, to read the server's challenge (RFC 9728 `resource_metadata`, `scope`). */
async function probe(serverUrl: URL, signal: AbortSignal): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  const res = await fetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcp-orchestrator', version: '0.1.0' } },
    }),
    signal,
  });
  await res.body?.cancel();
  const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(res);
  return { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope ? { scope } : {}) };
}
