// Runs a GGUF model in-process with node-llama-cpp, an optional package loaded only when
// MODEL_PATH is used. Typed loosely on purpose: the package is not a dependency of ours.
import type { ChatBackend, ChatContext, ChatInput, ChatOutput } from './openai-compatible.js';
import { toMessages } from './openai-compatible.js';
import { VendorError } from './http.js';

export const LLAMA_MISSING = 'node-llama-cpp is not installed; run npm i node-llama-cpp or set LOCAL_LLM_BASE_URL';

type AnyObj = any;

async function importLlama(): Promise<AnyObj> {
  const specifier = 'node-llama-cpp'; // a variable, so bundlers and tsc do not require it
  try {
    return await import(specifier);
  } catch {
    throw new VendorError('config', LLAMA_MISSING);
  }
}

export class InProcessLlamaBackend implements ChatBackend {
  private loaded: Promise<{ mod: AnyObj; context: AnyObj }> | undefined;
  // One context sequence, so calls take turns.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly modelPath: string) {}

  get modelId(): string {
    return this.modelPath.split(/[\\/]/).pop() || this.modelPath;
  }

  private load(): Promise<{ mod: AnyObj; context: AnyObj }> {
    this.loaded ??= (async () => {
      const mod = await importLlama();
      const llama = await mod.getLlama();
      const model = await llama.loadModel({ modelPath: this.modelPath });
      return { mod, context: await model.createContext() };
    })();
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  async chat(input: ChatInput, ctx: ChatContext): Promise<ChatOutput> {
    const run = this.queue.then(() => this.chatNow(input, ctx));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async chatNow(input: ChatInput, ctx: ChatContext): Promise<ChatOutput> {
    const { mod, context } = await this.load();
    const messages = toMessages(input);
    const last = messages[messages.length - 1];
    if (last.role !== 'user') throw new VendorError('bad_request', 'the last message must be from the user');
    const session = new mod.LlamaChatSession({ contextSequence: context.getSequence() });
    try {
      session.setChatHistory(
        messages
          .slice(0, -1)
          .map((m) => (m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content })),
      );
      const text: string = await session.prompt(last.content, {
        signal: ctx.signal,
        maxTokens: input.max_tokens,
        temperature: input.temperature,
        onTextChunk: input.stream && ctx.onDelta ? (chunk: string) => void ctx.onDelta?.(chunk) : undefined,
      });
      return { message: text, model: this.modelId, usage: null, finish_reason: 'stop' };
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
