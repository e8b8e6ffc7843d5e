// The one place the protocol log listens: a child's transport, below the SDK's Protocol. Every
// message we send and every message the transport delivers passes here once. Our stdio transport
// reports each message itself, with its line's bytes and text; any other transport is wrapped, and
// what its reader knows of an incoming line is used, the rest measured. Where the line's text is known,
// the log keeps that one string instead of the message's objects: under load the log's last 500
// messages outlived several young-generation collections, and copying their object graphs was a good
// part of the gateway's garbage-collection time.
import type { Transport } from '../sdk/shared.js';
import type { JSONRPCMessage } from '../sdk/types.js';
import type { ProtocolDirection } from '../../../shared/contract.js';

/** `line`: the message as the wire carried it, when the transport has it (the log keeps it rather than `message`). */
export type ProtocolSink = (direction: ProtocolDirection, message: JSONRPCMessage, size: number, line?: string) => void;

/** What a wrapped transport's reader knows of the line of the message being delivered: its bytes and its text. */
export interface InboundFacts {
  size?: () => number | undefined;
  line?: () => string | undefined;
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
 * Hands `sink` to a transport that reports itself; wraps any other's `send` and `onmessage` (set later by the SDK's
 * Protocol.connect, hence the accessor), an outgoing message recorded after the transport wrote it.
 */
export function tapTransport(transport: Transport, sink: ProtocolSink, inbound: InboundFacts = {}): void {
  if (reportsItself(transport)) {
    transport.wireTap = sink;
    return;
  }
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const sent = send(message, options);
    try {
      sink('to-server', message, measure(message));
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
      sink('from-server', message, inbound.size?.() ?? measure(message), inbound.line?.());
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
