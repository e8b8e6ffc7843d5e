// Progress a stdio child sends right before its result (often read in one chunk with it) must
// reach the client, in order, before the result. The SDK Client handled the result first and
// dropped that progress (see gateway/reply-order.ts); before the fix ~all 200 calls lost some.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import { rawSession, type RawSession } from './pipeline-diff-helpers.js';
import { TEST_TOKEN, TestUpstreams, connectStdio, startGateway, type Connected, type RunningGateway } from './gateway-helpers.js';

let child: Connected;
let running: RunningGateway;
let session: RawSession;

beforeAll(async () => {
  child = await connectStdio('diff', ['--import', 'tsx', join(FIXTURE_DIR, 'diff-target.ts')]);
  const upstreams = new TestUpstreams();
  upstreams.add(child.upstream);
  running = await startGateway(upstreams);
  session = await rawSession(running.url, TEST_TOKEN);
}, 30_000);

afterAll(async () => {
  session?.close();
  await running?.gateway.stop();
  await child?.close();
});

it('delivers every progress notification before the result', async () => {
  for (let i = 0; i < 200; i++) {
    const token = `t${i}`;
    const r = await session.send({
      jsonrpc: '2.0',
      id: i,
      method: 'tools/call',
      params: { name: 'diff__progress', _meta: { progressToken: token } },
    });
    const progress = (n: number) => ({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: token, progress: n, total: 3 },
    });
    expect(r.messages, `call ${i}`).toEqual([
      progress(1),
      progress(2),
      progress(3),
      { jsonrpc: '2.0', id: i, result: { content: [{ type: 'text', text: 'done' }] } },
    ]);
  }
}, 120_000);
