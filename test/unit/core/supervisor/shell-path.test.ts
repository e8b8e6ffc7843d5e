import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/core/env.js';
import { loginShellPath, mergePath } from '../../../../electron/core/supervisor/shell-path.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { isAlive, waitFor } from '../../../helpers/wait.js';

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
    await expect(loginShellPath(systemClock, shell)).resolves.toBe('/opt/tool/bin:/usr/bin');
  });

  it('runs the real sh with -ilc', async () => {
    const value = await loginShellPath(systemClock, '/bin/sh');
    expect(value === undefined || value.includes('/')).toBe(true);
  });

  it('gives up on a hanging shell after 3 s of virtual time, kills it, and caches the answer', async () => {
    const pidFile = join(dir, 'hang-sh.pid');
    const shell = fakeShell('hang-sh', `echo $$ > ${pidFile}; exec sleep 30`);
    const clock = new TestClock();
    let answer: string | undefined | 'pending' = 'pending';
    const first = loginShellPath(clock, shell);
    void first.then((v) => (answer = v));
    expect(loginShellPath(clock, shell)).toBe(first);
    expect(clock.pending()).toEqual([3000]);
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 5_000, 'the shell to start');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await clock.advance(2999);
    expect(answer).toBe('pending');
    await clock.advance(1);
    await expect(first).resolves.toBeUndefined();
    // The hanging shell's group was killed, not left behind.
    await waitFor(() => !isAlive(pid), 5_000, 'the shell to be gone');
  });

  it('returns undefined without a shell or for a failing one', async () => {
    await expect(loginShellPath(systemClock, '')).resolves.toBeUndefined();
    await expect(loginShellPath(systemClock, fakeShell('fail-sh', 'exit 1'))).resolves.toBeUndefined();
  });
});
