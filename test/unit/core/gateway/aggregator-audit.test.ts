// The pipeline's audit and metrics hooks for tools/call (forward-hooks.ts, through Aggregator.callTool):
// what they hand the audit sink for each outcome, over real SDK clients and in-process McpServers.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/server';
import { Aggregator } from '../../../../electron/core/gateway/aggregator.js';
import { systemClock } from '../../../../electron/core/env.js';
import type { AuditedCall } from '../../../../electron/core/metrics/audit-log.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type InProcess } from '../../../helpers/fake-upstreams.js';

const opened: InProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

const pending: Array<() => void> = [];
/** The test's clock: only the 'ok' tool moves it (40 ms per call), so its latency is known. */
let now = 1_000;

function tools(s: McpServer) {
  s.registerTool('ok', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => {
    now += 40;
    return { content: [{ type: 'text', text }] };
  });
  s.registerTool('fails', { inputSchema: z.object({}) }, async () => ({ isError: true, content: [{ type: 'text', text: 'result text' }] }));
  s.registerTool('hangs', { inputSchema: z.object({}) }, () => new Promise((resolve) => pending.push(() => resolve({ content: [] }))));
}

async function setup() {
  const source = new TestUpstreams();
  // A short per-server timeout: a call that hangs fails with a thrown (MCP) error.
  const conn = await connectInProcess('srv', tools, { timeoutMs: 200 });
  opened.push(conn);
  source.add(conn.upstream);
  source.watch('srv', conn.upstream.client);
  const audited: AuditedCall[] = [];
  const agg = new Aggregator(source, {
    recorder: new RecordingRecorder(),
    clock: { ...systemClock, now: () => now },
    audit: { record: (c) => audited.push(c) },
  });
  return { agg, audited };
}

describe('Aggregator audit', () => {
  it('records the caller, the route, the arguments and the outcome of each call', async () => {
    const { agg, audited } = await setup();
    const caller = { client: 'cursor', profile: 'notes' };
    await agg.callTool('srv__ok', { text: 'hello' }, { caller });
    await agg.callTool('srv__fails', {});
    await expect(agg.callTool('srv__hangs', {})).rejects.toThrow(/timed out/i);
    const controller = new AbortController();
    const hung = agg.callTool('srv__hangs', {}, { signal: controller.signal });
    controller.abort();
    await expect(hung).rejects.toThrow();
    for (const release of pending.splice(0)) release();
    expect(audited.map((a) => [a.caller, a.server, a.tool, a.publicName, a.outcome])).toEqual([
      [caller, 'srv', 'ok', 'srv__ok', 'ok'],
      // No session (the control API's playground): the admin, on /mcp.
      [{ client: 'admin', profile: null }, 'srv', 'fails', 'srv__fails', 'error'],
      [{ client: 'admin', profile: null }, 'srv', 'hangs', 'srv__hangs', 'error'],
      [{ client: 'admin', profile: null }, 'srv', 'hangs', 'srv__hangs', 'cancelled'],
    ]);
    expect(audited[0].args).toEqual({ text: 'hello' });
    expect(audited[0].latencyMs).toBe(40);
    // A tool's own failure carries no error text: its content is a result, which the log never holds.
    expect(audited[1].error).toBeUndefined();
    expect(audited[2].error).toBeInstanceOf(Error);
  });
});
