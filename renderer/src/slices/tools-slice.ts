import type { ToolCallOutcome } from '../../../shared/contract.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { ToolInfo } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface ToolCallState {
  name: string;
  pending: boolean;
  outcome: ToolCallOutcome | null;
  error: ErrorInfo | null;
}

export interface ToolsSlice {
  tools: ToolInfo[];
  selectedTool: string;
  toolCall: ToolCallState | null;
  loadTools(): Promise<void>;
  selectTool(name: string): void;
  callTool(name: string, args: Record<string, unknown>): Promise<void>;
}

export const createToolsSlice: SliceCreator<ToolsSlice> = (client) => (set, get) => ({
  tools: [],
  selectedTool: '',
  toolCall: null,
  loadTools: async () => {
    const tools = unwrap(get, await client.listTools(), 'Tools');
    if (tools) set({ tools });
  },
  selectTool: (selectedTool) => set({ selectedTool, toolCall: null }),
  callTool: async (name, args) => {
    set({ toolCall: { name, pending: true, outcome: null, error: null } });
    const result = await client.callTool(name, args);
    set({
      toolCall: result.ok
        ? { name, pending: false, outcome: result.value, error: null }
        : { name, pending: false, outcome: null, error: result.error },
    });
  },
});
