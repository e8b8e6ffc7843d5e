// What both sides share: the transport interface, request options, stdio framing, media types, URI templates.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { FetchLike, Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
export type { RequestHandlerExtra, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
export { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
export { ReadBuffer, deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
export { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
export { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
