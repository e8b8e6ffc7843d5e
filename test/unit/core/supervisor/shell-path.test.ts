import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginShellPath, mergePath } from '../../../../electron/core/supervisor/shell-path.js';

const dir = mkdtempSync(join(tmpdir(), 'shell-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeShell(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('mergePath', () => {
  it('keeps order, drops duplicates and empties', () => {
    expect(mergePath('/a:/b:', '/b:/c::/a', ':')).toBe('/a:/b:/c');
    expect(mergePath(undefined, '/x', ':')).toBe('/x');
    expect(mergePath('/x', undefined, ':')).toBe('/x');
  });
});

describe.skipIf(process.platform === 'win32')('loginShellPath', () => {
  it('reads PATH from the shell, ignoring banner output before it', async () => {
    // A stand-in "shell" that prints a banner line, then what `printf %s "$PATH"` would.
    const shell = fakeShell('banner-sh', 'echo "welcome"; printf %s "/opt/tool/bin:/usr/bin"');
    await expect(loginShellPath(shell)).resolves.toBe('/opt/tool/bin:/usr/bin');
  });

  it('runs the real sh with -ilc', async () => {
    const value = await loginShellPath('/bin/sh');
    expect(value === undefined || value.includes('/')).toBe(true);
  });

  it('gives up on a hanging shell and caches the answer', async () => {
    const shell = fakeShell('hang-sh', 'sleep 30; echo never');
    const started = Date.now();
    const first = loginShellPath(shell);
    expect(loginShellPath(shell)).toBe(first);
    await expect(first).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(6000);
  }, 10_000);

  it('returns undefined without a shell or for a failing one', async () => {
    await expect(loginShellPath('')).resolves.toBeUndefined();
    await expect(loginShellPath(fakeShell('fail-sh', 'exit 1'))).resolves.toBeUndefined();
  });
});
