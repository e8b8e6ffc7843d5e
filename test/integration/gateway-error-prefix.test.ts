// MCP errors reach clients with no "MCP error -N: " prefix in their message. The v1 SDK client added that prefix
// to the message it read off the wire (so a gateway that sent it too showed it twice); the v2 client keeps the
// wire message as it is, in a ProtocolError with the code beside it. So the gateway must send the message without
// it, whichever path answers (the pipeline's JSON entry, or the SDK Server for what it keeps, e.g. initialize).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, ProtocolError, type Client, type StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  connectClient,
  connectInProcess,
  startGateway,
  TestUpstreams,
  TEST_TOKEN,
  type Connected,
  type RunningGateway,
} from './gateway-helpers.js';

const source = new TestUpstreams();
const opened: Connected[] = [];
let gw: RunningGateway;
let client: Client;

beforeAll(async () => {
  const failing = await connectInProcess('failing', (s) => {
    // McpServer turns a throwing tool into an isError result; a throwing prompt is a JSON-RPC error.
    s.registerPrompt('broken', {}, () => {
      throw new Error('the disk is on fire');
    });
  });
  opened.push(failing);
  source.add(failing.upstream);
  gw = await startGateway(source);
  client = await connectClient(gw.url);
});

afterAll(async () => {
  await client?.close();
  await gw?.gateway.stop();
  await Promise.all(opened.map((c) => c.close()));
});

async function rawError(method: string, params: Record<string, unknown>): Promise<{ code: number; message: string }> {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TEST_TOKEN}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': (client.transport as StreamableHTTPClientTransport).sessionId!,
      'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
  });
  const text = await res.text();
  // JSON or a one-event SSE stream, depending on the path that answered.
  const json = res.headers.get('content-type')?.includes('text/event-stream') ? text.match(/^data: (.*)$/m)![1] : text;
  return (JSON.parse(json) as { error: { code: number; message: string } }).error;
}

/** What the client's SDK makes of the error reply: its class, code and message. */
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => '(no error)',
    (e: unknown) => ({ isProtocolError: e instanceof ProtocolError, code: (e as ProtocolError).code, message: (e as Error).message }),
  );

describe('MCP errors carry no prefix', () => {
  it("a child's error, through the JSON entry and through the SDK Server entry (progress requested)", async () => {
    const expected = { isProtocolError: true, code: -32603, message: '[failing] the disk is on fire' };
    expect(await errorOf(client.getPrompt({ name: 'failing__broken' }))).toEqual(expected);
    expect(await errorOf(client.getPrompt({ name: 'failing__broken' }, { onprogress: () => undefined }))).toEqual(expected);
  });

  it("the gateway's own routing errors", async () => {
    expect(await errorOf(client.callTool({ name: 'nope__x', arguments: {} }))).toEqual({
      isProtocolError: true,
      code: -32602,
      message: 'Unknown tool: nope__x',
    });
  });

  it('on the wire the message has no prefix at all', async () => {
    const err = await rawError('prompts/get', { name: 'failing__broken' });
    expect(err).toMatchObject({ code: -32603, message: '[failing] the disk is on fire' });
  });
});
