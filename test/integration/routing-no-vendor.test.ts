// The router's tools while no server can serve them, through the real orchestrator (`serve`, compiled
// dist/): an MCP error that says what to configure, never "Unknown tool: chat".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode, MCPClient } from '../../electron/client/index.js';
import { startServe, type ServeHandle } from '../helpers/serve-process.js';

// A key name nobody has, so the built-in waits for it whatever the machine's environment holds.
const KEY = 'ORCH_TEST_NO_VENDOR_KEY_19';
let h: ServeHandle;
let client: MCPClient;

beforeAll(async () => {
  h = await startServe({ servers: { openai: { builtin: 'openai', required_env: [KEY] } } }, { ui: false });
  client = new MCPClient({ url: h.url, token: h.token, timeoutMs: 20_000 });
}, 90_000);

afterAll(async () => {
  await client?.disconnect();
  await h?.stop();
});

async function mcpError(call: Promise<unknown>): Promise<AppError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  // An AppError (not a ToolError) is the gateway's MCP error, mapped by the client.
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(ErrorCode.VENDOR_UNAVAILABLE);
  return err as AppError;
}

describe('router tools with no vendor', () => {
  it('chat and list_models name the vendor that waits and the key it waits for', async () => {
    const wanted = `no chat vendor is running: openai waits for ${KEY} (store it: mcp-orchestrator secrets set ${KEY})`;
    expect((await mcpError(client.chat('hello'))).message).toBe(wanted);
    expect((await mcpError(client.listModels())).message).toMatch(/^no model vendor is running: openai waits for/);
  });

  it('search_web says which server to add', async () => {
    expect((await mcpError(client.searchWeb('mcp'))).message).toBe(
      'no web search server is configured: add a web_search server (e.g. "web_search": {"builtin": "web_search"} under "servers")',
    );
  });

  it('any other unknown name is still "Unknown tool"', async () => {
    const err = await client.callTool('nope__x').catch((e: unknown) => e);
    expect((err as AppError).toInfo()).toEqual({ code: ErrorCode.TOOL_NOT_FOUND, message: 'Unknown tool: nope__x' });
  });
});
