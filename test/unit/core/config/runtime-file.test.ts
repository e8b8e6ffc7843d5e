// The runtime record the CLI finds a running orchestrator by: written owner-only, removed only by its owner.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuntimeFile, removeRuntimeFile, runtimeFilePath, writeRuntimeFile } from '../../../../electron/core/config/runtime-file.js';

const info = { pid: 4242, url: 'http://127.0.0.1:8000/mcp', configPath: '/x/config.json', nonce: 'ab'.repeat(32) };

describe('runtime file', () => {
  it('round-trips, owner-only, and a malformed file reads as none', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rt-'));
    expect(await readRuntimeFile(dir)).toBeNull();
    await writeRuntimeFile(dir, info);
    expect(await readRuntimeFile(dir)).toEqual(info);
    if (process.platform !== 'win32') expect((await stat(runtimeFilePath(dir))).mode & 0o777).toBe(0o600);
    await writeFile(runtimeFilePath(dir), '{"pid":"x"}');
    expect(await readRuntimeFile(dir)).toBeNull();
    // A record without the identity nonce cannot be checked against, so it counts as none.
    const { nonce: _unused, ...withoutNonce } = info;
    await writeFile(runtimeFilePath(dir), JSON.stringify(withoutNonce));
    expect(await readRuntimeFile(dir)).toBeNull();
  });

  it('is removed only by the orchestrator that wrote it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rt-'));
    await writeRuntimeFile(dir, info);
    await removeRuntimeFile(dir, 1111);
    expect(JSON.parse(await readFile(runtimeFilePath(dir), 'utf8')).pid).toBe(4242);
    await removeRuntimeFile(dir, 4242);
    expect(await readRuntimeFile(dir)).toBeNull();
  });
});
