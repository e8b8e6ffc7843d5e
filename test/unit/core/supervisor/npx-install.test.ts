// The install step alone, with a stand-in npx (a real child process) and virtual time: the 10-minute
// bound and the grace before SIGKILL pass on the injected clock, so no test waits for them.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installNpxPackage, NpxInstallError } from '../../../../electron/core/supervisor/npx-install.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { isAlive, waitFor } from '../../../helpers/wait.js';

// npx-install.ts's bound on a first download (10 minutes), which the test lets pass in virtual time.
const NPX_INSTALL_TIMEOUT_MS = 10 * 60_000;

const dir = mkdtempSync(join(tmpdir(), 'npx-install-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeNpx(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function install(command: string, clock: TestClock, lines: string[], signal = new AbortController().signal) {
  return installNpxPackage({
    command,
    pkg: 'some-server@1.2.3',
    env: { PATH: process.env.PATH ?? '' },
    signal,
    onLine: (l) => lines.push(l),
    graceMs: 2000,
    timers: clock,
  });
}

describe.skipIf(process.platform === 'win32')('installNpxPackage', () => {
  it('runs npx --yes --package <pkg> --call "exit 0" and resolves on exit 0', async () => {
    const clock = new TestClock();
    const lines: string[] = [];
    await install(fakeNpx('ok-npx', 'echo "args: $*"'), clock, lines);
    expect(lines).toEqual(['args: --yes --package some-server@1.2.3 --call exit 0']);
    expect(clock.pending()).toEqual([]);
  });

  it('after the install bound, SIGTERM; a child that ignores it is SIGKILLed once the grace has passed', async () => {
    const clock = new TestClock();
    const lines: string[] = [];
    // Ignores SIGTERM, and so does the sleep it becomes.
    const npx = fakeNpx('hang-npx', `trap '' TERM; echo "pid $$"; exec sleep 300`);
    let settled: unknown = 'pending';
    const done = install(npx, clock, lines).then(
      () => (settled = 'resolved'),
      (err: unknown) => (settled = err),
    );
    await waitFor(() => lines.length > 0, 5_000, 'the stand-in npx to start');
    const pid = Number(lines[0].split(' ')[1]);
    expect(clock.pending()).toEqual([NPX_INSTALL_TIMEOUT_MS]);
    await clock.advance(NPX_INSTALL_TIMEOUT_MS - 1);
    expect(settled).toBe('pending');
    await clock.advance(1);
    // SIGTERM sent and ignored: still there, the SIGKILL waits for the grace.
    expect(clock.pending()).toEqual([2000]);
    expect(isAlive(pid)).toBe(true);
    expect(settled).toBe('pending');
    await clock.advance(2000);
    await done;
    expect(settled).toBeInstanceOf(NpxInstallError);
    expect((settled as Error).message).toBe(`npx did not install some-server@1.2.3 within ${NPX_INSTALL_TIMEOUT_MS} ms`);
    expect(isAlive(pid)).toBe(false);
  });

  it('an abort ends the install at once and rejects with "install cancelled"', async () => {
    const clock = new TestClock();
    const lines: string[] = [];
    const ac = new AbortController();
    const done = install(fakeNpx('slow-npx', 'echo started; exec sleep 300'), clock, lines, ac.signal);
    await waitFor(() => lines.length > 0, 5_000, 'the stand-in npx to start');
    ac.abort();
    await expect(done).rejects.toThrow('install cancelled');
  });
});
