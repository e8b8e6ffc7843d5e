// Which child transports are stdio pipes: the SDK's StdioClientTransport (Windows) and our GroupStdioTransport
// (POSIX, supervisor/group-stdio-transport.ts), which marks itself `stdioPipe`. Both matter to the gateway in the
// same way: no async context crosses a pipe (peer-bridge.ts routes a child's requests by the calls in flight
// instead), and writes can be corked per event-loop turn (child-writes.ts).
import type { Writable } from 'node:stream';
import { StdioClientTransport } from '../sdk/client.js';
import { stdioChildProcess } from '../sdk/internals.js';

interface MarkedPipe {
  readonly stdioPipe: true;
  readonly process?: { stdin?: Writable | null } | undefined;
}

const isMarked = (t: unknown): t is MarkedPipe => typeof t === 'object' && t !== null && (t as { stdioPipe?: unknown }).stdioPipe === true;

export function isStdioPipe(transport: unknown): boolean {
  return transport instanceof StdioClientTransport || isMarked(transport);
}

/** The child's stdin behind a stdio transport, when it can be reached. */
export function pipeStdin(transport: unknown): Writable | undefined {
  if (transport instanceof StdioClientTransport) return stdioChildProcess(transport)?.stdin ?? undefined;
  return isMarked(transport) ? (transport.process?.stdin ?? undefined) : undefined;
}
