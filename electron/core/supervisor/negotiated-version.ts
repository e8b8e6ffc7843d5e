// The protocol version a child agreed to in `initialize`. The SDK Client keeps it only inside an
// HTTP transport; it hands it to any transport that has `setProtocolVersion`, so giving the stdio
// transports one too lets us remember it for every child (the Servers page shows it).
import type { Client } from '../sdk/client.js';
import type { Transport } from '../sdk/shared.js';
import type { ServerProtocolInfo } from '../../../shared/inspector.js';

const versions = new WeakMap<Client, string>();

/** Call before `client.connect(transport)`: wraps (or adds) the transport's setProtocolVersion. */
export function rememberProtocolVersion(client: Client, transport: Transport): void {
  const own = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version: string) => {
    versions.set(client, version);
    own?.(version);
  };
}

/** The version this client negotiated, if it connected through a transport prepared above. */
function negotiatedProtocolVersion(client: Client): string | undefined {
  return versions.get(client);
}

/** A connected child's side of `initialize`, for the control API. */
export function protocolInfo(serverId: string, client: Client): ServerProtocolInfo {
  const version = client.getServerVersion();
  const instructions = client.getInstructions();
  return {
    serverId,
    protocolVersion: negotiatedProtocolVersion(client),
    ...(version
      ? { serverInfo: { name: version.name, version: version.version, ...(version.title ? { title: version.title } : {}) } }
      : {}),
    capabilities: { ...(client.getServerCapabilities() ?? {}) },
    ...(instructions ? { instructions } : {}),
  };
}
