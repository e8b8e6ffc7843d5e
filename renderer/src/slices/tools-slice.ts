import type { PromptInfo, PromptOutcome, ResourceInfo, ResourceOutcome, ToolCallOutcome } from '../../../shared/contract.js';
import type { ControlEvents } from '../../../shared/contract.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { ToolInfo } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { newRequestId, unwrap } from './helpers.js';

interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

export interface ToolCallState {
  id: string;
  name: string;
  args: Record<string, unknown>;
  pending: boolean;
  startedAt: number;
  durationMs: number | null;
  progress: ToolProgress | null;
  outcome: ToolCallOutcome | null;
  error: ErrorInfo | null;
}

/** What the prompt/resource browser last fetched. */
interface BrowseResult {
  key: string;
  pending: boolean;
  value: PromptOutcome | ResourceOutcome | null;
  error: ErrorInfo | null;
}

/** Enough history to re-run recent calls without keeping every result forever. */
const MAX_TOOL_HISTORY = 20;

export interface ToolsSlice {
  tools: ToolInfo[];
  prompts: PromptInfo[];
  resources: ResourceInfo[];
  selectedTool: string;
  toolCall: ToolCallState | null;
  toolHistory: ToolCallState[];
  browse: BrowseResult | null;
  loadTools(): Promise<void>;
  loadPrompts(): Promise<void>;
  loadResources(): Promise<void>;
  /** Tools, prompts, resources and models together: what changes when servers start or stop. */
  reloadLists(): Promise<void>;
  selectTool(name: string): void;
  callTool(name: string, args: Record<string, unknown>): Promise<void>;
  cancelToolCall(): Promise<void>;
  onToolProgress(event: ControlEvents['toolProgress']): void;
  getPrompt(name: string, args: Record<string, string>): Promise<void>;
  readResource(uri: string): Promise<void>;
}

export const createToolsSlice: SliceCreator<ToolsSlice> = (client) => (set, get) => ({
  tools: [],
  prompts: [],
  resources: [],
  selectedTool: '',
  toolCall: null,
  toolHistory: [],
  browse: null,
  loadTools: async () => {
    const tools = unwrap(get, await client.listTools(), 'Tools');
    if (tools) set({ tools });
  },
  // Servers without prompts/resources are normal; a failure just leaves the list empty.
  loadPrompts: async () => {
    const r = await client.listPrompts();
    set({ prompts: r.ok ? r.value : [] });
  },
  loadResources: async () => {
    const r = await client.listResources();
    set({ resources: r.ok ? r.value : [] });
  },
  reloadLists: async () => {
    await Promise.all([get().loadTools(), get().loadPrompts(), get().loadResources(), get().loadModels(), get().loadTemplates()]);
  },
  selectTool: (selectedTool) => set({ selectedTool, toolCall: null }),
  callTool: async (name, args) => {
    const id = newRequestId();
    const call: ToolCallState = {
      id,
      name,
      args,
      pending: true,
      startedAt: Date.now(),
      durationMs: null,
      progress: null,
      outcome: null,
      error: null,
    };
    set({ toolCall: call });
    const result = await client.callTool(name, args, id);
    const done: ToolCallState = {
      ...(get().toolCall?.id === id ? get().toolCall! : call),
      pending: false,
      durationMs: Date.now() - call.startedAt,
      outcome: result.ok ? result.value : null,
      error: result.ok ? null : result.error,
    };
    set((s) => ({
      toolCall: s.toolCall?.id === id ? done : s.toolCall,
      toolHistory: [done, ...s.toolHistory].slice(0, MAX_TOOL_HISTORY),
    }));
  },
  cancelToolCall: async () => {
    const call = get().toolCall;
    if (call?.pending) unwrap(get, await client.cancel(call.id), 'Cancel');
  },
  onToolProgress: (event) =>
    set((s) => {
      if (s.toolCall?.id !== event.requestId || !s.toolCall.pending) return {};
      const { progress, total, message } = event;
      return { toolCall: { ...s.toolCall, progress: { progress, total, message } } };
    }),
  getPrompt: async (name, args) => {
    const key = `prompt:${name}`;
    set({ browse: { key, pending: true, value: null, error: null } });
    const r = await client.getPrompt(name, args);
    set({ browse: { key, pending: false, value: r.ok ? r.value : null, error: r.ok ? null : r.error } });
  },
  readResource: async (uri) => {
    const key = `resource:${uri}`;
    set({ browse: { key, pending: true, value: null, error: null } });
    const r = await client.readResource(uri);
    set({ browse: { key, pending: false, value: r.ok ? r.value : null, error: r.ok ? null : r.error } });
  },
});
