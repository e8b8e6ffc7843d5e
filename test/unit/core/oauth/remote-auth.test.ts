// RemoteAuth in virtual time against the test authorization server: a sign-in nobody finishes ends after
// SIGN_IN_TIMEOUT_MS with its listener closed and the failure recorded; no token is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthVault } from '../../../../electron/core/oauth/oauth-vault.js';
import { RemoteAuth, SIGN_IN_TIMEOUT_MS } from '../../../../electron/core/oauth/remote-auth.js';
import { silentLogger } from '../../../../electron/core/env.js';
import { MemorySecretStore, UnavailableSecretStore } from '../../../../electron/core/secrets/secret-store.js';
import type { ServerConfig } from '../../../../shared/types.js';
import { OAuthTestServer } from '../../../helpers/oauth-test-server.js';
import { TestClock } from '../../../helpers/test-clock.js';

let as: OAuthTestServer;
beforeAll(async () => {
  as = await new OAuthTestServer().start();
});
afterAll(async () => {
  await as?.close();
});

const config = (): ServerConfig => ({
  id: 'remote',
  name: 'remote',
  description: '',
  transport: 'http',
  url: as.mcpUrl,
  args: [],
  env: {},
  headers: {},
  requiredEnv: [],
  enabled: true,
  autostart: true,
  disabledTools: [],
  oauth: {},
});

describe('RemoteAuth sign-in', () => {
  it('gives up after the sign-in timeout, in virtual time, closing the listener and recording why', async () => {
    const clock = new TestClock();
    const vault = new OAuthVault(new MemorySecretStore(), () => clock.now());
    const auth = new RemoteAuth({ vault, clock, logger: silentLogger });
    const start = await auth.signIn(config());
    if (start.status !== 'browser') throw new Error('expected a browser round');
    const redirect = new URL(start.url).searchParams.get('redirect_uri') ?? '';
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect((await auth.info(config())).signInInProgress).toBe(true);
    const outcome = start.done.then(
      () => 'done',
      (err: Error) => err.message,
    );
    await clock.advance(SIGN_IN_TIMEOUT_MS - 1);
    expect((await auth.info(config())).signInInProgress).toBe(true);
    await clock.advance(1);
    expect(await outcome).toMatch(/cancelled or timed out/);
    const info = await auth.info(config());
    expect(info).toMatchObject({ signInInProgress: false, signedIn: false });
    expect(info.lastError).toMatch(/timed out/);
    await expect(fetch(`${redirect}?code=x&state=y`)).rejects.toThrow();
    expect(as.tokenGrants).toEqual([]);
  });

  it('without a keychain a sign-in fails with the keychain explanation; tokens are never kept elsewhere', async () => {
    const clock = new TestClock();
    const auth = new RemoteAuth({ vault: new OAuthVault(new UnavailableSecretStore('test')), clock, logger: silentLogger });
    await expect(auth.signIn(config())).rejects.toMatchObject({ code: 'SECRET_STORE_UNAVAILABLE', message: /No OS keychain is available/ });
    expect((await auth.info(config())).signInInProgress).toBe(false);
    expect(as.tokenGrants).toEqual([]);
  });
});
