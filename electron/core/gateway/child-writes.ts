// Under load many requests reach one stdio child in the same event-loop turn, and each was
// its own write(2) on the pipe, each waking the child. On a small machine those syscalls and
// wake-ups were the largest single cost in the gateway's profile, so the pipe is corked for
// the rest of the turn when a message goes out: the turn's messages leave in one write.
// Sequential calls are flushed within the same turn (setImmediate), so they wait no longer.
import type { Client } from '../sdk/client.js';
import { isStdioPipe, pipeStdin } from './stdio-pipe.js';

const coalesced = new WeakSet<object>();

export function coalesceChildWrites(client: Client): void {
  const transport = client.transport;
  if (!transport || !isStdioPipe(transport) || coalesced.has(transport)) return;
  // Our process-group transport joins a turn's messages itself (supervisor/group-stdio-transport.ts).
  if ((transport as { batchesWrites?: unknown }).batchesWrites === true) return;
  coalesced.add(transport);
  // Without a stdin that corks, writes stay as they are.
  const stdin = pipeStdin(transport);
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
