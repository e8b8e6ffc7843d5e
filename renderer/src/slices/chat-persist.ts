// Conversations survive reloads in localStorage. Only finished turns are kept meaningfully: a turn
// still streaming when the page went away is stored as interrupted, with the text it had.
import type { ErrorInfo } from '../../../shared/errors.js';
import type { AgentStep } from '../../../shared/agent.js';
import type { ChatMessage, ChatResponse } from '../../../shared/types.js';

/** One exchange in the chat panel; persisted with its conversation. */
export interface ChatTurn {
  requestId: string;
  prompt: string;
  vendorAsked: string;
  /** Streamed text so far; replaced by the final message when the response arrives, kept on Stop. */
  text: string;
  response: ChatResponse | null;
  error: ErrorInfo | null;
  /** For "no vendor" errors: which vendors were unusable at that moment, and why. */
  vendorNote?: string;
  pending: boolean;
  startedAt: number;
  /** Agent chat: the tool calls of this turn, as the chat shows them. */
  steps?: AgentStep[];
  /** Agent chat: what the run added to the conversation (calls, tool answers, answer), for the next request. */
  transcript?: ChatMessage[];
}

/** Per-conversation settings: the model sees these with every message of the conversation. */
export interface ChatSettings {
  systemPrompt: string;
  temperature: number | null;
  maxTokens: number | null;
  vendor: string;
  model: string;
  /** Agent chat: the profile whose tools the model gets ('' for none), and tools picked by name. */
  profile: string;
  tools: string[];
}

export const DEFAULT_SETTINGS: ChatSettings = {
  systemPrompt: '',
  temperature: null,
  maxTokens: null,
  vendor: 'auto',
  model: '',
  profile: '',
  tools: [],
};

export interface Conversation {
  id: string;
  title: string;
  turns: ChatTurn[];
  updatedAt: number;
  settings?: ChatSettings;
}

export interface SavedChats {
  conversations: Conversation[];
  currentId: string;
}

const KEY = 'mcp-orchestrator.chats.v1';
/** Bounded so a long-lived browser profile cannot grow without limit. */
const MAX_CONVERSATIONS = 30;

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function settle(t: ChatTurn): ChatTurn {
  if (!t.pending) return t;
  // Steps that were waiting or running when the page went away did not finish.
  const steps = t.steps?.map((s) =>
    s.status === 'running' || s.status === 'awaiting-approval' ? { ...s, status: 'cancelled' as const } : s,
  );
  return { ...t, pending: false, error: { code: 'CANCELLED', message: 'interrupted by a page reload' }, ...(steps ? { steps } : {}) };
}

export function loadChats(store: StorageLike | null = storage()): SavedChats | null {
  const raw = store?.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as SavedChats;
    if (!Array.isArray(parsed.conversations) || typeof parsed.currentId !== 'string') return null;
    const conversations = parsed.conversations.map((c) => ({ ...c, turns: c.turns.map(settle) }));
    return { conversations, currentId: parsed.currentId };
  } catch {
    return null;
  }
}

export function saveChats(chats: SavedChats, store: StorageLike | null = storage()): void {
  try {
    store?.setItem(KEY, JSON.stringify({ ...chats, conversations: chats.conversations.slice(0, MAX_CONVERSATIONS) }));
  } catch {
    // Storage full or blocked (private mode): conversations just stay in memory.
  }
}
