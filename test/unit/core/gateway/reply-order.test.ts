// A child's progress sent right before its result must reach the caller's onprogress: the SDK
// Client handles a reply at once but a notification a microtask later, so without
// reply-order.ts the reply, delivered in the same turn, drops the progress before it.
import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer, type JSONRPCMessage, type Progress } from '@modelcontextprotocol/server';
import { orderRepliesAfterNotifications } from '../../../../electron/core/gateway/reply-order.js';

/** A client whose server's messages arrive together, as lines read in one chunk from a pipe do. */
async function connected(ordered: boolean): Promise<Client> {
  const server = new McpServer({ name: 's', version: '1' });
  server.registerTool('quick', {}, async (ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) {
      for (const progress of [1, 2])
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress } });
    }
    return { content: [{ type: 'text', text: 'done' }] };
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  // Batch what the server sends within one turn and deliver it in one go.
  const send = serverSide.send.bind(serverSide);
  let queue: JSONRPCMessage[] = [];
  serverSide.send = async (m) => {
    if (queue.push(m) === 1) {
      setImmediate(() => {
        const batch = queue;
        queue = [];
        for (const msg of batch) void send(msg);
      });
    }
  };
  await server.connect(serverSide);
  const client = new Client({ name: 'c', version: '1' });
  await client.connect(clientSide);
  if (ordered) orderRepliesAfterNotifications(client);
  return client;
}

async function progressSeen(client: Client): Promise<Progress[]> {
  const seen: Progress[] = [];
  await client.request({ method: 'tools/call', params: { name: 'quick' } }, { onprogress: (p) => seen.push(p) });
  return seen;
}

describe('orderRepliesAfterNotifications', () => {
  it('delivers the progress read together with the reply, in order', async () => {
    const seen = await progressSeen(await connected(true));
    expect(seen.map((p) => p.progress)).toEqual([1, 2]);
  });

  // If this fails after an SDK upgrade, the SDK orders replies itself and reply-order.ts can go.
  it('is needed: without it the SDK Client drops that progress', async () => {
    const seen = await progressSeen(await connected(false));
    expect(seen.length).toBeLessThan(2);
  });
});
