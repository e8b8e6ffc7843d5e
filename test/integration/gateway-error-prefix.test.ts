// Errors reach clients with the SDK's "MCP error -N: " prefix once. The client's SDK adds it to the
// message it reads off the wire, so the gateway must send the message without it, whichever path
// answers (the pipeline's JSON entry, or the SDK Server for what it keeps, e.g. initialize).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
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

const messageOf = (p: Promise<unknown>) =>
  p.then(
    () => '(no error)',
    (e: unknown) => (e as Error).message,
  );

describe('MCP errors carry one prefix', () => {
  it("a child's error, through the JSON entry and through the SDK Server entry (progress requested)", async () => {
    expect(await messageOf(client.getPrompt({ name: 'failing__broken' }))).toBe('MCP error -32603: [failing] the disk is on fire');
    expect(await messageOf(client.getPrompt({ name: 'failing__broken' }, { onprogress: () => undefined }))).toBe(
      'MCP error -32603: [failing] the disk is on fire',
    );
  });

  it("the gateway's own routing errors", async () => {
    expect(await messageOf(client.callTool({ name: 'nope__x', arguments: {} }))).toBe('MCP error -32602: Unknown tool: nope__x');
  });

  it('on the wire the message has no prefix at all', async () => {
    const err = await rawError('prompts/get', { name: 'failing__broken' });
    expect(err).toMatchObject({ code: -32603, message: '[failing] the disk is on fire' });
  });
});
