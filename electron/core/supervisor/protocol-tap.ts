// The one place the protocol log listens: a child's transport, below the SDK's Protocol. Every
// message we send and every message the transport delivers passes here once. The size is the
// transport's own where it has it (a stdio line's bytes, both ways); otherwise the message is measured.
// Where the transport also has the line's text, the log keeps that one string instead of the message's
// objects: under load the log's last 500 messages outlived several young-generation collections, and
// copying their object graphs was a good part of the gateway's garbage-collection time.
import type { Transport } from '../sdk/shared.js';
import type { JSONRPCMessage } from '../sdk/types.js';
import type { ProtocolDirection } from '../../../shared/contract.js';

/** `line`: the message as the wire carried it, when the transport has it (the log keeps it rather than `message`). */
export type ProtocolSink = (direction: ProtocolDirection, message: JSONRPCMessage, size: number, line?: string) => void;

/** Per direction: what the transport knows of the message being delivered (`inbound`) or just written (`outbound`). */
export interface WireFacts {
  inbound?: () => number | undefined;
  outbound?: () => number | undefined;
  inboundLine?: () => string | undefined;
  outboundLine?: () => string | undefined;
}

/** The bytes of a message the transport did not count. */
export const measure = (message: JSONRPCMessage) => Buffer.byteLength(JSON.stringify(message));

/**
 * A transport that reports each message itself, once, as it writes or reads it (supervisor/group-stdio-transport.ts):
 * then nothing is wrapped, and no message needs remembering as recorded.
 */
export interface WireTapped {
  wireTap: ProtocolSink | undefined;
}

const reportsItself = (t: Transport): t is Transport & WireTapped => 'wireTap' in t;

/**
 * Wraps `send` and `onmessage` (set later by the SDK's Protocol.connect, hence the accessor).
 * `sizes` gives the size of the message being delivered (`inbound`) or just written (`outbound`), when the
 * transport knows it: a message is then recorded after the transport wrote it.
 */
export function tapTransport(transport: Transport, sink: ProtocolSink, sizes: WireFacts = {}): void {
  if (reportsItself(transport)) {
    transport.wireTap = sink;
    return;
  }
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const sent = send(message, options);
    try {
      sink('to-server', message, sizes.outbound?.() ?? measure(message), sizes.outboundLine?.());
    } catch {
      // the log must never cost a message
    }
    return sent;
  };
  // Others wrap onmessage after us (gateway/reply-order.ts keeps the handler it finds and calls it later),
  // so each handler set gets its own recording wrapper, and a message already recorded is not recorded again.
  const recorded = new WeakSet<object>();
  const record = (message: JSONRPCMessage) => {
    if (recorded.has(message)) return;
    recorded.add(message);
    try {
      sink('from-server', message, sizes.inbound?.() ?? measure(message), sizes.inboundLine?.());
    } catch {
      // the log must never cost a message
    }
  };
  let wrapped: Transport['onmessage'];
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => wrapped,
    set: (fn: Transport['onmessage']) => {
      wrapped = fn && ((message, extra) => (record(message), fn.call(transport, message, extra)));
    },
  });
}
