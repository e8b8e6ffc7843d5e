import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../../electron/core/secrets/redact.js';
import { SecretResolver } from '../../../../electron/core/secrets/resolver.js';
import { MemorySecretStore, UnavailableSecretStore, type SecretStore } from '../../../../electron/core/secrets/secret-store.js';
import { GATEWAY_TOKEN_ACCOUNT, loadOrCreateToken, rotateToken } from '../../../../electron/core/secrets/token.js';

describe('SecretResolver', () => {
  it('prefers the keychain, then env, and registers values with the redactor', async () => {
    const store = new MemorySecretStore({ OPENAI_API_KEY: 'from-keychain-1' });
    const redactor = new Redactor();
    const env = { OPENAI_API_KEY: 'from-env-1', GROQ_API_KEY: 'from-env-2', EMPTY: '' };
    const r = new SecretResolver(store, env, redactor);
    expect(await r.resolve(['OPENAI_API_KEY', 'GROQ_API_KEY', 'MISSING', 'EMPTY'])).toEqual({
      OPENAI_API_KEY: 'from-keychain-1',
      GROQ_API_KEY: 'from-env-2',
      MISSING: undefined,
      EMPTY: undefined,
    });
    expect(redactor.redact('a from-keychain-1 b from-env-2')).toBe('a [redacted] b [redacted]');
    expect(await r.sources(['OPENAI_API_KEY', 'GROQ_API_KEY', 'MISSING'])).toEqual([
      { name: 'OPENAI_API_KEY', source: 'keychain' },
      { name: 'GROQ_API_KEY', source: 'env' },
      { name: 'MISSING', source: 'missing' },
    ]);
  });

  it('still resolves from env when the keychain read fails or the name is not keychain-shaped', async () => {
    const failing: SecretStore = {
      kind: 'keychain',
      get: () => Promise.reject(new Error('dbus gone')),
      set: async () => undefined,
      delete: async () => false,
      list: async () => [],
    };
    const warned: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => void warned.push(m) };
    const r = new SecretResolver(failing, { TOKEN_X: 'env-value', lower_case: 'lc-value' }, new Redactor(), logger);
    expect(await r.resolve(['TOKEN_X', 'lower_case'])).toEqual({ TOKEN_X: 'env-value', lower_case: 'lc-value' });
    expect(warned).toHaveLength(1);
  });
});

describe('gateway token', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-orch-token-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses a 0600 file when no keychain is available, stable across loads', async () => {
    const opts = { store: new UnavailableSecretStore(), dataDir: join(dir, 'data') };
    const first = await loadOrCreateToken(opts);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.location).toBe(join(dir, 'data', 'gateway-token'));
    expect((await readFile(first.location, 'utf8')).trim()).toBe(first.token);
    expect((await stat(first.location)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateToken(opts)).toEqual(first);

    const rotated = await rotateToken(opts);
    expect(rotated.token).not.toBe(first.token);
    expect((await loadOrCreateToken(opts)).token).toBe(rotated.token);
    expect((await stat(first.location)).mode & 0o777).toBe(0o600);
    // Written through the atomic writer: no temp left, and no .bak of a rotated-out credential.
    expect(await readdir(join(dir, 'data'))).toEqual(['gateway-token']);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'data'))).mode & 0o077).toBe(0);
  });

  it('tightens a loosened token file and replaces garbage', async () => {
    const opts = { store: new UnavailableSecretStore(), dataDir: dir };
    const file = join(dir, 'gateway-token');
    await writeFile(file, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n');
    await chmod(file, 0o644);
    expect((await loadOrCreateToken(opts)).token).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFile(file, 'short');
    const fresh = await loadOrCreateToken(opts);
    expect(fresh.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps the token in the store when there is one', async () => {
    const store = new MemorySecretStore();
    const t = await loadOrCreateToken({ store, dataDir: dir });
    expect(await store.get(GATEWAY_TOKEN_ACCOUNT)).toBe(t.token);
    expect(t.location).toMatch(/GATEWAY_TOKEN/);
    expect(await store.list()).toEqual([]);
    const r = await rotateToken({ store, dataDir: dir });
    expect(await store.get(GATEWAY_TOKEN_ACCOUNT)).toBe(r.token);
    expect(r.token).not.toBe(t.token);
  });
});
