import type { ChatMessage, ChatRequest, ChatResponse, ModelInfo } from '../../../shared/types.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { SliceCreator } from './helpers.js';
import { newRequestId, unwrap } from './helpers.js';

export const AUTO_VENDOR = 'auto';

export interface ChatTurn {
  requestId: string;
  prompt: string;
  vendorAsked: string;
  /** Streamed text so far; replaced by the final message when the response arrives. */
  text: string;
  response: ChatResponse | null;
  error: ErrorInfo | null;
  pending: boolean;
  startedAt: number;
}

export interface ChatSlice {
  chatTurns: ChatTurn[];
  models: ModelInfo[];
  chatVendor: string;
  chatModel: string;
  setChatVendor(vendor: string): void;
  setChatModel(model: string): void;
  loadModels(): Promise<void>;
  sendChat(prompt: string): Promise<void>;
  appendChunk(requestId: string, delta: string): void;
  cancelChat(requestId: string): Promise<void>;
  clearChat(): void;
}

/** The conversation so far as messages, so vendors see the context. */
function history(turns: ChatTurn[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const t of turns) {
    if (!t.response) continue;
    out.push({ role: 'user', content: t.prompt }, { role: 'assistant', content: t.response.message });
  }
  return out;
}

function patchTurn(turns: ChatTurn[], requestId: string, patch: (t: ChatTurn) => Partial<ChatTurn>): ChatTurn[] {
  return turns.map((t) => (t.requestId === requestId ? { ...t, ...patch(t) } : t));
}

export const createChatSlice: SliceCreator<ChatSlice> = (client) => (set, get) => ({
  chatTurns: [],
  models: [],
  chatVendor: AUTO_VENDOR,
  chatModel: '',
  setChatVendor: (chatVendor) => set({ chatVendor, chatModel: '' }),
  setChatModel: (chatModel) => set({ chatModel }),
  loadModels: async () => {
    // No vendor running is a normal state (keys not set yet): the picker just offers "auto".
    const result = await client.listModels();
    set({ models: result.ok ? result.value : [] });
  },
  sendChat: async (prompt) => {
    const { chatVendor, chatModel, chatTurns } = get();
    const requestId = newRequestId();
    const request: ChatRequest = {
      messages: [...history(chatTurns), { role: 'user', content: prompt }],
      vendor: chatVendor,
      ...(chatModel ? { model: chatModel } : {}),
    };
    const turn: ChatTurn = {
      requestId, prompt, vendorAsked: chatVendor, text: '', response: null, error: null, pending: true,
      startedAt: Date.now(),
    };
    set({ chatTurns: [...chatTurns, turn] });
    const result = await client.chat(requestId, request);
    set((s) => ({
      chatTurns: patchTurn(s.chatTurns, requestId, () =>
        result.ok
          ? { pending: false, response: result.value, text: result.value.message }
          : { pending: false, error: result.error },
      ),
    }));
  },
  appendChunk: (requestId, delta) =>
    set((s) => ({
      // Late chunks after the final response must not corrupt the final text.
      chatTurns: patchTurn(s.chatTurns, requestId, (t) => (t.pending ? { text: t.text + delta } : {})),
    })),
  cancelChat: async (requestId) => {
    unwrap(get, await client.cancel(requestId), 'Stop');
  },
  clearChat: () => set({ chatTurns: [] }),
});
