// OAuth for remote servers end to end (issue 21 item 6): the core in-process, a test authorization server
// and the MCP server it protects on 127.0.0.1, tokens in the REAL OS keychain (run under
// /tmp/notes/in-test-env.sh, as the suite does). The test plays the browser by following the redirects.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlApi, createCore, type ControlApi, type MCPOrchestrator } from '../../electron/core/index.js';
import { KeytarSecretStore, loadKeychain } from '../../electron/core/secrets/secret-store.js';
import type { ServerStatus } from '../../shared/types.js';
import { OAuthTestServer, playBrowser } from '../helpers/oauth-test-server.js';
import { pollFor } from '../helpers/wait.js';

const SERVICE = `mcp-orchestrator-oauth-test-${process.pid}-${Date.now()}`;
const REQUIRE = process.env.MCP_ORCH_REQUIRE_KEYRING === '1';
const TENANT_KEY = 'tenant-key-for-the-mcp-endpoint-only';
const ACCOUNT = (id: string) => 'OAUTH_' + Buffer.from(id, 'utf8').toString('hex').toUpperCase();

async function keyringProblem(): Promise<string | null> {
  try {
    const { api } = await loadKeychain('@napi-rs/keyring');
    await api.findCredentials(SERVICE);
    return null;
  } catch (err) {
    return String(err);
  }
}
const unavailable = await keyringProblem();
if (unavailable && !REQUIRE) console.warn(`[oauth-remote.test] no keyring (${unavailable}); skipping`);

let as: OAuthTestServer;
let mixup: OAuthTestServer;
let core: MCPOrchestrator;
let api: ControlApi;
let configPath: string;
let vault: KeytarSecretStore;

/** Resolves on the first status of `id` that matches, current or pushed (no polling). */
function waitForServer(id: string, match: (s: ServerStatus) => boolean, what: string, timeoutMs = 20_000): Promise<ServerStatus> {
  return new Promise((resolve, reject) => {
    const check = (servers: ServerStatus[]) => {
      const s = servers.find((x) => x.id === id);
      if (s && match(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    };
    const timer = setTimeout(() => {
      off();
      const s = core.getServerStatus().servers.find((x) => x.id === id);
      reject(new Error(`timed out waiting for ${id} to be ${what}; it is ${s?.state}: ${s?.lastError}`));
    }, timeoutMs);
    const off = core.subscribe((name, payload) => {
      if (name === 'status') check((payload as { servers: ServerStatus[] }).servers);
    });
    check(core.getServerStatus().servers);
  });
}

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function signIn(id: string): Promise<string> {
  const out = value(await api.signInServer(id));
  if (out.status !== 'browser') throw new Error('expected a browser round');
  const browser = await playBrowser(out.url);
  expect(browser.visited.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  return out.url;
}

const whoami = async () => {
  const res = await core.routeRequest('remote', 'whoami');
  return (res.content as Array<{ text: string }>)[0]?.text ?? '';
};

describe.skipIf(unavailable !== null && !REQUIRE)('a remote server behind OAuth 2.1', () => {
  beforeAll(async () => {
    as = await new OAuthTestServer().start();
    mixup = await new OAuthTestServer({ redirectIss: 'https://attacker.example' }).start();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-orch-oauth-'));
    configPath = path.join(dir, 'config.json');
    // "remote" says oauth; "mixup" does not: its 401 challenge alone must be recognised.
    // "remote" also sends a header of its own, which is for its MCP endpoint alone.
    const remote = { url: as.mcpUrl, oauth: true, headers: { 'X-Tenant-Key': TENANT_KEY } };
    await writeFile(configPath, JSON.stringify({ servers: { remote, mixup: { url: mixup.mcpUrl } } }));
    core = createCore({ configPath, dataDir: dir, secretService: SERVICE, port: 0 });
    await core.start();
    api = createControlApi(core);
    vault = await KeytarSecretStore.open(`${SERVICE}-oauth`);
  }, 60_000);

  afterAll(async () => {
    await core?.stop();
    for (const id of ['remote', 'mixup']) await vault?.delete(ACCOUNT(id)).catch(() => false);
    await as?.close();
    await mixup?.close();
  });

  it('waits in "needs sign-in" with the reason instead of crashing and backing off', async () => {
    for (const id of ['remote', 'mixup']) {
      const s = await waitForServer(id, (x) => x.state === 'needs-sign-in', 'needs-sign-in');
      expect(s.signInReason).toMatch(/requires an OAuth sign-in/);
      expect(s.nextRestartAt).toBeNull();
      expect(s.restarts).toBe(0);
    }
    const auth = value(await api.getAuthStatus());
    expect(auth.map((a) => [a.serverId, a.configured, a.signedIn])).toEqual([
      ['remote', true, false],
      ['mixup', false, false],
    ]);
  });

  it('signs in through the browser (PKCE S256, resource indicator), keeps the tokens in the keychain and connects', async () => {
    const url = new URL(await signIn('remote'));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(as.mcpUrl);
    await waitForServer('remote', (s) => s.state === 'running', 'running');
    expect(await whoami()).toMatch(/^client=client-.+ scope=mcp$/);
    expect(as.registrations).toBe(1);
    // The record is in the OS keychain under its own service, not with the user's keys.
    const record = JSON.parse((await vault.get(ACCOUNT('remote'))) ?? '{}');
    expect(as.issued).toContain(record.tokens.access_token);
    expect(as.issued).toContain(record.tokens.refresh_token);
    expect(value(await api.listSecrets()).map((s) => s.name)).not.toContain(ACCOUNT('remote'));
    const info = value(await api.getAuthStatus()).find((a) => a.serverId === 'remote');
    expect(info).toMatchObject({ signedIn: true, scope: 'mcp', issuer: as.issuer, lastError: null });
  });

  it('refreshes an expired access token in the background (rotation) and keeps serving', async () => {
    const before = JSON.parse((await vault.get(ACCOUNT('remote'))) ?? '{}').tokens;
    as.advance(2 * 3600_000);
    expect(as.accepts(before.access_token)).toBe(false);
    expect(await whoami()).toMatch(/^client=/);
    const after = JSON.parse((await vault.get(ACCOUNT('remote'))) ?? '{}').tokens;
    expect(as.tokenGrants).toContain('refresh_token');
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(core.getServerStatus().servers.find((s) => s.id === 'remote')?.state).toBe('running');
    // The server's own header went with every authorized MCP request and to no OAuth endpoint, the refresh's
    // metadata and token requests included (the SDK hands an auth round its transport's fetch, headers and all).
    const withToken = as.requests.filter((r) => r.path === '/mcp' && r.headers.authorization);
    expect(withToken.length).toBeGreaterThan(0);
    for (const r of withToken) expect(r.headers['x-tenant-key']).toBe(TENANT_KEY);
    const oauth = as.requests.filter((r) => r.path !== '/mcp');
    expect(oauth.map((r) => r.path)).toEqual(expect.arrayContaining(['/.well-known/oauth-authorization-server', '/token']));
    expect(oauth.filter((r) => r.headers['x-tenant-key'] !== undefined).map((r) => r.path)).toEqual([]);
  });

  it('parallel calls that meet an expired token share one refresh and are all served', async () => {
    // The SDK alone refreshes once per refused request: the rotated refresh token's second use ends the grant at an
    // authorization server that detects reuse (this one does), and the server dropped to "needs sign-in".
    const refreshes = as.tokenGrants.filter((g) => g === 'refresh_token').length;
    as.advance(2 * 3600_000);
    const answers = await Promise.all([whoami(), whoami(), whoami(), whoami()]);
    for (const a of answers) expect(a).toMatch(/^client=client-.+ scope=mcp$/);
    expect(as.tokenGrants.filter((g) => g === 'refresh_token').length).toBe(refreshes + 1);
    expect(core.getServerStatus().servers.find((s) => s.id === 'remote')?.state).toBe('running');
  });

  it('a grant revoked at the provider: one refresh is tried, then "needs sign-in"', async () => {
    const refreshes = as.tokenGrants.filter((g) => g === 'refresh_token').length;
    as.revokeEverything();
    await expect(whoami()).rejects.toThrow();
    const s = await waitForServer('remote', (x) => x.state === 'needs-sign-in', 'needs-sign-in');
    expect(s.signInReason).toMatch(/sign-in/);
    expect(as.tokenGrants.filter((g) => g === 'refresh_token').length).toBe(refreshes + 1);
  });

  it('step-up: a 403 insufficient_scope asks for a sign-in with the larger scope', async () => {
    await signIn('remote');
    await waitForServer('remote', (s) => s.state === 'running', 'running');
    expect(as.registrations).toBe(1); // the registration is kept across sign-ins
    await expect(core.routeRequest('remote', 'admin')).rejects.toThrow();
    const s = await waitForServer('remote', (x) => x.state === 'needs-sign-in', 'needs-sign-in');
    expect(s.signInReason).toMatch(/scope "mcp admin"/);
    const url = new URL(await signIn('remote'));
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual(['admin', 'mcp']);
    await waitForServer('remote', (x) => x.state === 'running', 'running');
    const res = await core.routeRequest('remote', 'admin');
    expect((res.content as Array<{ text: string }>)[0]?.text).toBe('admin ok');
  });

  it('a refreshed token refused too: exactly one refresh, then "needs sign-in" (no refresh loop)', async () => {
    const refreshes = as.tokenGrants.filter((g) => g === 'refresh_token').length;
    as.refuseTokens = true;
    try {
      // Two calls refused together (CI once met a second request to the server at this moment): still one refresh.
      const calls = await Promise.allSettled([whoami(), whoami()]);
      expect(calls.map((c) => c.status)).toEqual(['rejected', 'rejected']);
      const s = await waitForServer('remote', (x) => x.state === 'needs-sign-in', 'needs-sign-in');
      expect(s.signInReason).toMatch(/expired or revoked/);
      expect(as.tokenGrants.filter((g) => g === 'refresh_token').length).toBe(refreshes + 1);
    } finally {
      // The tests after this one need a server that accepts tokens again, whatever happened here.
      as.refuseTokens = false;
    }
    await signIn('remote');
    await waitForServer('remote', (x) => x.state === 'running', 'running');
  });

  it('refuses a code from a redirect whose iss is not the authorization server (RFC 9207 mix-up)', async () => {
    const out = value(await api.signInServer('mixup'));
    if (out.status !== 'browser') throw new Error('expected a browser round');
    await playBrowser(out.url);
    const info = await pollFor(
      async () => value(await api.getAuthStatus()).find((x) => x.serverId === 'mixup' && x.lastError),
      'the sign-in failure',
      10_000,
    );
    expect(info?.lastError).toMatch(/issuer "https:\/\/attacker\.example" is not the authorization server's/);
    expect(mixup.tokenGrants).not.toContain('authorization_code');
    expect(JSON.parse((await vault.get(ACCOUNT('mixup'))) ?? '{}').tokens).toBeUndefined();
    const status = await waitForServer('mixup', (s) => /failed/.test(s.signInReason ?? ''), 'showing the failed sign-in');
    expect(status.state).toBe('needs-sign-in');
    expect(status.signInReason).toMatch(/^sign-in to "mixup" failed: .*issuer/);
  });

  it('no token appears in status, logs, the protocol log, the auth status or the config', async () => {
    const seen = JSON.stringify([
      value(await api.getStatus()),
      value(await api.getLogs('remote')),
      value(await api.getProtocolLog('remote')),
      value(await api.getAuthStatus()),
      await readFile(configPath, 'utf8'),
    ]);
    expect(as.issued.length).toBeGreaterThan(4);
    for (const token of as.issued) expect(seen).not.toContain(token);
  });

  it('logout revokes the tokens at the authorization server and deletes the keychain record', async () => {
    const record = JSON.parse((await vault.get(ACCOUNT('remote'))) ?? '{}');
    expect(value(await api.signOutServer('remote'))).toEqual({ revoked: true });
    expect(as.revocations).toEqual(['refresh_token', 'access_token']);
    expect(as.accepts(record.tokens.access_token)).toBe(false);
    expect(await vault.get(ACCOUNT('remote'))).toBeUndefined();
    await waitForServer('remote', (s) => s.state === 'needs-sign-in', 'needs-sign-in');
  });

  it('Sign in pressed twice: the first sign-in is replaced silently, the second completes', async () => {
    const first = value(await api.signInServer('remote'));
    const second = value(await api.signInServer('remote'));
    if (first.status !== 'browser' || second.status !== 'browser') throw new Error('expected browser rounds');
    // The first one's listener is closed: its redirect reaches no one, or the second's listener when that took the
    // same port back, which refuses a state that is not its own.
    const stale = await playBrowser(first.url).then(
      (r) => r.finalStatus,
      () => 'unreachable',
    );
    expect([400, 'unreachable']).toContain(stale);
    await playBrowser(second.url);
    await waitForServer('remote', (s) => s.state === 'running', 'running');
    const info = value(await api.getAuthStatus()).find((a) => a.serverId === 'remote');
    expect(info).toMatchObject({ signedIn: true, lastError: null, signInInProgress: false });
    expect(
      value(await api.getLogs('remote'))
        .map((l) => l.text)
        .join('\n'),
    ).not.toMatch(/replaced|failed:/);
  });
});
