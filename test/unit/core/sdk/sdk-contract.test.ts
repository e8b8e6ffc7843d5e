// The SDK seam's contract: every assumption core makes about the SDK beyond its public typings is checked here
// against the installed SDK, through the seam (electron/core/sdk/), so an upgrade that breaks one fails this file.
import { describe, expect, it } from 'vitest';
import { Client, StdioClientTransport } from '../../../../electron/core/sdk/client.js';
import { asMcpError } from '../../../../electron/core/sdk/client-errors.js';
import { LEAN_TOOL_RESULT } from '../../../../electron/core/gateway/forward-results.js';
import {
  advertiseCapabilities,
  carryTaskResults,
  clientCapabilitiesOf,
  replaceStdioReadBuffer,
  STDIO_SHAPE,
  stdioChildProcess,
  TASK_CARRIER_CODE,
} from '../../../../electron/core/sdk/internals.js';
import { Server } from '../../../../electron/core/sdk/server.js';
import { InMemoryTransport, ReadBuffer, type Transport } from '../../../../electron/core/sdk/shared.js';
import { McpErrorCode, ProtocolError, SUPPORTED_PROTOCOL_VERSIONS } from '../../../../electron/core/sdk/types.js';
import { checkSpec, specSchema, type StandardSchemaV1 } from '../../../../electron/core/sdk/validation.js';

// A child that answers one line of JSON-RPC on stdout, then waits for stdin to close.
const ECHO_CHILD = `process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'notifications/message',params:{level:'info',data:'hi'}})+'\\n'); process.stdin.resume();`;

describe('the SDK seam', () => {
  it('speaks the 2025 revisions core negotiates with children and clients, and lists only those as session revisions', () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS).toEqual(expect.arrayContaining(['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']));
    // dual-transport.ts checks a session's MCP-Protocol-Version header against this list: no stateless revision in it.
    expect(SUPPORTED_PROTOCOL_VERSIONS).not.toContain('2026-07-28');
  });

  it("checks the spec's types synchronously with the SDK's own schemas, dropping what the SDK drops", () => {
    const text = { type: 'text', text: 'x', stray: 1 };
    expect(checkSpec('CallToolResult', { content: [text], extra: 2 })).toEqual({
      success: true,
      data: { content: [{ type: 'text', text: 'x' }], extra: 2 },
    });
    const bad = checkSpec('CallToolRequest', { method: 'tools/call', params: { name: 3 } });
    expect(bad.success).toBe(false);
    expect(bad.success === false && bad.issues[0]?.path).toEqual(['params', 'name']);
    expect(specSchema('Result')['~standard'].validate({ anything: 1 })).toEqual({ value: { anything: 1 } });
  });

  it('reaches the child process of the SDK stdio transport once started', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ['-e', 'process.stdin.resume()'], stderr: 'pipe' });
    expect(stdioChildProcess(transport)).toBeUndefined();
    await transport.start();
    const child = stdioChildProcess(transport);
    expect(child?.pid).toBeGreaterThan(0);
    expect(child?.stdin).toBeTruthy();
    const exited = new Promise((r) => child?.once('exit', r));
    await transport.close();
    await exited;
  });

  it('reads a stdio child through the reader put in place of its own buffer', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ['-e', ECHO_CHILD], stderr: 'pipe' });
    const inner = new ReadBuffer();
    const chunks: Buffer[] = [];
    let seen!: () => void;
    const appended = new Promise<void>((r) => (seen = r));
    replaceStdioReadBuffer(transport, {
      append: (chunk) => {
        chunks.push(chunk);
        inner.append(chunk);
        seen();
      },
      readMessage: () => inner.readMessage(),
      clear: () => inner.clear(),
    });
    const messages: unknown[] = [];
    transport.onmessage = (m) => messages.push(m);
    await transport.start();
    await appended;
    expect(Buffer.concat(chunks).toString()).toContain('notifications/message');
    expect(messages).toEqual([{ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'hi' } }]);
    await transport.close();
  });

  it('answers initialize with the capabilities given at that moment, not those the Server was built with', async () => {
    const server = new Server({ name: 'seam', version: '1' }, { capabilities: { tools: { listChanged: true }, logging: {} } });
    server.setRequestHandler('tools/list', () => ({ tools: [] }));
    let now = { tools: {} as { listChanged?: boolean } };
    advertiseCapabilities(server, () => now);
    now = { tools: { listChanged: true } };
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(b);
    expect(client.getServerCapabilities()).toEqual({ tools: { listChanged: true } });
    await client.close();
  });

  // The children's client (v2, issue 21), given the gateway's lean result schemas (Standard Schemas, forward-results.ts).
  describe('the children client (SDK v2)', () => {
    async function linked(setup: (server: Server) => void): Promise<{ client: Client; sent: unknown[]; close(): Promise<void> }> {
      const server = new Server({ name: 's', version: '1' }, { capabilities: { tools: {} } });
      setup(server);
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(b);
      const client = new Client({ name: 'c', version: '1' });
      await client.connect(a);
      const sent: unknown[] = [];
      const t = client.transport!;
      const send = t.send.bind(t);
      t.send = (m, o) => (sent.push(m), send(m, o));
      return { client, sent, close: async () => (await client.close(), await server.close()) };
    }

    it('keeps the options (signal, timeout) when request() is given a schema, and validates with it', async () => {
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const c = await linked((server) =>
        server.setRequestHandler('tools/call', async (req, ctx) => {
          if (req.params.name === 'plain') return { content: [{ type: 'text', text: 'ok' }] };
          started();
          await new Promise((r) => ctx.mcpReq.signal.addEventListener('abort', r));
          return { content: [] };
        }),
      );
      const parsed: unknown[] = [];
      const lean: StandardSchemaV1 = {
        '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => (parsed.push(value), { value }) },
      };
      await c.client.request({ method: 'tools/call', params: { name: 'plain' } }, lean);
      expect(parsed).toEqual([{ content: [{ type: 'text', text: 'ok' }] }]);
      const ac = new AbortController();
      const call = c.client.request({ method: 'tools/call', params: { name: 'block' } }, lean, { signal: ac.signal });
      await running;
      ac.abort('stop');
      await expect(call).rejects.toThrow('stop');
      // Had the schema been read as the options, the signal would be lost and no cancellation sent.
      expect(c.sent).toContainEqual(expect.objectContaining({ method: 'notifications/cancelled' }));
      await c.close();
    });

    /** A peer that answers initialize, then every tools/call with `reply` (raw, unchecked by any server SDK). */
    async function rawPeer(reply: (id: unknown) => object): Promise<Client> {
      const [a, b] = InMemoryTransport.createLinkedPair();
      b.onmessage = (m) => {
        const msg = m as { id?: unknown; method?: string; params?: { protocolVersion?: string } };
        if (msg.id === undefined || !msg.method) return;
        if (msg.method === 'initialize') {
          const result = {
            protocolVersion: msg.params?.protocolVersion,
            capabilities: { tools: {} },
            serverInfo: { name: 'raw', version: '1' },
          };
          void b.send({ jsonrpc: '2.0', id: msg.id, result } as never);
        } else if (msg.method === 'tools/call') void b.send({ jsonrpc: '2.0', id: msg.id, ...reply(msg.id) } as never);
      };
      await b.start();
      const client = new Client({ name: 'c', version: '1' });
      await client.connect(a);
      return client;
    }

    it("words a lean schema's failure as the SDK words its own schema's", async () => {
      const client = await rawPeer(() => ({ result: { content: 'x' } }));
      const viaLean = await client
        .request({ method: 'tools/call', params: { name: 't' } }, LEAN_TOOL_RESULT)
        .catch((e: Error) => e.message);
      const viaSdk = await client
        .request({ method: 'tools/call', params: { name: 't' } }, specSchema('CallToolResult'))
        .catch((e: Error) => e.message);
      expect(viaLean).toBe(viaSdk);
      expect(viaLean).toMatch(/^Invalid result for tools\/call: content: /);
      await client.close();
    });

    it('fails as ProtocolError/SdkError, which asMcpError turns into the ProtocolError the gateway answers with', async () => {
      const client = await rawPeer(() => ({ error: { code: McpErrorCode.InvalidParams, message: 'no such thing', data: { x: 1 } } }));
      const own = await client.callTool({ name: 'bad' }).catch((e: unknown) => e);
      expect(own).toBeInstanceOf(ProtocolError);
      expect(asMcpError(own)).toBe(own);
      expect(asMcpError(own)).toMatchObject({ code: McpErrorCode.InvalidParams, message: 'no such thing', data: { x: 1 } });
      await client.close();
      const silent = await rawPeer(() => ({}));
      const late = await silent.request({ method: 'ping' }, { timeout: 20 }).catch((e: unknown) => e);
      expect(late).not.toBeInstanceOf(ProtocolError);
      expect(asMcpError(late)).toBeInstanceOf(ProtocolError);
      expect(asMcpError(late)).toMatchObject({ code: McpErrorCode.RequestTimeout });
      await silent.close();
      const closed = await silent.callTool({ name: 'bad' }).catch((e: unknown) => e);
      // child-retry.ts tells "never sent" by this plain error.
      expect(closed).toEqual(new Error('Not connected'));
      expect(asMcpError(closed)).toBe(closed);
    });

    it('answers listTools() on a closed connection with an empty list (so the router lists with request())', async () => {
      const c = await linked((server) =>
        server.setRequestHandler('tools/list', () => ({ tools: [{ name: 't', inputSchema: { type: 'object' as const } }] })),
      );
      expect((await c.client.listTools()).tools).toHaveLength(1);
      await c.close();
      expect((await c.client.listTools()).tools).toEqual([]);
      await expect(c.client.request({ method: 'tools/list', params: {} })).rejects.toThrow('Not connected');
    });

    /** A pipe-like transport whose peer answers initialize only (silent to server/discover), with or without the stdio members. */
    function silentToProbe(stdioShaped: boolean): Transport {
      const t: Transport & Record<string, unknown> = {
        start: async () => {},
        close: async () => t.onclose?.(),
        send: async (m) => {
          const msg = m as { id?: number; method?: string; params?: { protocolVersion?: string } };
          if (msg.method !== 'initialize') return;
          const result = { protocolVersion: msg.params?.protocolVersion, capabilities: {}, serverInfo: { name: 'old', version: '1' } };
          queueMicrotask(() => t.onmessage?.({ jsonrpc: '2.0', id: msg.id!, result } as never));
        },
      };
      if (stdioShaped) for (const key of STDIO_SHAPE) t[key] = key === 'pid' ? 4242 : null;
      return t;
    }

    it('takes a stdio-shaped transport whose child is silent to the probe for a 2025 server, any other for an outage', async () => {
      const auto = { versionNegotiation: { mode: 'auto' as const, probe: { timeoutMs: 50 } } };
      const piped = new Client({ name: 'c', version: '1' }, auto);
      await piped.connect(silentToProbe(true));
      expect(piped.getProtocolEra()).toBe('legacy');
      expect(piped.getNegotiatedProtocolVersion()).toBe('2025-11-25');
      await piped.close();
      const other = new Client({ name: 'c', version: '1' }, auto);
      await expect(other.connect(silentToProbe(false))).rejects.toThrow(/timed out/);
    });
  });
  // Tasks (issue 21, item 5): the private members sdk/task-requests.ts relies on.
  it('the v2 client keeps the response hook and the capabilities the Tasks carrier uses', () => {
    const client = new Client({ name: 't', version: '1' }, { capabilities: { roots: {} } });
    expect(typeof (client as unknown as { _onresponse?: unknown })._onresponse).toBe('function');
    expect(clientCapabilitiesOf(client)).toEqual({ roots: {} });
    carryTaskResults(client);
    carryTaskResults(client); // idempotent: the hook is wrapped once
    expect(TASK_CARRIER_CODE).toBeLessThan(-32000);
  });
});
