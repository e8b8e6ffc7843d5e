// A child's progress notification read in the same chunk as the reply it belongs to must reach
// the client before that reply. The SDK's Protocol handles a notification one microtask after
// it arrives but a reply at once, so the reply removed the request's progress handler first
// and the progress was dropped ("unknown token"): most often the last one before a quick
// result, and every one when the gateway is busy. Deferring replies by one microtask (queued
// behind the notifications read before them) restores the order the child sent them in.
import type { Transport } from '../sdk/shared.js';

const ordered = new WeakSet<Transport>();

/** Takes any SDK client (either major version): only its connected transport is touched. */
export function orderRepliesAfterNotifications(client: { readonly transport?: Transport | undefined }): void {
  const transport = client.transport;
  const deliver = transport?.onmessage;
  if (!transport || !deliver || ordered.has(transport)) return;
  ordered.add(transport);
  transport.onmessage = (message, extra) => {
    const isReply = 'id' in message && !('method' in message);
    if (isReply) queueMicrotask(() => deliver.call(transport, message, extra));
    else deliver.call(transport, message, extra);
  };
}
