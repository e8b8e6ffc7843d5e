// The OAuth client the orchestrator is towards one remote MCP server: the SDK's auth() does discovery
// (RFC 9728, RFC 8414 / OpenID), registration (a client ID metadata document, else RFC 7591), PKCE,
// resource indicators, refresh and step-up; this class answers its questions from the vault.
//
// Two modes. Interactive (a sign-in the user started): a redirect opens the system browser at the
// authorization URL. Background (the upstream connection): a redirect means the user must sign in,
// so it is reported and the request fails with the SDK's UnauthorizedError, never a browser popping up
// on its own.
import { randomBytes } from 'node:crypto';
import { auth, extractWWWAuthenticateParams, UnauthorizedError } from '../sdk/auth.js';
import type { AuthProvider, OAuthClientProvider, OAuthDiscoveryState } from '../sdk/auth.js';
import type { OAuthClientMetadata, StoredOAuthClientInformation, StoredOAuthTokens } from '../sdk/auth.js';
import { authorizationRefused } from './auth-challenge.js';
import type { OAuthVault } from './oauth-vault.js';

export interface OAuthClientSettings {
  /** A pre-registered client (the AS knows it already); skips registration. */
  clientId?: string;
  clientSecret?: string;
  /** An https URL serving this client's metadata document (CIMD); used when the AS supports it. */
  clientMetadataUrl?: string;
  /** Scopes to ask for when neither the server's challenge nor its metadata names any. */
  scope?: string;
  clientName?: string;
}

export type RedirectHandler =
  | { kind: 'interactive'; redirectUrl: string; open: (authorizationUrl: URL) => void | Promise<void> }
  | { kind: 'background'; needsSignIn: (reason: string) => void };

/** SEP-837: a desktop app with a loopback redirect registers as a native client (RFC 8252). Not in the SDK's type. */
const NATIVE_APP: Record<string, string> = { application_type: 'native' };

/**
 * The v2 provider interface. The records it hands over carry the SDK's `issuer` stamp (SEP-2352): the vault keeps
 * them whole, so they come back stamped. The per-issuer `ctx` argument is ignored: one server, one credential set.
 */
export class UpstreamOAuthProvider implements OAuthClientProvider {
  private verifier: string | undefined;
  private roundDiscovery: OAuthDiscoveryState | undefined;
  /** The `state` sent with the authorization request; the callback must bring it back. */
  readonly expectedState = randomBytes(16).toString('base64url');
  /** The authorization URL of the last redirect (for a CLI that prints it when no browser opens). */
  lastAuthorizationUrl: URL | undefined;

  constructor(
    private readonly serverId: string,
    private readonly vault: OAuthVault,
    private readonly settings: OAuthClientSettings,
    private readonly redirect: RedirectHandler,
    private readonly storedRedirectUrl?: string,
  ) {}

  get clientMetadataUrl(): string | undefined {
    return this.settings.clientMetadataUrl;
  }

  get redirectUrl(): string | undefined {
    return this.redirect.kind === 'interactive' ? this.redirect.redirectUrl : this.storedRedirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    const redirect = this.redirectUrl;
    return {
      client_name: this.settings.clientName ?? 'MCP Orchestrator',
      redirect_uris: redirect ? [redirect] : [],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.settings.clientSecret ? 'client_secret_basic' : 'none',
      ...(this.settings.scope ? { scope: this.settings.scope } : {}),
      ...NATIVE_APP,
    };
  }

  state(): string {
    return this.expectedState;
  }

  async clientInformation(): Promise<StoredOAuthClientInformation | undefined> {
    if (this.settings.clientId) {
      return { client_id: this.settings.clientId, ...(this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : {}) };
    }
    const record = await this.vault.read(this.serverId);
    if (!record.client) return undefined;
    // A dynamically registered client is bound to the redirect URI it registered; a sign-in on another
    // loopback port registers again rather than send a redirect URI the AS would refuse.
    const dynamic = !this.settings.clientMetadataUrl || record.client.client_id !== this.settings.clientMetadataUrl;
    if (dynamic && this.redirect.kind === 'interactive' && record.redirectUrl !== this.redirect.redirectUrl) return undefined;
    return record.client;
  }

  async saveClientInformation(client: StoredOAuthClientInformation): Promise<void> {
    const redirectUrl = this.redirectUrl;
    await this.vault.update(this.serverId, (r) => ({ ...r, client, redirectUrl }));
  }

  async tokens(): Promise<StoredOAuthTokens | undefined> {
    return (await this.vault.read(this.serverId)).tokens;
  }

  async saveTokens(tokens: StoredOAuthTokens): Promise<void> {
    await this.vault.saveTokens(this.serverId, tokens);
    this.roundDiscovery = undefined;
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.lastAuthorizationUrl = authorizationUrl;
    if (this.redirect.kind === 'interactive') await this.redirect.open(authorizationUrl);
    else this.redirect.needsSignIn('the server asks for a sign-in');
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no sign-in in progress (no PKCE code verifier)');
    return this.verifier;
  }

  /**
   * Discovery is kept for one authorization round only (from the 401 to the tokens): the round's code
   * exchange checks the issuer against it, and the next round discovers again, so a server that moved
   * to another authorization server (SEP-2352) is followed there, with a new registration. It is also
   * kept in the vault, for the status page and the issuer check.
   */
  async saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    this.roundDiscovery = discovery;
    await this.vault.update(this.serverId, (r) => ({ ...r, discovery }));
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.roundDiscovery;
  }

  /** What the last discovery found (the authorization server's metadata, for the issuer check). */
  async lastDiscovery(): Promise<OAuthDiscoveryState | undefined> {
    return this.roundDiscovery ?? (await this.vault.read(this.serverId)).discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier') {
      this.verifier = undefined;
      return;
    }
    if (scope === 'all') {
      await this.vault.clear(this.serverId);
      return;
    }
    await this.vault.update(this.serverId, (r) => {
      const next = { ...r };
      if (scope === 'tokens') delete next.tokens;
      if (scope === 'client') delete next.client;
      if (scope === 'discovery') delete next.discovery;
      return next;
    });
  }
}

/**
 * What an upstream connection's transport is handed: the stored access token for each request, and on a 401 one
 * authorization round (a refresh, or "needs sign-in") shared by every request refused while it runs. The SDK's own
 * adapter starts a round per refused request, so parallel calls at a token's expiry each spent the same refresh
 * token; an authorization server that rotates refresh tokens takes the second use for a stolen copy and ends the
 * whole grant (OAuth 2.1 section 4.3.1), and the user had to sign in again for nothing. A request refused for a token
 * that a finished round has replaced already is retried with the new one, without another refresh. A 403
 * `insufficient_scope` is not retried here: the connection's challenge watcher turns it into a sign-in that asks for
 * the larger scope.
 */
export function sharedRoundAuth(provider: UpstreamOAuthProvider): AuthProvider {
  let round: Promise<void> | undefined;
  const bearer = async () => {
    const token = (await provider.tokens())?.access_token;
    return token ? `Bearer ${token}` : '';
  };
  return {
    token: async () => (await provider.tokens())?.access_token,
    onUnauthorized: async (ctx) => {
      if (round) return round;
      const sent = authorizationRefused(ctx.response);
      if (sent !== undefined && sent !== (await bearer())) return;
      round ??= (async () => {
        const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(ctx.response);
        const result = await auth(provider, { serverUrl: ctx.serverUrl, resourceMetadataUrl, scope, fetchFn: ctx.fetchFn });
        if (result !== 'AUTHORIZED') throw new UnauthorizedError();
      })().finally(() => (round = undefined));
      return round;
    },
  };
}
