// `stdio`: a thin pipe between a stdio MCP client and the gateway's Streamable HTTP endpoint.
// Messages pass through unchanged; the only thing we read is the negotiated protocol version.
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { gatewayToken, gatewayUrl, type Io } from './context.js';
import type { Flags } from './index.js';
import { quietFetchListenerWarning } from './warnings.js';

export async function stdioBridgeCommand(flags: Flags, io: Io): Promise<number> {
  quietFetchListenerWarning();
  const url = await gatewayUrl(flags, io);
  const token = await gatewayToken(flags, io);
  const upstream = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const local = new StdioServerTransport();
  const initIds = new Set<string | number>();

  return await new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      void Promise.allSettled([upstream.close(), local.close()]).then(() => resolve(code));
    };
    local.onmessage = (msg: JSONRPCMessage) => {
      if ('method' in msg && msg.method === 'initialize' && 'id' in msg && msg.id !== undefined) initIds.add(msg.id);
      upstream.send(msg).catch((err: Error) => {
        io.err(`gateway error: ${err.message}`);
        // Answer the pending request so the client is not left waiting.
        if ('id' in msg && 'method' in msg) {
          void local.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: `gateway unreachable at ${url}: ${err.message}` } });
        }
      });
    };
    upstream.onmessage = (msg: JSONRPCMessage) => {
      if ('id' in msg && msg.id !== undefined && initIds.has(msg.id) && 'result' in msg) {
        initIds.delete(msg.id);
        const version = (msg.result as { protocolVersion?: string }).protocolVersion;
        if (version) upstream.setProtocolVersion(version);
      }
      void local.send(msg);
    };
    upstream.onerror = (err) => {
      // Closing the bridge aborts the open event stream; that is not worth a message.
      if (!done && !/abort/i.test(err.message)) io.err(`gateway error: ${err.message}`);
    };
    local.onclose = () => finish(0);
    // The SDK's stdio transport does not notice EOF; a client closing our stdin means we are done.
    process.stdin.once('end', () => finish(0));
    local.onerror = (err) => io.err(`stdio error: ${err.message}`);
    upstream.start().then(
      () => local.start(),
      (err: Error) => {
        io.err(`cannot start bridge: ${err.message}`);
        finish(1);
      },
    );
  });
}
