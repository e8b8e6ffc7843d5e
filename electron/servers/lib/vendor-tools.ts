// Registers chat / embed / list_models tools for one vendor on an McpServer.
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ChatBackend } from './openai-compatible.js';
import { runTool } from './tool-result.js';

const usageSchema = z
  .object({
    prompt_tokens: z.number().optional(),
    completion_tokens: z.number().optional(),
    total_tokens: z.number().optional(),
  })
  .nullable();

const toolCallShape = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const chatInputSchema = z.object({
  message: z.string().optional().describe('A single user message (appended after messages, if both are given)'),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant', 'tool']),
        content: z.string(),
        tool_calls: z.array(toolCallShape).optional(),
        tool_call_id: z.string().optional(),
      }),
    )
    .optional()
    .describe('The conversation so far (tool turns answer the assistant turn that called them)'),
  model: z.string().optional().describe('Model id; the server default when omitted'),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional().describe('Stream tokens as progress notifications (default: on when the caller sent a progressToken)'),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string(),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .optional()
    .describe('Function tools the model may call (OpenAI shape); its calls come back in tool_calls'),
});

const chatOutputSchema = z.object({
  message: z.string(),
  model: z.string(),
  usage: usageSchema,
  finish_reason: z.string().optional(),
  tool_calls: z.array(toolCallShape).optional(),
});

export interface VendorToolsConfig {
  vendor: string;
  chatTool: string;
  embedTool?: string;
  /** Built per call so a missing key becomes a tool error, not a crash at start. */
  /** May be async: local_llama looks for a model server first. */
  backend: () => ChatBackend | Promise<ChatBackend>;
  /** Values scrubbed from error text. */
  secrets: string[];
}

export function registerVendorTools(server: McpServer, cfg: VendorToolsConfig): void {
  server.registerTool(
    cfg.chatTool,
    {
      title: `${cfg.vendor} chat`,
      description: `Chat completion via ${cfg.vendor}. Streams deltas as progress notifications when asked.`,
      inputSchema: chatInputSchema,
      outputSchema: chatOutputSchema,
    },
    async (args, ctx) =>
      runTool(cfg.secrets, async () => {
        const progressToken = ctx.mcpReq._meta?.progressToken;
        const stream = args.stream ?? progressToken !== undefined;
        let n = 0;
        const onDelta =
          progressToken === undefined
            ? undefined
            : (delta: string) =>
                ctx.mcpReq.notify({
                  method: 'notifications/progress',
                  params: { progressToken, progress: ++n, message: delta },
                });
        const out = await (await cfg.backend()).chat({ ...args, stream }, { signal: ctx.mcpReq.signal, onDelta });
        return { ...out };
      }),
  );

  if (cfg.embedTool) {
    server.registerTool(
      cfg.embedTool,
      {
        title: `${cfg.vendor} embeddings`,
        description: `Embedding vectors via ${cfg.vendor}, one per input string.`,
        inputSchema: z.object({
          input: z.union([z.string(), z.array(z.string()).min(1)]).describe('Text or list of texts'),
          model: z.string().optional(),
        }),
        outputSchema: z.object({ embeddings: z.array(z.array(z.number())), model: z.string(), usage: usageSchema }),
      },
      async (args, ctx) =>
        runTool(cfg.secrets, async () => {
          const backend = await cfg.backend();
          if (!backend.embed) throw new Error(`${cfg.vendor} does not offer embeddings`);
          return { ...(await backend.embed(args, ctx.mcpReq.signal)) };
        }),
    );
  }

  server.registerTool(
    'list_models',
    {
      title: `${cfg.vendor} models`,
      description: `Model ids available from ${cfg.vendor}.`,
      outputSchema: z.object({ vendor: z.string(), models: z.array(z.string()) }),
    },
    async (ctx) =>
      runTool(cfg.secrets, async () => ({ vendor: cfg.vendor, models: await (await cfg.backend()).listModels(ctx.mcpReq.signal) })),
  );
}
