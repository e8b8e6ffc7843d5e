// Idle sessions are reaped on the core's clock: a real gateway on 127.0.0.1 and a real SDK client,
// with the reaper's interval and the idle time passing in virtual time.
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway } from '../../../../electron/core/gateway/gateway.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type Connected } from '../../../helpers/fake-upstreams.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { testEnv, testSettings } from '../../../helpers/test-settings.js';
import { waitFor } from '../../../helpers/wait.js';

const TOKEN = 'reaper-test-token';
let gateway: Gateway | undefined;
const closers: (Client | Connected)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c.close().catch(() => undefined);
  await gateway?.stop();
  gateway = undefined;
});

async function start(clock: TestClock) {
  const source = new TestUpstreams();
  const conn = await connectInProcess('svc', (s) =>
    s.registerTool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] })),
  );
  closers.push(conn);
  source.add(conn.upstream);
  const settings = testSettings({ sessionIdleMs: 60_000 });
  gateway = new Gateway({
    env: { ...testEnv(), clock },
    upstreams: source,
    recorder: new RecordingRecorder(),
    settings: () => settings,
    getToken: () => TOKEN,
  });
  const { url } = await gateway.start();
  const client = new Client({ name: 'test-ide', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  closers.push(client);
  return { gw: gateway, client };
}

describe('session reaper in virtual time', () => {
  it('checks every 30 s and closes a session idle for sessionIdleMs (60 s), not before', async () => {
    const clock = new TestClock();
    const { gw, client } = await start(clock);
    await client.listTools();
    expect(gw.sessionCount()).toBe(1);
    await clock.advance(59_999);
    expect(gw.sessionCount()).toBe(1);
    await clock.advance(1);
    await waitFor(() => gw.sessionCount() === 0, 5_000, 'the idle session to be reaped');
  });

  it('activity restarts the idle time', async () => {
    const clock = new TestClock();
    const { gw, client } = await start(clock);
    await clock.advance(45_000);
    await client.listTools(); // active at 45 s: idle only from here
    await clock.advance(45_000); // the 60 s and 90 s checks see 15 s and 45 s of idleness
    expect(gw.sessionCount()).toBe(1);
    await clock.advance(30_000); // the 120 s check sees 75 s
    await waitFor(() => gw.sessionCount() === 0, 5_000, 'the idle session to be reaped');
  });
});
