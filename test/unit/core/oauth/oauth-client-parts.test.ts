import { afterEach, describe, expect, it } from 'vitest';
import { openLoopbackCallback, type LoopbackCallback } from '../../../../electron/core/oauth/loopback-callback.js';
import { OAuthVault } from '../../../../electron/core/oauth/oauth-vault.js';
import { sharedRoundAuth, UpstreamOAuthProvider } from '../../../../electron/core/oauth/oauth-provider.js';
import { watchChallenges } from '../../../../electron/core/oauth/auth-challenge.js';
import { checkAuthorizationIssuer } from '../../../../electron/core/oauth/issuer-check.js';
import { MemorySecretStore } from '../../../../electron/core/secrets/secret-store.js';

const open: LoopbackCallback[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function callback(state = 'the-state', signal?: AbortSignal) {
  const c = await openLoopbackCallback({ expectedState: () => state, signal });
  open.push(c);
  return c;
}

describe('loopback callback', () => {
  it('listens on 127.0.0.1 and hands over the code and iss of an answer with the right state', async () => {
    const c = await callback();
    expect(c.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const res = await fetch(`${c.redirectUrl}?code=abc&state=the-state&iss=${encodeURIComponent('https://as.example')}`);
    expect(res.status).toBe(200);
    await expect(c.next()).resolves.toEqual({ code: 'abc', iss: 'https://as.example' });
  });

  it('ignores an answer without the sign-in state, so another local process cannot end or hijack the sign-in', async () => {
    const c = await callback();
    const forged = await fetch(`${c.redirectUrl}?code=evil&state=guess`);
    expect(forged.status).toBe(400);
    await fetch(`${c.redirectUrl}?code=good&state=the-state`);
    await expect(c.next()).resolves.toEqual({ code: 'good' });
  });

  it("turns the authorization server's error into a rejection that names it", async () => {
    const c = await callback();
    await fetch(`${c.redirectUrl}?error=access_denied&error_description=${encodeURIComponent('user said no')}&state=the-state`);
    await expect(c.next()).rejects.toThrow(/access_denied \(user said no\)/);
  });

  it('gives a second answer to a second round (step-up) and stops on abort', async () => {
    const ac = new AbortController();
    const c = await callback('s', ac.signal);
    await fetch(`${c.redirectUrl}?code=one&state=s`);
    await fetch(`${c.redirectUrl}?code=two&state=s`);
    await expect(c.next()).resolves.toEqual({ code: 'one' });
    await expect(c.next()).resolves.toEqual({ code: 'two' });
    const waiting = c.next();
    ac.abort();
    await expect(waiting).rejects.toThrow(/cancelled or timed out/);
  });

  it('answers 404 off the callback path', async () => {
    const c = await callback();
    expect((await fetch(c.redirectUrl.replace('/callback', '/other'))).status).toBe(404);
  });
});

describe('authorization response issuer (RFC 9207)', () => {
  const discovery = (supported: boolean | undefined) =>
    ({
      authorizationServerUrl: 'https://as.example',
      authorizationServerMetadata: {
        issuer: 'https://as.example',
        authorization_endpoint: 'https://as.example/authorize',
        token_endpoint: 'https://as.example/token',
        response_types_supported: ['code'],
        ...(supported === undefined ? {} : { authorization_response_iss_parameter_supported: supported }),
      },
    }) as never;

  it('accepts a matching iss, and no iss when none was promised', () => {
    expect(() => checkAuthorizationIssuer(discovery(true), { code: 'c', iss: 'https://as.example' })).not.toThrow();
    expect(() => checkAuthorizationIssuer(discovery(undefined), { code: 'c' })).not.toThrow();
  });

  it('refuses a missing iss that was promised, and any other issuer even if not promised', () => {
    expect(() => checkAuthorizationIssuer(discovery(true), { code: 'c' })).toThrow(/promised an iss/);
    expect(() => checkAuthorizationIssuer(discovery(undefined), { code: 'c', iss: 'https://evil.example' })).toThrow(
      /is not the authorization server's/,
    );
  });

  it('compares as strings, without URL normalisation', () => {
    expect(() => checkAuthorizationIssuer(discovery(true), { code: 'c', iss: 'https://as.example/' })).toThrow();
  });
});

describe('OAuth vault and provider', () => {
  it('keeps one record per server under an account name the keychain accepts, and forgets it on sign-out', async () => {
    const store = new MemorySecretStore();
    let now = 1_000;
    const vault = new OAuthVault(store, () => now);
    await vault.saveTokens('my-server', { access_token: 'at', token_type: 'bearer', expires_in: 60 });
    expect(await store.list()).toEqual(['OAUTH_' + Buffer.from('my-server').toString('hex').toUpperCase()]);
    expect(await vault.read('my-server')).toMatchObject({ tokens: { access_token: 'at' }, expiresAt: 61_000 });
    expect(await vault.hasTokens('other')).toBe(false);
    now = 2_000;
    expect(await vault.clear('my-server')).toBe(true);
    expect(await vault.hasTokens('my-server')).toBe(false);
  });

  it('registers again when an interactive sign-in comes back on another loopback port', async () => {
    const vault = new OAuthVault(new MemorySecretStore());
    const first = new UpstreamOAuthProvider(
      's',
      vault,
      {},
      { kind: 'interactive', redirectUrl: 'http://127.0.0.1:5000/callback', open: () => undefined },
    );
    await first.saveClientInformation({ client_id: 'dyn-1' });
    expect(await first.clientInformation()).toEqual({ client_id: 'dyn-1' });
    const second = new UpstreamOAuthProvider(
      's',
      vault,
      {},
      { kind: 'interactive', redirectUrl: 'http://127.0.0.1:6000/callback', open: () => undefined },
    );
    expect(await second.clientInformation()).toBeUndefined();
    expect(second.clientMetadata).toMatchObject({
      redirect_uris: ['http://127.0.0.1:6000/callback'],
      application_type: 'native',
      token_endpoint_auth_method: 'none',
    });
  });

  it('never opens a browser in the background: a needed sign-in is reported instead', async () => {
    const reasons: string[] = [];
    const p = new UpstreamOAuthProvider(
      's',
      new OAuthVault(new MemorySecretStore()),
      {},
      { kind: 'background', needsSignIn: (r) => reasons.push(r) },
    );
    await p.redirectToAuthorization(new URL('https://as.example/authorize?x=1'));
    expect(reasons).toEqual(['the server asks for a sign-in']);
    expect(p.lastAuthorizationUrl?.href).toBe('https://as.example/authorize?x=1');
  });

  it('keeps discovery for one round only, so the next 401 discovers again (a moved authorization server is followed)', async () => {
    const p = new UpstreamOAuthProvider(
      's',
      new OAuthVault(new MemorySecretStore()),
      {},
      { kind: 'background', needsSignIn: () => undefined },
    );
    await p.saveDiscoveryState({ authorizationServerUrl: 'https://old.example' });
    expect(p.discoveryState()).toMatchObject({ authorizationServerUrl: 'https://old.example' });
    await p.saveTokens({ access_token: 'at', token_type: 'bearer' });
    expect(p.discoveryState()).toBeUndefined();
    expect(await p.lastDiscovery()).toMatchObject({ authorizationServerUrl: 'https://old.example' });
  });
});

describe('the transport side of a background provider (sharedRoundAuth)', () => {
  const AS = 'http://127.0.0.1:9';
  const MCP = `${AS}/mcp`;
  /** An authorization server answered in memory: discovery, and a token endpoint that counts refreshes. */
  function authorizationServer() {
    const seen = { refreshes: 0 };
    const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    const fetchFn = async (url: string | URL, init?: RequestInit) => {
      const path = new URL(String(url)).pathname;
      if (path === '/.well-known/oauth-protected-resource/mcp') return json({ resource: MCP, authorization_servers: [AS] });
      if (path === '/.well-known/oauth-authorization-server') {
        return json({
          issuer: AS,
          authorization_endpoint: `${AS}/authorize`,
          token_endpoint: `${AS}/token`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (path === '/token' && new URLSearchParams(String(init?.body)).get('grant_type') === 'refresh_token') {
        seen.refreshes++;
        return json({ access_token: `at-${seen.refreshes + 1}`, token_type: 'Bearer', refresh_token: `rt-${seen.refreshes + 1}` });
      }
      return new Response('not found', { status: 404 });
    };
    return { seen, fetchFn };
  }
  /** A 401 from the MCP endpoint for a request that carried `token`, as the connection's watcher sees it. */
  const refusal = (token: string) =>
    watchChallenges(
      async () => new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }),
      () => undefined,
      MCP,
    )(MCP, { headers: { authorization: `Bearer ${token}` } });

  async function setUp() {
    const vault = new OAuthVault(new MemorySecretStore());
    await vault.saveTokens('s', { access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1' });
    const background = { kind: 'background' as const, needsSignIn: () => undefined };
    const provider = new UpstreamOAuthProvider('s', vault, { clientId: 'pre-registered' }, background, 'http://127.0.0.1:6000/callback');
    return { vault, auth: sharedRoundAuth(provider), as: authorizationServer() };
  }

  it('requests refused together for one token share one refresh', async () => {
    const { vault, auth, as } = await setUp();
    const ctx = async () => ({ response: await refusal('at-1'), serverUrl: new URL(MCP), fetchFn: as.fetchFn });
    await Promise.all([auth.onUnauthorized!(await ctx()), auth.onUnauthorized!(await ctx()), auth.onUnauthorized!(await ctx())]);
    expect(as.seen.refreshes).toBe(1);
    expect((await vault.read('s')).tokens?.refresh_token).toBe('rt-2');
    expect(await auth.token()).toBe('at-2');
  });

  it('a refusal of a token that was replaced already is retried without another refresh', async () => {
    const { auth, as } = await setUp();
    await auth.onUnauthorized!({ response: await refusal('at-1'), serverUrl: new URL(MCP), fetchFn: as.fetchFn });
    // A request that went out with the old token before the refresh, and was answered after it.
    await auth.onUnauthorized!({ response: await refusal('at-1'), serverUrl: new URL(MCP), fetchFn: as.fetchFn });
    expect(as.seen.refreshes).toBe(1);
    // The new token refused in its turn: that one is refreshed.
    await auth.onUnauthorized!({ response: await refusal('at-2'), serverUrl: new URL(MCP), fetchFn: as.fetchFn });
    expect(as.seen.refreshes).toBe(2);
    expect(await auth.token()).toBe('at-3');
  });
});
