// What both sides share: the transport interface, request options, stdio framing, media types, URI templates.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { FetchLike, RequestOptions, Transport, TransportSendOptions } from '@modelcontextprotocol/client';
export { InMemoryTransport, ReadBuffer, serializeMessage } from '@modelcontextprotocol/client';
export { UriTemplate, isJsonContentType } from '@modelcontextprotocol/client';
