// The client token store on its own: hashes only, one name once, a change by another process (the CLI) seen by a
// running store within a second of its clock, revocation, and a broken file that grants nothing.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientTokenStore, clientTokensPath, hashToken } from '../../../../electron/core/secrets/client-tokens.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ClientTokenStore', () => {
  it('stores a hash, verifies the token with its binding, and refuses a second client of the same name', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ctok-'));
    const c = clock();
    const store = ClientTokenStore.forDataDir(dir, c);
    const { token, info } = await store.add('cursor', 'notes');
    expect(token).toMatch(/^mcpo_/);
    expect(info).toEqual({ name: 'cursor', profile: 'notes', createdAt: 1_000_000, lastUsedAt: null });
    const text = await readFile(clientTokensPath(dir), 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain(hashToken(token));
    expect(await store.verify(token)).toEqual({ name: 'cursor', profile: 'notes' });
    expect(await store.verify(token + 'x')).toBeUndefined();
    expect(await store.verify('not-a-client-token')).toBeUndefined();
    await expect(store.add('cursor', null)).rejects.toThrow(/already exists/);
    await expect(store.add('bad name!', null)).rejects.toThrow(/must be 1-64/);
  });

  it('a running store sees a revocation made by another process once its clock has moved a second', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ctok-'));
    const c = clock();
    const gateway = ClientTokenStore.forDataDir(dir, c);
    const cli = ClientTokenStore.forDataDir(dir, c);
    const { token } = await cli.add('vscode', null);
    expect(await gateway.verify(token)).toEqual({ name: 'vscode', profile: null });
    expect(await cli.revoke('vscode')).toBe(true);
    expect(await cli.revoke('vscode')).toBe(false);
    c.advance(1000);
    expect(await gateway.verify(token)).toBeUndefined();
  });

  it('a broken file grants nothing, and a missing one is an empty list', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ctok-'));
    const store = ClientTokenStore.forDataDir(dir, clock());
    expect(await store.list()).toEqual([]);
    await writeFile(clientTokensPath(dir), '{ not json');
    expect(await store.verify('mcpo_' + 'a'.repeat(43))).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });
});
