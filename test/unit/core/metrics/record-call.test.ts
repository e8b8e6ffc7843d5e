import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallMetrics } from '../../../../electron/core/metrics/latency.js';
import { recordCall } from '../../../../electron/core/metrics/record-call.js';
import { RecordingUpstreams } from '../../../../electron/core/metrics/recording-upstreams.js';
import { FakeClock, RecordingRecorder, TestUpstreams } from '../../../helpers/fake-upstreams.js';
import { startFakeVendor, type FakeVendor } from '../../../helpers/fake-vendors.js';

describe('recordCall', () => {
  it('records latency and outcome: a result, an isError result, a throw', async () => {
    const clock = new FakeClock();
    const rec = new RecordingRecorder();
    const ok = await recordCall(rec, clock, { serverId: 'a' }, () => {
      clock.advance(12);
      return Promise.resolve({ content: [] });
    });
    expect(ok).toEqual({ content: [] });
    await recordCall(rec, clock, { serverId: 'a', kind: 'probe' }, () => {
      clock.advance(3);
      return Promise.resolve({ isError: true });
    });
    const boom = new Error('boom');
    const thrown = recordCall(rec, clock, { serverId: 'b' }, () => {
      clock.advance(7);
      return Promise.reject(boom);
    });
    await expect(thrown).rejects.toBe(boom);
    expect(rec.calls).toEqual([
      { serverId: 'a', ms: 12, ok: true },
      { serverId: 'a', ms: 3, ok: false, kind: 'probe' },
      { serverId: 'b', ms: 7, ok: false },
    ]);
  });

  it('counts a call the caller cancelled as a call, never as the server’s error', async () => {
    const rec = new RecordingRecorder();
    const stop = new AbortController();
    stop.abort();
    const cancelled = new Error('cancelled');
    const call = recordCall(rec, new FakeClock(), { serverId: 'a', signal: stop.signal }, () => Promise.reject(cancelled));
    await expect(call).rejects.toBe(cancelled);
    expect(rec.calls.map((c) => c.ok)).toEqual([true]);
  });

  it('passes on, without recording, a failure that is not the server’s', async () => {
    const rec = new RecordingRecorder();
    const ours = new Error('not running');
    const call = recordCall(rec, new FakeClock(), { serverId: 'a', notTheServers: (e) => e === ours }, () => Promise.reject(ours));
    await expect(call).rejects.toBe(ours);
    expect(rec.calls).toEqual([]);
  });
});

describe('RecordingUpstreams', () => {
  let vendor: FakeVendor;
  beforeAll(async () => {
    vendor = await startFakeVendor({ id: 'openai', models: ['m1'] });
  });
  afterAll(async () => {
    await vendor.close();
  });

  it("records the router's direct calls to a real MCP server: calls, failures and model listings as probes", async () => {
    const source = new TestUpstreams();
    source.add(vendor.upstream);
    const metrics = new CallMetrics();
    const recording = new RecordingUpstreams(source, metrics, new FakeClock());
    const up = recording.get('openai');
    if (!up) throw new Error('upstream missing');
    // One identity per connected client, so callers can cache it.
    expect(recording.get('openai')).toBe(up);
    await up.client.callTool({ name: 'openai_chat', arguments: { messages: [{ role: 'user', content: 'hi' }] } });
    vendor.behavior.fail = 'isError';
    await up.client.callTool({ name: 'openai_chat', arguments: { messages: [] } });
    vendor.behavior = {};
    await up.client.callTool({ name: 'list_models', arguments: {} });
    expect(metrics.summary('openai')).toMatchObject({ calls: 2, errors: 1, probes: 1 });
    // Other client methods pass through unrecorded.
    await up.client.listTools();
    expect(metrics.summary('openai')).toMatchObject({ calls: 2, probes: 1 });
  });
});
