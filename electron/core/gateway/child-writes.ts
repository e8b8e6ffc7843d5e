// Under load many requests reach one stdio child in the same event-loop turn, and each was
// its own write(2) on the pipe, each waking the child. On a small machine those syscalls and
// wake-ups were the largest single cost in the gateway's profile, so the pipe is corked for
// the rest of the turn when a message goes out: the turn's messages leave in one write.
// Sequential calls are flushed within the same turn (setImmediate), so they wait no longer.
import type { Writable } from 'node:stream';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const coalesced = new WeakSet<object>();

export function coalesceChildWrites(client: Client): void {
  const transport = client.transport;
  if (!(transport instanceof StdioClientTransport) || coalesced.has(transport)) return;
  coalesced.add(transport);
  // The SDK keeps the child process private; without a stdin that corks, writes stay as they are.
  const stdin = (transport as unknown as { _process?: { stdin?: Writable } })._process?.stdin;
  if (!stdin || typeof stdin.cork !== 'function') return;
  const send = transport.send.bind(transport);
  let corked = false;
  transport.send = (message) => {
    if (!corked && !stdin.destroyed) {
      corked = true;
      stdin.cork();
      setImmediate(() => {
        corked = false;
        stdin.uncork();
      });
    }
    return send(message);
  };
}
