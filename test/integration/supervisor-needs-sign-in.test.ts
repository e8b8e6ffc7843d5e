// A remote server that wants an OAuth sign-in (401 with a Bearer challenge) waits in "needs-sign-in": no
// restart is scheduled, and in virtual time nothing is retried. A 401 without a Bearer challenge is still a
// failed start with backoff, as before. Real HTTP on 127.0.0.1, the supervisor on a TestClock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/env.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { REPO_ROOT, createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { TestClock } from '../helpers/test-clock.js';

let http: Server | undefined;
let sup: Supervisor | undefined;

afterEach(async () => {
  await sup?.stopAll();
  sup = undefined;
  http?.closeAllConnections();
  await new Promise((r) => http?.close(r));
});

/** A server that answers every request 401 with the given WWW-Authenticate (none when undefined); counts the POSTs. */
async function refusing(challenge: string | undefined) {
  const seen = { posts: 0 };
  http = createServer((req, res) => {
    if (req.method === 'POST') seen.posts++;
    req.resume();
    res.writeHead(401, challenge ? { 'www-authenticate': challenge } : {}).end();
  });
  await new Promise<void>((r) => http?.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return { url, seen };
}

function supervisor(clock: TestClock) {
  return createTestSupervisor({ env: { logger: silentLogger, clock, dataDir: REPO_ROOT, processEnv: process.env } });
}

describe('a remote server that asks for a sign-in', () => {
  it('waits in needs-sign-in with the reason, and is not retried however long it waits', async () => {
    const { url, seen } = await refusing('Bearer resource_metadata="http://127.0.0.1:1/.well-known/oauth-protected-resource", scope="mcp"');
    const clock = new TestClock();
    sup = supervisor(clock);
    await sup.setServers([stdioConfig('hosted', '', [], { transport: 'http', command: undefined, url })]);
    const s = await waitForStatus(sup, 'hosted', (x) => x.state === 'needs-sign-in');
    expect(s.signInReason).toBe('the server requires an OAuth sign-in');
    expect(s.nextRestartAt).toBeNull();
    const posts = seen.posts;
    await clock.advance(60 * 60_000);
    expect(sup.status('hosted')).toMatchObject({ state: 'needs-sign-in', restarts: 0, nextRestartAt: null });
    expect(seen.posts).toBe(posts);
    expect(sup.logs('hosted').map((l) => l.text)).toContainEqual(expect.stringMatching(/auth login hosted/));
  });

  it('a 401 without a Bearer challenge stays a failed start with backoff', async () => {
    const { url } = await refusing(undefined);
    const clock = new TestClock();
    sup = supervisor(clock);
    await sup.setServers([stdioConfig('plain', '', [], { transport: 'http', command: undefined, url })]);
    const s = await waitForStatus(sup, 'plain', (x) => x.state === 'backoff');
    expect(s.nextRestartAt).not.toBeNull();
    expect(s.signInReason).toBeUndefined();
  });
});
