// A connected child's side of the handshake, for the Servers page: the protocol version it negotiated (2025
// `initialize` or 2026-07-28 `server/discover`, both read from the SDK v2 client), its info and capabilities.
import type { Client } from '../sdk/client.js';
import type { ServerProtocolInfo } from '../../../shared/inspector.js';

/** A connected child's side of `initialize` (or `server/discover`), for the control API. */
export function protocolInfo(serverId: string, client: Client): ServerProtocolInfo {
  const version = client.getServerVersion();
  const instructions = client.getInstructions();
  return {
    serverId,
    protocolVersion: client.getNegotiatedProtocolVersion(),
    ...(version
      ? { serverInfo: { name: version.name, version: version.version, ...(version.title ? { title: version.title } : {}) } }
      : {}),
    capabilities: { ...(client.getServerCapabilities() ?? {}) },
    ...(instructions ? { instructions } : {}),
  };
}
