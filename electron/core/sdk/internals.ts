// The SDK's private parts that core relies on, each in one function here, so an SDK upgrade that moves one breaks
// this file and its contract test (test/unit/core/sdk/sdk-contract.test.ts), not a caller far away.
import type { ChildProcess } from 'node:child_process';
import type { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';

/**
 * The members by which the v2 client recognises a stdio transport when it negotiates the era (it checks for both,
 * not the class): there, a child silent to or closed by the server/discover probe is a 2025 server; on any other
 * transport it is an outage. Our GroupStdioTransport has both (supervisor/group-stdio-transport.ts).
 */
export const STDIO_SHAPE = ['stderr', 'pid'] as const;

/** The shape of the SDK's stdio read buffer (append, readMessage, clear), which a bounded reader stands in for. */
export interface StdioReadBuffer {
  append(chunk: Buffer): void;
  readMessage(): unknown;
  clear(): void;
}

/** The child process behind the SDK's stdio transport, once start() spawned it (the SDK keeps it private). */
export function stdioChildProcess(transport: StdioClientTransport): ChildProcess | undefined {
  return (transport as unknown as { _process?: ChildProcess })._process;
}

/** Puts `reader` in place of the SDK stdio transport's own line buffer (private `_readBuffer`). */
export function replaceStdioReadBuffer(transport: StdioClientTransport, reader: StdioReadBuffer): void {
  (transport as unknown as { _readBuffer: StdioReadBuffer })._readBuffer = reader;
}

/**
 * Makes `server` answer initialize with `capabilities()` read at that moment. The SDK reads the private
 * getCapabilities() when it answers initialize; registering handlers still needs every capability up front.
 */
export function advertiseCapabilities(server: Server, capabilities: () => ServerCapabilities): void {
  (server as unknown as { getCapabilities: () => ServerCapabilities }).getCapabilities = capabilities;
}
