import type { ChatMessage, ChatRequest, ModelInfo } from '../../../shared/types.js';
import type { ChatTurn, Conversation } from './chat-persist.js';
import { loadChats } from './chat-persist.js';
import type { SliceCreator } from './helpers.js';
import { newRequestId, unwrap } from './helpers.js';
import { unusableSummary, vendorOptions } from './vendors.js';

export const AUTO_VENDOR = 'auto';
const NO_VENDOR_CODES = ['VENDOR_UNAVAILABLE', 'ALL_VENDORS_FAILED'];

export type { ChatTurn } from './chat-persist.js';

export interface ChatSlice {
  chatTurns: ChatTurn[];
  conversations: Conversation[];
  conversationId: string;
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
  newConversation(): void;
  switchConversation(id: string): void;
  deleteConversation(id: string): void;
}

/** The conversation so far as messages, so vendors see the context (a stopped answer's partial text too). */
function history(turns: ChatTurn[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const t of turns) {
    const answer = t.response?.message ?? (t.error?.code === 'CANCELLED' && t.text ? t.text : null);
    if (answer === null) continue;
    out.push({ role: 'user', content: t.prompt }, { role: 'assistant', content: answer });
  }
  return out;
}

function patchTurn(turns: ChatTurn[], requestId: string, patch: (t: ChatTurn) => Partial<ChatTurn>): ChatTurn[] {
  return turns.map((t) => (t.requestId === requestId ? { ...t, ...patch(t) } : t));
}

function emptyConversation(): Conversation {
  return { id: newRequestId(), title: 'New chat', turns: [], updatedAt: Date.now() };
}

/** Writes the live turns back into their conversation entry (title from the first prompt). */
function withTurns(list: Conversation[], id: string, turns: ChatTurn[]): Conversation[] {
  return list.map((c) => (c.id === id ? { ...c, turns, title: turns[0]?.prompt.slice(0, 60) || 'New chat', updatedAt: Date.now() } : c));
}

function initialChats(): Pick<ChatSlice, 'conversations' | 'conversationId' | 'chatTurns'> {
  const saved = loadChats();
  const current = saved?.conversations.find((c) => c.id === saved.currentId);
  if (saved && current) return { conversations: saved.conversations, conversationId: current.id, chatTurns: current.turns };
  const fresh = emptyConversation();
  return { conversations: [fresh, ...(saved?.conversations ?? [])], conversationId: fresh.id, chatTurns: [] };
}

export const createChatSlice: SliceCreator<ChatSlice> = (client) => (set, get) => {
  const setTurns = (fn: (turns: ChatTurn[]) => ChatTurn[]) =>
    set((s) => {
      const chatTurns = fn(s.chatTurns);
      return { chatTurns, conversations: withTurns(s.conversations, s.conversationId, chatTurns) };
    });
  return {
    ...initialChats(),
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
        requestId,
        prompt,
        vendorAsked: chatVendor,
        text: '',
        response: null,
        error: null,
        pending: true,
        startedAt: Date.now(),
      };
      setTurns((turns) => [...turns, turn]);
      const result = await client.chat(requestId, request);
      const note =
        !result.ok && NO_VENDOR_CODES.includes(result.error.code) ? unusableSummary(vendorOptions(get().status, get().models)) : '';
      setTurns((turns) =>
        patchTurn(turns, requestId, () =>
          result.ok
            ? { pending: false, response: result.value, text: result.value.message }
            : { pending: false, error: result.error, ...(note ? { vendorNote: note } : {}) },
        ),
      );
    },
    appendChunk: (requestId, delta) =>
      // Late chunks after the final response must not corrupt the final text.
      setTurns((turns) => patchTurn(turns, requestId, (t) => (t.pending ? { text: t.text + delta } : {}))),
    cancelChat: async (requestId) => {
      unwrap(get, await client.cancel(requestId), 'Stop');
    },
    clearChat: () => setTurns(() => []),
    newConversation: () =>
      set((s) => {
        const fresh = emptyConversation();
        // An untouched empty chat is reused rather than piling up blanks.
        const rest = s.conversations.filter((c) => c.id !== s.conversationId || c.turns.length > 0);
        return { conversations: [fresh, ...rest], conversationId: fresh.id, chatTurns: [] };
      }),
    switchConversation: (id) =>
      set((s) => {
        const next = s.conversations.find((c) => c.id === id);
        return next ? { conversationId: id, chatTurns: next.turns } : {};
      }),
    deleteConversation: (id) =>
      set((s) => {
        const rest = s.conversations.filter((c) => c.id !== id);
        if (id !== s.conversationId) return { conversations: rest };
        const next = rest[0] ?? emptyConversation();
        return { conversations: rest.length ? rest : [next], conversationId: next.id, chatTurns: next.turns };
      }),
  };
};
