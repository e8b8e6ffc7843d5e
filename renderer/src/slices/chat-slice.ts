import type { AgentStep } from '../../../shared/agent.js';
import type { ChatMessage, ChatRequest, ModelInfo } from '../../../shared/types.js';
import type { ChatSettings, ChatTurn, Conversation } from './chat-persist.js';
import { DEFAULT_SETTINGS, loadChats } from './chat-persist.js';
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
  // --- agent chat and per-chat settings ---
  chatSettings: ChatSettings;
  setChatSettings(patch: Partial<ChatSettings>): void;
  onAgentStep(requestId: string, step: AgentStep): void;
  approveToolCall(requestId: string, callId: string, allow: boolean): Promise<void>;
  /** Drops this turn and the ones after it, then sends `prompt` (its own, for Regenerate; edited, for Edit). */
  resendFrom(requestId: string, prompt: string): Promise<void>;
}

/** The conversation so far as messages, so vendors see the context (a stopped answer's partial text too). */
function history(turns: ChatTurn[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const t of turns) {
    if (t.transcript?.length) {
      out.push({ role: 'user', content: t.prompt }, ...t.transcript);
      continue;
    }
    const answer = t.response?.message ?? (t.error?.code === 'CANCELLED' && t.text ? t.text : null);
    if (answer === null) continue;
    out.push({ role: 'user', content: t.prompt }, { role: 'assistant', content: answer });
  }
  return out;
}

function patchTurn(turns: ChatTurn[], requestId: string, patch: (t: ChatTurn) => Partial<ChatTurn>): ChatTurn[] {
  return turns.map((t) => (t.requestId === requestId ? { ...t, ...patch(t) } : t));
}

function emptyConversation(settings: ChatSettings = DEFAULT_SETTINGS): Conversation {
  return { id: newRequestId(), title: 'New chat', turns: [], updatedAt: Date.now(), settings };
}

/** The request for the next prompt under these settings (system prompt first, then the history). */
function buildRequest(settings: ChatSettings, turns: ChatTurn[], prompt: string): ChatRequest {
  const system: ChatMessage[] = settings.systemPrompt.trim() ? [{ role: 'system', content: settings.systemPrompt }] : [];
  return {
    messages: [...system, ...history(turns), { role: 'user', content: prompt }],
    vendor: settings.vendor,
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.temperature !== null ? { temperature: settings.temperature } : {}),
    ...(settings.maxTokens !== null ? { max_tokens: settings.maxTokens } : {}),
  };
}

const usesTools = (s: ChatSettings) => s.profile !== '' || s.tools.length > 0;

function upsertStep(steps: AgentStep[] | undefined, step: AgentStep): AgentStep[] {
  const list = steps ?? [];
  return list.some((x) => x.id === step.id) ? list.map((x) => (x.id === step.id ? step : x)) : [...list, step];
}

/** Writes the live turns back into their conversation entry (title from the first prompt). */
function withTurns(list: Conversation[], id: string, turns: ChatTurn[]): Conversation[] {
  return list.map((c) => (c.id === id ? { ...c, turns, title: turns[0]?.prompt.slice(0, 60) || 'New chat', updatedAt: Date.now() } : c));
}

type Initial = Pick<ChatSlice, 'conversations' | 'conversationId' | 'chatTurns' | 'chatSettings' | 'chatVendor' | 'chatModel'>;

/** A conversation's settings as the slice's live state (vendor and model mirrored for the pickers). */
function settingsState(c: Conversation): Pick<ChatSlice, 'chatSettings' | 'chatVendor' | 'chatModel'> {
  const chatSettings = { ...DEFAULT_SETTINGS, ...c.settings };
  return { chatSettings, chatVendor: chatSettings.vendor, chatModel: chatSettings.model };
}

function initialChats(): Initial {
  const saved = loadChats();
  const current = saved?.conversations.find((c) => c.id === saved.currentId);
  if (saved && current) {
    return { conversations: saved.conversations, conversationId: current.id, chatTurns: current.turns, ...settingsState(current) };
  }
  const fresh = emptyConversation();
  return { conversations: [fresh, ...(saved?.conversations ?? [])], conversationId: fresh.id, chatTurns: [], ...settingsState(fresh) };
}

export const createChatSlice: SliceCreator<ChatSlice> = (client) => (set, get) => {
  const setTurns = (fn: (turns: ChatTurn[]) => ChatTurn[]) =>
    set((s) => {
      const chatTurns = fn(s.chatTurns);
      return { chatTurns, conversations: withTurns(s.conversations, s.conversationId, chatTurns) };
    });
  const setSettings = (patch: Partial<ChatSettings>) =>
    set((s) => {
      const chatSettings = { ...s.chatSettings, ...patch };
      const conversations = s.conversations.map((c) => (c.id === s.conversationId ? { ...c, settings: chatSettings } : c));
      return { chatSettings, conversations, chatVendor: chatSettings.vendor, chatModel: chatSettings.model };
    });
  const send = async (prompt: string) => {
    const { chatSettings, chatTurns } = get();
    const requestId = newRequestId();
    const request = buildRequest(chatSettings, chatTurns, prompt);
    const agent = usesTools(chatSettings);
    const turn: ChatTurn = {
      requestId,
      prompt,
      vendorAsked: chatSettings.vendor,
      text: '',
      response: null,
      error: null,
      pending: true,
      startedAt: Date.now(),
      ...(agent ? { steps: [] } : {}),
    };
    setTurns((turns) => [...turns, turn]);
    const result = agent
      ? await client.agentChat(requestId, {
          ...request,
          ...(chatSettings.profile ? { profile: chatSettings.profile } : {}),
          ...(chatSettings.tools.length ? { toolNames: chatSettings.tools } : {}),
        })
      : await client.chat(requestId, request);
    const note =
      !result.ok && NO_VENDOR_CODES.includes(result.error.code) ? unusableSummary(vendorOptions(get().status, get().models)) : '';
    setTurns((turns) =>
      patchTurn(turns, requestId, () => {
        if (!result.ok) return { pending: false, error: result.error, ...(note ? { vendorNote: note } : {}) };
        const { steps, transcript, ...response } = result.value as typeof result.value & Partial<Pick<ChatTurn, 'steps' | 'transcript'>>;
        return { pending: false, response, text: response.message, ...(steps ? { steps, transcript } : {}) };
      }),
    );
  };
  return {
    ...initialChats(),
    models: [],
    setChatVendor: (vendor) => setSettings({ vendor, model: '' }),
    setChatModel: (model) => setSettings({ model }),
    setChatSettings: setSettings,
    onAgentStep: (requestId, step) => setTurns((turns) => patchTurn(turns, requestId, (t) => ({ steps: upsertStep(t.steps, step) }))),
    approveToolCall: async (requestId, callId, allow) => {
      unwrap(get, await client.approveToolCall(requestId, callId, allow), allow ? 'Allow' : 'Deny');
    },
    resendFrom: async (requestId, prompt) => {
      const turns = get().chatTurns;
      const at = turns.findIndex((t) => t.requestId === requestId);
      if (at < 0 || turns.some((t) => t.pending)) return;
      setTurns(() => turns.slice(0, at));
      await send(prompt);
    },
    loadModels: async () => {
      // No vendor running is a normal state (keys not set yet): the picker just offers "auto".
      const result = await client.listModels();
      set({ models: result.ok ? result.value : [] });
    },
    sendChat: send,
    appendChunk: (requestId, delta) =>
      // Late chunks after the final response must not corrupt the final text.
      setTurns((turns) => patchTurn(turns, requestId, (t) => (t.pending ? { text: t.text + delta } : {}))),
    cancelChat: async (requestId) => {
      unwrap(get, await client.cancel(requestId), 'Stop');
    },
    clearChat: () => setTurns(() => []),
    newConversation: () =>
      set((s) => {
        // A new chat starts with the current settings (system prompt, tools, model), as most chat apps do.
        const fresh = emptyConversation(s.chatSettings);
        // An untouched empty chat is reused rather than piling up blanks.
        const rest = s.conversations.filter((c) => c.id !== s.conversationId || c.turns.length > 0);
        return { conversations: [fresh, ...rest], conversationId: fresh.id, chatTurns: [], ...settingsState(fresh) };
      }),
    switchConversation: (id) =>
      set((s) => {
        const next = s.conversations.find((c) => c.id === id);
        return next ? { conversationId: id, chatTurns: next.turns, ...settingsState(next) } : {};
      }),
    deleteConversation: (id) =>
      set((s) => {
        const rest = s.conversations.filter((c) => c.id !== id);
        if (id !== s.conversationId) return { conversations: rest };
        const next = rest[0] ?? emptyConversation();
        return { conversations: rest.length ? rest : [next], conversationId: next.id, chatTurns: next.turns, ...settingsState(next) };
      }),
  };
};
