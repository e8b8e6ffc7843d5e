// Connects like an IDE does: the SDK's own client over Streamable HTTP, with a bearer token, to a
// gateway endpoint (/mcp, /mcp/<profile>). Handlers that must exist before initialize (a child's
// requests back, notifications) go in `setup`, which runs before the connection opens.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

export interface ConnectClientOptions {
  /** The client's name in initialize (and so in the gateway's logs and audit lines). */
  name?: string;
  /** What the client declares: elicitation, sampling, roots. */
  capabilities?: ClientCapabilities;
  /** Registers handlers on the client before it connects. */
  setup?: (client: Client) => void;
}

export async function connectClient(url: string | URL, token: string, opts: ConnectClientOptions = {}): Promise<Client> {
  const client = new Client({ name: opts.name ?? 'test-ide', version: '1.0.0' }, { capabilities: opts.capabilities ?? {} });
  opts.setup?.(client);
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  return client;
}
