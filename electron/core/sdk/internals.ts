// The SDK's private parts that core relies on, each in one function here, so an SDK upgrade that moves one breaks
// this file and its contract test (test/unit/core/sdk/sdk-contract.test.ts), not a caller far away.
import type { ChildProcess } from 'node:child_process';
import type { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { Server, ServerCapabilities } from '@modelcontextprotocol/server';

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
 * Makes `server` answer initialize with `capabilities()` read at that moment. The SDK (2.4) reads its own
 * getCapabilities() when it answers initialize; registering handlers still needs every capability up front.
 */
export function advertiseCapabilities(server: Server, capabilities: () => ServerCapabilities): void {
  (server as unknown as { getCapabilities: () => ServerCapabilities }).getCapabilities = capabilities;
}

// --- Tasks extension (issue 21, item 5): the v2 client's response hook and its own capabilities ---

/** A private JSON-RPC error code that carries a child's CreateTaskResult past the SDK's result decoder. */
export const TASK_CARRIER_CODE = -32099;
const CARRYING = Symbol('mcp-orchestrator.carryTaskResults');

interface ResponseHook {
  _onresponse(response: { id: unknown; result?: unknown; error?: unknown }): void;
  [CARRYING]?: true;
}

/**
 * Makes `client` hand a `resultType: "task"` reply to its waiting request as an error with TASK_CARRIER_CODE and
 * the task in `data.task`: the SDK (2.4.0) would reject it as an unsupported result type and drop the body. Only a
 * request that declared the extension gets such a reply. Installed once per client, on its private _onresponse.
 */
export function carryTaskResults(client: object): void {
  const hook = client as unknown as ResponseHook;
  if (hook[CARRYING]) return;
  const onresponse = hook._onresponse.bind(hook);
  hook._onresponse = (response) => {
    const result = response.result as { resultType?: unknown } | undefined;
    if (result?.resultType !== 'task') return onresponse(response);
    const { resultType: _task, ...task } = result;
    onresponse({ jsonrpc: '2.0', id: response.id, error: { code: TASK_CARRIER_CODE, message: 'task created', data: { task } } } as never);
  };
  hook[CARRYING] = true;
}

/** The capabilities a v2 client declares in each 2026-07-28 request's _meta (private `_capabilities`). */
export function clientCapabilitiesOf(client: object): Record<string, unknown> {
  return { ...((client as { _capabilities?: Record<string, unknown> })._capabilities ?? {}) };
}
