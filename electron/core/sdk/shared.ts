// What both sides share: the transport interface, request options, stdio framing, media types, URI templates.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
// v1 (the gateway's 2025 Server still runs on it): the transport interface its sessions implement and the options and
// handler context of its requests, and the in-memory pair the router's v1 Server is reached through.
export type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
export type { RequestHandlerExtra, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
export { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
// v2: the children's side (stdio framing, the fetch a remote child's transport uses) and the pure helpers.
export type { FetchLike } from '@modelcontextprotocol/client';
export { ReadBuffer, deserializeMessage, serializeMessage } from '@modelcontextprotocol/client';
export { UriTemplate, isJsonContentType } from '@modelcontextprotocol/client';
