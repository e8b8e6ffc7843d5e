// retry_attempts against a real supervised child that crashes: a tools/call made while the child is
// restarting waits for it and runs once it is back; with retry_attempts 0 it fails at once.
import { afterEach, describe, expect, it } from 'vitest';
import { Aggregator } from '../../electron/core/gateway/aggregator.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createTestSupervisor, fixtureConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { RecordingRecorder } from '../helpers/fake-upstreams.js';

let sup: Supervisor | undefined;
afterEach(async () => {
  await sup?.stopAll();
  sup = undefined;
});

async function crashedChild(attempts: number) {
  // A long first backoff keeps the child "restarting" while the call is made.
  sup = createTestSupervisor({ settingsOver: { backoffInitialMs: 1_500, retryAttempts: attempts } });
  const s = sup;
  await s.setServers([fixtureConfig('crashy')]);
  await waitForStatus(s, 'crashy', (st) => st.state === 'running');
  const agg = new Aggregator(s, {
    recorder: new RecordingRecorder(),
    retry: { attempts: () => attempts, awaitChild: (id, signal, stale) => s.whenConnected(id, 20_000, signal, stale) },
  });
  await agg.listTools();
  await s.get('crashy')!.client.callTool({ name: 'crash', arguments: { reply: true } });
  await waitForStatus(s, 'crashy', (st) => st.state === 'backoff');
  return { agg, s };
}

describe('retry_attempts with a restarting child', () => {
  it('waits for the restart and sends the call once the child is back', async () => {
    const { agg, s } = await crashedChild(1);
    const result = await agg.callTool('crashy__stderr', { lines: 1, text: 'after restart' });
    expect(JSON.stringify(result.content)).toContain('wrote 1');
    expect(s.status('crashy').restarts).toBe(1);
  }, 30_000);

  it('with retry_attempts 0 fails at once instead of waiting', async () => {
    const { agg, s } = await crashedChild(0);
    await expect(agg.callTool('crashy__stderr', { lines: 1, text: 'x' })).rejects.toThrow(/Unknown tool|not running/);
    expect(s.status('crashy').state).toBe('backoff');
  }, 30_000);
});
