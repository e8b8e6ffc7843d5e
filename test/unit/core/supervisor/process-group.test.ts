// endGroup on the injected clock: after the leader exited, what is left of its group gets SIGTERM,
// and SIGKILL only once the grace has passed in virtual time. Real processes; the test waits for
// their output and for the pipe to close, never for a fixed time.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endGroup } from '../../../../electron/core/supervisor/process-group.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { waitFor } from '../../../helpers/wait.js';

// A member that outlives the leader, says when it got SIGTERM, and ignores it.
const MEMBER = `process.on('SIGTERM', () => console.log('term')); console.log('ready'); setInterval(() => {}, 1e9);`;

describe.skipIf(process.platform === 'win32')('endGroup', () => {
  it('SIGTERMs the rest of the group at once and SIGKILLs it when the grace has passed on the clock', async () => {
    const leader = spawn('/bin/sh', ['-c', `"${process.execPath}" -e "${MEMBER.replace(/"/g, '\\"')}" & exit 0`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const lines: string[] = [];
    let pipeClosed = false;
    leader.stdout.setEncoding('utf8');
    leader.stdout.on('data', (c: string) => lines.push(...c.split('\n').filter(Boolean)));
    // The member holds the pipe: it closes only when the member is gone.
    leader.stdout.on('end', () => (pipeClosed = true));
    await new Promise((r) => leader.once('exit', r));
    await waitFor(() => lines.includes('ready'), 10_000, 'the member to start');

    const clock = new TestClock(0);
    let ended = false;
    const done = endGroup(leader.pid!, { graceMs: 2000, termSentAt: null, now: () => clock.now(), sleep: (ms) => clock.sleep(ms) }).then(
      () => (ended = true),
    );
    await waitFor(() => lines.includes('term'), 10_000, 'the member to get SIGTERM');
    await clock.advance(1999);
    expect(pipeClosed).toBe(false);
    expect(ended).toBe(false);
    await clock.advance(1);
    await waitFor(() => pipeClosed, 10_000, 'the member to be SIGKILLed');
    // Whether or not the member was reaped yet, endGroup stops looking 1 s after the SIGKILL.
    await clock.advance(1000);
    await done;
    expect(ended).toBe(true);
  });
});
