// orchestrator.retry_attempts through the real aggregator and real SDK clients/servers: a request is
// sent again only when it cannot have reached the child, or when it only reads; a tools/call that
// may have run is never repeated.
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServer } from '@modelcontextprotocol/server';
import { Aggregator } from '../../../../electron/core/gateway/aggregator.js';
import type { ChildRetry } from '../../../../electron/core/gateway/child-retry.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type InProcess } from '../../../helpers/fake-upstreams.js';

const opened: InProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close().catch(() => undefined)));
});

/** A child whose tool and resource count their runs; `crash` makes the next run drop the connection mid-request. */
function child(counts: { tool: number; read: number }, crash: { next: boolean }) {
  return (s: McpServer) => {
    s.registerTool('act', { description: 'acts on the world' }, async () => {
      counts.tool++;
      if (crash.next) {
        crash.next = false;
        await s.close();
      }
      return { content: [{ type: 'text', text: `acted ${counts.tool}` }] };
    });
    s.registerResource('doc', 'mem://doc', { mimeType: 'text/plain' }, async (uri) => {
      counts.read++;
      if (crash.next) {
        crash.next = false;
        await s.close();
      }
      return { contents: [{ uri: uri.href, text: `read ${counts.read}` }] };
    });
  };
}

async function setup(attempts: number) {
  const counts = { tool: 0, read: 0 };
  const crash = { next: false };
  const source = new TestUpstreams();
  const connect = async () => {
    const conn = await connectInProcess('svc', child(counts, crash));
    opened.push(conn);
    source.add(conn.upstream);
    return conn;
  };
  const first = await connect();
  const waits: string[] = [];
  // The supervisor's part: the child comes back (a restart) and the retry may go ahead.
  const retry: ChildRetry = {
    attempts: () => attempts,
    awaitChild: async (id) => {
      waits.push(id);
      await connect();
      return true;
    },
  };
  const agg = new Aggregator(source, { recorder: new RecordingRecorder(), retry });
  return { agg, counts, crash, waits, first };
}

const uriOf = async (agg: Aggregator) => (await agg.listResources())[0].uri;
const textOf = (r: { content?: unknown; contents?: unknown }) => JSON.stringify(r);

describe('retrying requests to a child', () => {
  it('sends a read-only request again after the child dropped the connection', async () => {
    const { agg, counts, crash, waits } = await setup(2);
    crash.next = true;
    const result = await agg.readResource(await uriOf(agg));
    expect(textOf(result)).toContain('read 2');
    expect(counts.read).toBe(2);
    expect(waits).toEqual(['svc']);
  });

  it('never sends a tools/call again once it may have run', async () => {
    const { agg, counts, crash, waits } = await setup(3);
    crash.next = true;
    await expect(agg.callTool('svc__act', {})).rejects.toThrow(/svc/);
    expect(counts.tool).toBe(1);
    expect(waits).toEqual([]);
  });

  it('sends a tools/call once the child is back when it could not have reached it (not connected)', async () => {
    const { agg, counts, waits, first } = await setup(1);
    await agg.listTools();
    // The child's connection is gone but the restart has not replaced it yet.
    await first.upstream.client.close();
    const result = await agg.callTool('svc__act', {});
    expect(textOf(result)).toContain('acted 1');
    expect(counts.tool).toBe(1);
    expect(waits).toEqual(['svc']);
  });

  it('with retry_attempts 0 a dropped read fails at once', async () => {
    const { agg, counts, crash, waits } = await setup(0);
    crash.next = true;
    await expect(agg.readResource(await uriOf(agg))).rejects.toThrow(/svc/);
    expect(counts.read).toBe(1);
    expect(waits).toEqual([]);
  });
});
