// Runs a GGUF model in-process with node-llama-cpp, loaded only when MODEL_PATH is used: from the
// usual module resolution (a dev checkout, or `npm i node-llama-cpp@3.21.1` beside the npm package),
// else from the copy the desktop app ships in <resources>/local-models (scripts/stage-local-models.mjs).
// Typed loosely on purpose: the package is not a runtime dependency of ours.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChatBackend, ChatContext, ChatInput, ChatOutput } from './openai-compatible.js';
import { toMessages } from './openai-compatible.js';
import { VendorError } from './http.js';
import { LOCAL_MODELS_ENV } from '../../../shared/builtins.js';

/** Said (and the router fails over) when an agent chat reaches the in-process model. */
export const NO_TOOLS_IN_PROCESS =
  'local_llama runs its GGUF in-process (MODEL_PATH), which does not support function tools; ' +
  'set LOCAL_LLM_BASE_URL to a server that does (Ollama, LM Studio) or use openai or groq';

const LLAMA_MISSING =
  'node-llama-cpp is not installed. From npm: run npm i node-llama-cpp@3.21.1 beside mcp-orchestrator. ' +
  'In the desktop app it ships in <resources>/local-models, which is missing: reinstall the app. Or set LOCAL_LLM_BASE_URL';

type AnyObj = any;

export interface LlamaOptions {
  /** CPU threads for generation; node-llama-cpp's default (every core) when absent. */
  threads?: number;
}

/** LOCAL_LLM_THREADS, when it is a positive whole number. */
export function llamaOptionsFromEnv(env: NodeJS.ProcessEnv): LlamaOptions {
  const threads = Number(env.LOCAL_LLM_THREADS);
  return Number.isInteger(threads) && threads > 0 ? { threads } : {};
}

/** Folders that may hold the app's own copy (each with node_modules/node-llama-cpp), in order. */
function localModelsDirs(env: NodeJS.ProcessEnv, resourcesPath: string | undefined): string[] {
  const dirs = [env[LOCAL_MODELS_ENV], resourcesPath && path.join(resourcesPath, 'local-models')];
  return dirs.filter((d): d is string => Boolean(d));
}

async function importLlama(): Promise<AnyObj> {
  const specifier = 'node-llama-cpp'; // a variable, so bundlers and tsc do not require it
  try {
    return await import(specifier);
  } catch (err) {
    // Installed but broken (say, no binary for this platform): say so rather than "not installed".
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') {
      throw new VendorError('config', `node-llama-cpp could not be loaded: ${(err as Error).message}`);
    }
  }
  // Electron sets process.resourcesPath; a child in node mode may not have it, hence the env first.
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  for (const dir of localModelsDirs(process.env, resources)) {
    if (!existsSync(path.join(dir, 'node_modules', specifier, 'package.json'))) continue;
    // Resolved as if from a file in `dir`: its node_modules, with the package's own `exports`.
    const entry = createRequire(path.join(dir, 'noop.js')).resolve(specifier);
    return await import(pathToFileURL(entry).href);
  }
  throw new VendorError('config', LLAMA_MISSING);
}

const FINISH: Record<string, string> = { eogToken: 'stop', stopGenerationTrigger: 'stop', customStopTrigger: 'stop', maxTokens: 'length' };

export class InProcessLlamaBackend implements ChatBackend {
  private loaded: Promise<{ mod: AnyObj; context: AnyObj }> | undefined;
  // One context sequence, so calls take turns.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly modelPath: string,
    private readonly options: LlamaOptions = {},
  ) {}

  get modelId(): string {
    return this.modelPath.split(/[\\/]/).pop() || this.modelPath;
  }

  private load(): Promise<{ mod: AnyObj; context: AnyObj }> {
    this.loaded ??= (async () => {
      const mod = await importLlama();
      const llama = await mod.getLlama({
        // Never compile llama.cpp at run time (no toolchain, and it would download sources):
        // the prebuilt binary for this platform comes from the npm registry with the package.
        build: 'never',
        // Its default logger prints to stdout, which is this server's MCP channel.
        logLevel: 'warn',
        logger: (level: string, message: string) => process.stderr.write(`llama.cpp ${level}: ${message.trimEnd()}\n`),
      });
      let model: AnyObj;
      try {
        model = await llama.loadModel({ modelPath: this.modelPath });
      } catch (err) {
        throw new VendorError('config', `could not load MODEL_PATH ${this.modelPath}: ${(err as Error).message}`);
      }
      // Spinning worker threads on a busy machine cost far more than they gain on small models:
      // LOCAL_LLM_THREADS lets the user choose.
      return { mod, context: await model.createContext(this.options.threads ? { threads: this.options.threads } : {}) };
    })();
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  async chat(input: ChatInput, ctx: ChatContext): Promise<ChatOutput> {
    if (input.tools?.length) throw new VendorError('bad_request', NO_TOOLS_IN_PROCESS);
    const run = this.queue.then(() => this.chatNow(input, ctx));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async chatNow(input: ChatInput, ctx: ChatContext): Promise<ChatOutput> {
    const messages = toMessages(input);
    const last = messages[messages.length - 1];
    if (last.role !== 'user') throw new VendorError('bad_request', 'the last message must be from the user');
    const { mod, context } = await this.load();
    // A call cancelled while it waited for its turn never starts generating.
    if (ctx.signal?.aborted) throw new VendorError('cancelled', 'request cancelled');
    const session = new mod.LlamaChatSession({ contextSequence: context.getSequence() });
    try {
      session.setChatHistory(
        messages
          .slice(0, -1)
          .map((m) => (m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content })),
      );
      const meter = session.sequence.tokenMeter;
      const before = meter.getState();
      const deltas = input.stream && ctx.onDelta ? new DeltaStream(ctx.onDelta) : undefined;
      const res = await session.promptWithMeta(last.content, {
        signal: ctx.signal,
        // Bounded: a model that never emits end-of-generation would otherwise run on forever
        // through context shifts. One context's worth unless the caller asks for more or less.
        maxTokens: input.max_tokens ?? context.contextSize,
        temperature: input.temperature,
        onTextChunk: deltas ? (chunk: string) => deltas.push(chunk) : undefined,
      });
      if (res.stopReason === 'abort') throw new VendorError('cancelled', 'request cancelled');
      await deltas?.finish(res.responseText);
      const after = meter.getState();
      const prompt_tokens = after.usedInputTokens - before.usedInputTokens;
      const completion_tokens = after.usedOutputTokens - before.usedOutputTokens;
      return {
        message: res.responseText,
        model: this.modelId,
        usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
        finish_reason: FINISH[res.stopReason] ?? res.stopReason,
      };
    } catch (err) {
      if (ctx.signal?.aborted) throw new VendorError('cancelled', 'request cancelled');
      throw err;
    } finally {
      session.dispose?.({ disposeSequence: true });
    }
  }

  async listModels(): Promise<string[]> {
    return [this.modelId];
  }
}

/**
 * Progress deltas in order, all sent before the result: a progress notification that leaves
 * after the reply is dropped by the client. node-llama-cpp may hold text back (a possible stop
 * sequence) and release it only in responseText, so whatever the chunks missed goes out last.
 */
class DeltaStream {
  private streamed = '';
  private closed = false;
  private sent: Promise<unknown> = Promise.resolve();

  constructor(private readonly send: (delta: string) => void | Promise<void>) {}

  push(text: string): void {
    if (this.closed || text === '') return;
    this.streamed += text;
    // A failed notification (the client went away) must not fail the call itself.
    this.sent = this.sent.then(() => this.send(text)).catch(() => undefined);
  }

  async finish(full: string): Promise<void> {
    if (full.startsWith(this.streamed)) this.push(full.slice(this.streamed.length));
    this.closed = true;
    await this.sent;
  }
}
