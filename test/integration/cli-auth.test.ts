// `mcp-orchestrator auth login | status | logout` against a real `serve` (compiled dist/), a test OAuth
// authorization server and the MCP server it protects, tokens in the REAL keychain (run under
// /tmp/notes/in-test-env.sh, as the suite does). The test plays the browser with the URL the CLI prints.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, loadKeychain } from '../../electron/core/secrets/secret-store.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { OAuthTestServer, playBrowser } from '../helpers/oauth-test-server.js';
import { BIN, control, runCli, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const REQUIRE = process.env.MCP_ORCH_REQUIRE_KEYRING === '1';
const ACCOUNT = 'OAUTH_' + Buffer.from('remote', 'utf8').toString('hex').toUpperCase();
const unavailable = await loadKeychain('@napi-rs/keyring').then(
  async ({ api }) => (await api.findCredentials('mcp-orchestrator-probe'), null),
  (err: unknown) => String(err),
);

let as: OAuthTestServer;
let serve: ServeHandle;
let vault: KeytarSecretStore;

const state = async () => (await control<OrchestratorStatus>(serve, 'getStatus')).value?.servers.find((s) => s.id === 'remote');

describe.skipIf(unavailable !== null && !REQUIRE)('auth commands', () => {
  beforeAll(async () => {
    as = await new OAuthTestServer().start();
    serve = await startServe({ servers: { remote: { url: as.mcpUrl, oauth: true } } }, { ui: false });
    vault = await KeytarSecretStore.open(`${serve.env.MCP_ORCHESTRATOR_KEYCHAIN_SERVICE}-oauth`);
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await vault?.delete(ACCOUNT).catch(() => false);
    await as?.close();
  });

  it('status shows a remote server that needs a sign-in', async () => {
    await waitFor(async () => (await state())?.state === 'needs-sign-in', 'needs-sign-in');
    const out = await runCli(['auth', 'status'], serve.env);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('remote  not signed in');
  });

  it('login prints the URL, waits for the browser, and leaves the server running with its tokens in the keychain', async () => {
    const child = spawn(process.execPath, [BIN, 'auth', 'login', 'remote'], {
      env: { ...serve.env, MCP_ORCHESTRATOR_NO_BROWSER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /Open this URL to sign in:\s+(\S+)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`auth login exited (${code}) before printing a URL:\n${stdout}\n${stderr}`)));
    });
    expect(new URL(url).origin).toBe(as.issuer);
    await playBrowser(url);
    expect(await exited).toBe(0);
    expect(stdout).toContain('remote: signed in (scope mcp); running');
    const record = JSON.parse((await vault.get(ACCOUNT)) ?? '{}');
    expect(as.issued).toContain(record.tokens.access_token);
    const status = await runCli(['auth', 'status', '--json'], serve.env);
    expect(JSON.parse(status.stdout)).toEqual([expect.objectContaining({ serverId: 'remote', signedIn: true, scope: 'mcp' })]);
  });

  it('logout revokes and deletes the tokens; the server goes back to needing a sign-in; no token was ever printed', async () => {
    const out = await runCli(['auth', 'logout', 'remote'], serve.env);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('remote: signed out; tokens deleted from the keychain and revoked');
    expect(await vault.get(ACCOUNT)).toBeUndefined();
    await waitFor(async () => (await state())?.state === 'needs-sign-in', 'needs-sign-in after logout');
    const printed = serve.stdout() + serve.stderr() + JSON.stringify((await control(serve, 'getLogs', 'remote')).value);
    for (const token of as.issued) expect(printed).not.toContain(token);
  });
});
