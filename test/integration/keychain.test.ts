// The REAL OS keychain (Secret Service on Linux) through every keychain module that loads here:
// @napi-rs/keyring always (it is what a plain `npm install` gives: prebuilt, no install script), and
// keytar too when its native build is present. Runs when a keyring answers; with
// MCP_ORCH_REQUIRE_KEYRING=1 a missing keyring, or a missing @napi-rs/keyring, is a failure.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/env.js';
import { Redactor } from '../../electron/core/secrets/redact.js';
import { SecretResolver } from '../../electron/core/secrets/resolver.js';
import { KeytarSecretStore, createSecretStore, loadKeychain, type KeychainBackend } from '../../electron/core/secrets/secret-store.js';
import { GATEWAY_TOKEN_ACCOUNT, loadOrCreateToken, rotateToken } from '../../electron/core/secrets/token.js';

const SERVICE = `mcp-orchestrator-test-${process.pid}-${Date.now()}`;
const REQUIRE = process.env.MCP_ORCH_REQUIRE_KEYRING === '1';

async function probe(backend: KeychainBackend): Promise<string | null> {
  try {
    const { api } = await loadKeychain(backend);
    await Promise.race([
      api.findCredentials(SERVICE),
      new Promise((_, reject) => setTimeout(() => reject(new Error('keyring did not answer in 3 s')), 3000).unref()),
    ]);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const unavailable = await probe('@napi-rs/keyring');
if (unavailable) {
  console.warn(
    `[keychain.test] no reachable keyring via @napi-rs/keyring (${unavailable}); ${REQUIRE ? 'FAILING because MCP_ORCH_REQUIRE_KEYRING=1' : 'skipping'}`,
  );
}
const keytarProblem = await probe('keytar');
if (keytarProblem) console.warn(`[keychain.test] keytar not usable here (${keytarProblem}); testing @napi-rs/keyring only`);
const BACKENDS: KeychainBackend[] = ['@napi-rs/keyring', ...(keytarProblem ? [] : (['keytar'] as const))];

describe('keyring requirement', () => {
  it.runIf(REQUIRE)('a keyring is reachable through @napi-rs/keyring when MCP_ORCH_REQUIRE_KEYRING=1', () => {
    expect(unavailable, `keyring unreachable: ${unavailable}`).toBeNull();
  });

  it.skipIf(unavailable !== null)('createSecretStore picks keytar when it loads, else @napi-rs/keyring', async () => {
    const created = await createSecretStore({ service: SERVICE, logger: silentLogger });
    expect(created.kind).toBe('keychain');
    expect((created as KeytarSecretStore).backend).toBe(keytarProblem ? '@napi-rs/keyring' : 'keytar');
  });
});

describe.skipIf(unavailable !== null).each(BACKENDS)('the real keyring through %s', (backend) => {
  let real: KeytarSecretStore;
  let dir: string | undefined;

  afterAll(async () => {
    // Remove everything this run created, whatever failed.
    const { api } = await loadKeychain(backend);
    for (const c of await api.findCredentials(SERVICE)) await api.deletePassword(SERVICE, c.account);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('createSecretStore opens the keychain with this backend', async () => {
    const created = await createSecretStore({ service: SERVICE, logger: silentLogger, backend });
    expect(created.kind).toBe('keychain');
    real = created as KeytarSecretStore;
    expect(real.service).toBe(SERVICE);
    expect(real.backend).toBe(backend);
  });

  it('sets, gets, lists and deletes', async () => {
    await real.set('ALPHA_KEY', 'alpha-value-1');
    await real.set('BETA_KEY', 'beta-value-22');
    await real.set('ALPHA_KEY', 'alpha-value-2'); // overwrite, not duplicate
    expect(await real.get('ALPHA_KEY')).toBe('alpha-value-2');
    expect(await real.list()).toEqual(['ALPHA_KEY', 'BETA_KEY']);
    expect(await real.delete('BETA_KEY')).toBe(true);
    expect(await real.delete('BETA_KEY')).toBe(false);
    expect(await real.get('BETA_KEY')).toBeUndefined();
    expect(await real.list()).toEqual(['ALPHA_KEY']);
    // A second store object sees the same keyring contents.
    expect(await (await KeytarSecretStore.open(SERVICE, backend)).get('ALPHA_KEY')).toBe('alpha-value-2');
  });

  it('resolver prefers the keychain over env', async () => {
    const redactor = new Redactor();
    const r = new SecretResolver(real, { ALPHA_KEY: 'env-alpha', ONLY_ENV: 'env-only-value' }, redactor);
    expect(await r.resolve(['ALPHA_KEY', 'ONLY_ENV', 'NOPE'])).toEqual({
      ALPHA_KEY: 'alpha-value-2',
      ONLY_ENV: 'env-only-value',
      NOPE: undefined,
    });
    expect((await r.sources(['ALPHA_KEY', 'ONLY_ENV', 'NOPE'])).map((s) => s.source)).toEqual(['keychain', 'env', 'missing']);
    expect(redactor.redact('alpha-value-2')).toBe('[redacted]');
  });

  it('creates, keeps and rotates the gateway token in the keychain, not in a file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-orch-kc-'));
    const first = await loadOrCreateToken({ store: real, dataDir: dir });
    expect(first.location).toBe(`OS keychain (service ${SERVICE}, account ${GATEWAY_TOKEN_ACCOUNT})`);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await real.get(GATEWAY_TOKEN_ACCOUNT)).toBe(first.token);
    expect((await loadOrCreateToken({ store: real, dataDir: dir })).token).toBe(first.token);
    const rotated = await rotateToken({ store: real, dataDir: dir });
    expect(rotated.token).not.toBe(first.token);
    expect(await real.get(GATEWAY_TOKEN_ACCOUNT)).toBe(rotated.token);
    await expect(stat(join(dir, 'gateway-token'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await real.list()).not.toContain(GATEWAY_TOKEN_ACCOUNT);
  });
});
