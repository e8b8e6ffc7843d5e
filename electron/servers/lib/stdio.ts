// Connect a server to stdin/stdout and keep it alive until the parent closes the pipe.
import type { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

export async function serveStdio(server: McpServer): Promise<void> {
  const transport = new StdioServerTransport();
  const shutdown = () => {
    void server.close().finally(() => process.exit(0));
  };
  // The supervisor stops us with SIGTERM; closing stdin means the parent is gone.
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdin.once('end', shutdown);
  await server.connect(transport);
}
