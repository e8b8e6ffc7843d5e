import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../shared/errors.js';
import type { Logger } from '../../../../electron/core/env.js';
import {
  KeytarSecretStore,
  MemorySecretStore,
  UnavailableSecretStore,
  assertSecretName,
  createSecretStore,
  type KeytarLike,
} from '../../../../electron/core/secrets/secret-store.js';

function recordingLogger() {
  const warnings: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (msg, fields) => void warnings.push({ msg, fields }) };
  return { logger, warnings };
}

/** An in-process keytar stand-in, for the probe logic only; the real keyring is in test/integration/keychain.test.ts. */
function keytarLike(overrides: Partial<KeytarLike> = {}): KeytarLike {
  const m = new Map<string, string>();
  return {
    getPassword: async (s, a) => m.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void m.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => m.delete(`${s}/${a}`),
    findCredentials: async (s) =>
      [...m].filter(([k]) => k.startsWith(`${s}/`)).map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
    ...overrides,
  };
}

describe('secret names', () => {
  it.each(['OPENAI_API_KEY', 'A', 'X1_2'])('accepts %s', (n) => expect(() => assertSecretName(n)).not.toThrow());
  it.each(['openai_key', '1ABC', '_X', 'A-B', '', 'A'.repeat(129), 'A B'])('rejects %j', (n) => {
    try {
      assertSecretName(n);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(ErrorCode.SECRET_NAME_INVALID);
    }
  });
});

describe('MemorySecretStore', () => {
  it('sets, gets, lists sorted without reserved names, deletes', async () => {
    const s = new MemorySecretStore();
    await s.set('B_KEY', 'bbbbbb');
    await s.set('A_KEY', 'aaaaaa');
    await s.set('GATEWAY_TOKEN', 'tttttttttttttttttttt');
    expect(await s.get('A_KEY')).toBe('aaaaaa');
    expect(await s.list()).toEqual(['A_KEY', 'B_KEY']);
    expect(await s.delete('A_KEY')).toBe(true);
    expect(await s.delete('A_KEY')).toBe(false);
    expect(await s.get('A_KEY')).toBeUndefined();
    await expect(s.set('bad-name', 'x')).rejects.toMatchObject({ code: ErrorCode.SECRET_NAME_INVALID });
    await expect(s.set('EMPTY', '')).rejects.toMatchObject({ code: ErrorCode.BAD_REQUEST });
  });
});

describe('UnavailableSecretStore', () => {
  it('reads nothing and refuses writes with keyring guidance', async () => {
    const s = new UnavailableSecretStore('no dbus');
    expect(await s.get('OPENAI_API_KEY')).toBeUndefined();
    expect(await s.list()).toEqual([]);
    const err = await s.set('OPENAI_API_KEY', 'v').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.SECRET_STORE_UNAVAILABLE });
    expect((err as Error).message).toMatch(/gnome-keyring/);
    expect((err as Error).message).toMatch(/Environment variables still work/);
    await expect(s.delete('OPENAI_API_KEY')).rejects.toMatchObject({ code: ErrorCode.SECRET_STORE_UNAVAILABLE });
  });
});

describe('createSecretStore', () => {
  it('returns the keychain store when the probe answers', async () => {
    const { logger, warnings } = recordingLogger();
    const store = await createSecretStore({ service: 'svc', logger, loadKeytar: async () => keytarLike() });
    expect(store.kind).toBe('keychain');
    expect(store).toBeInstanceOf(KeytarSecretStore);
    expect(warnings).toHaveLength(0);
  });

  it('falls back with one warning when keytar cannot load', async () => {
    const { logger, warnings } = recordingLogger();
    const store = await createSecretStore({ logger, loadKeytar: async () => Promise.reject(new Error('Cannot find module keytar')) });
    expect(store.kind).toBe('unavailable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].fields).toEqual({ reason: 'Cannot find module keytar' });
  });

  it('falls back when the keychain probe hangs', async () => {
    const { logger, warnings } = recordingLogger();
    const hanging = keytarLike({ findCredentials: () => new Promise(() => {}) });
    const store = await createSecretStore({ logger, probeTimeoutMs: 50, loadKeytar: async () => hanging });
    expect(store.kind).toBe('unavailable');
    expect(String(warnings[0].fields?.reason)).toMatch(/did not answer within 50 ms/);
  });

  it('wraps keychain failures in SECRET_STORE_UNAVAILABLE', async () => {
    const broken = new KeytarSecretStore(keytarLike({ setPassword: () => Promise.reject('Cannot autolaunch D-Bus') }), 'svc');
    await expect(broken.set('A_KEY', 'value1')).rejects.toMatchObject({
      code: ErrorCode.SECRET_STORE_UNAVAILABLE,
      message: 'OS keychain write failed: Cannot autolaunch D-Bus',
    });
  });
});
