// Our stdio transport joins the messages sent in one event-loop turn into one write on the child's pipe
// (supervisor/group-stdio-transport.ts), and close() still delivers what the turn held before ending stdin.
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { GroupStdioTransport } from '../../../../electron/core/supervisor/group-stdio-transport.js';

/** A child that writes back, once its stdin ends, every byte it read. */
function echoChild(): GroupStdioTransport {
  return new GroupStdioTransport({
    command: process.execPath,
    args: ['-e', 'let all="";process.stdin.on("data",(d)=>all+=d);process.stdin.on("end",()=>process.stdout.write(all))'],
    env: { ...process.env } as Record<string, string>,
  });
}

const ping = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, method: 'ping' });

describe('GroupStdioTransport writes', () => {
  it("writes one turn's messages in one write, and the next turn's in another", async () => {
    const t = echoChild();
    await t.start();
    const stdin = t.process!.stdin!;
    const writes: string[] = [];
    const write = stdin.write.bind(stdin) as (chunk: string) => boolean;
    stdin.write = ((chunk: string) => (writes.push(chunk), write(chunk))) as typeof stdin.write;
    await Promise.all([1, 2, 3].map((id) => t.send(ping(id))));
    await new Promise((r) => setImmediate(r));
    await t.send(ping(4));
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[1, 2, 3].map((id) => `${JSON.stringify(ping(id))}\n`).join(''), `${JSON.stringify(ping(4))}\n`]);
    await t.close();
  });

  it('close() sends what the turn still holds before ending stdin; a send after close is refused', async () => {
    const t = echoChild();
    const got: JSONRPCMessage[] = [];
    t.onmessage = (m) => void got.push(m);
    const closed = new Promise<void>((r) => (t.onclose = r));
    await t.start();
    await t.send(ping(1));
    await t.send(ping(2));
    await t.close();
    await closed;
    expect(got).toEqual([ping(1), ping(2)]);
    await expect(t.send(ping(3))).rejects.toThrow('Not connected');
  });
});
