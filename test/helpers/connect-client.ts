// Connects like an IDE does: the SDK's own client over Streamable HTTP, with a bearer token, to a
// gateway endpoint (/mcp, /mcp/<profile>). Handlers that must exist before initialize (a child's
// requests back, notifications) go in `setup`, which runs before the connection opens.
// The SDK v2 client negotiates 2025 (`legacy`) unless told otherwise, so these tests speak the 2025 era; pass
// `versionNegotiation` to speak 2026-07-28.
import {
  Client,
  StreamableHTTPClientTransport,
  type ClientCapabilities,
  type VersionNegotiationOptions,
} from '@modelcontextprotocol/client';

export interface ConnectClientOptions {
  /** The client's name in initialize (and so in the gateway's logs and audit lines). */
  name?: string;
  /** What the client declares: elicitation, sampling, roots. */
  capabilities?: ClientCapabilities;
  /** Registers handlers on the client before it connects. */
  setup?: (client: Client) => void;
  /** The era to negotiate (default: the SDK's `legacy`, i.e. 2025). */
  versionNegotiation?: VersionNegotiationOptions;
}

export async function connectClient(url: string | URL, token: string, opts: ConnectClientOptions = {}): Promise<Client> {
  const client = new Client(
    { name: opts.name ?? 'test-ide', version: '1.0.0' },
    { capabilities: opts.capabilities ?? {}, versionNegotiation: opts.versionNegotiation },
  );
  opts.setup?.(client);
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  return client;
}
