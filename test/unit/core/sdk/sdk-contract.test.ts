// The SDK seam's contract: every assumption core makes about the SDK beyond its public typings is checked here
// against the installed SDK, through the seam (electron/core/sdk/), so an upgrade that breaks one fails this file.
import { describe, expect, it } from 'vitest';
import { Client, StdioClientTransport } from '../../../../electron/core/sdk/client.js';
import { advertiseCapabilities, replaceStdioReadBuffer, stdioChildProcess } from '../../../../electron/core/sdk/internals.js';
import { Server } from '../../../../electron/core/sdk/server.js';
import { InMemoryTransport, ReadBuffer } from '../../../../electron/core/sdk/shared.js';
import { ListToolsRequestSchema, SUPPORTED_PROTOCOL_VERSIONS } from '../../../../electron/core/sdk/types.js';

// A child that answers one line of JSON-RPC on stdout, then waits for stdin to close.
const ECHO_CHILD = `process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'notifications/message',params:{level:'info',data:'hi'}})+'\\n'); process.stdin.resume();`;

describe('the SDK seam', () => {
  it('speaks the 2025 revisions core negotiates with children and clients', () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS).toEqual(expect.arrayContaining(['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']));
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
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
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
});
