// Agent chat: the model gets MCP tools as function tools and calls them in a loop until it answers.
// These are the shapes the control API and the UI share; the loop itself is electron/core/agent/.
import type { ChatMessage, ChatRequest, ChatResponse } from './types.js';

/** Default and ceiling for the rounds of tool calls one question may take. */
export const AGENT_DEFAULT_ROUNDS = 8;
export const AGENT_MAX_ROUNDS = 32;

export interface AgentChatRequest extends ChatRequest {
  /** The profile whose tools the model gets. */
  profile?: string;
  /** Public tool names the model gets (beside or instead of a profile's). */
  toolNames?: string[];
  /** Rounds of tool calls before the loop gives up (default AGENT_DEFAULT_ROUNDS). */
  maxRounds?: number;
}

/** awaiting-approval → running → ok | error; or denied; or cancelled (Stop). */
type AgentStepStatus = 'awaiting-approval' | 'running' | 'ok' | 'error' | 'denied' | 'cancelled';

/** One tool call the model asked for, as the chat shows it. */
export interface AgentStep {
  /** The model's id for the call (unique within the run). */
  id: string;
  round: number;
  /** The public tool name (`server__tool`); the function name the model used when it named no known tool. */
  tool: string;
  server: string | null;
  /** Parsed arguments, or the raw text when the model wrote invalid JSON. */
  arguments: unknown;
  status: AgentStepStatus;
  needsApproval: boolean;
  /** The text the model was given back (the tool's result, or why there was none). */
  result?: string;
  error?: string;
  /** Milliseconds the tool call took (not counting the wait for approval). */
  ms?: number;
}

export interface AgentChatResponse extends ChatResponse {
  steps: AgentStep[];
  rounds: number;
  /** Set when the loop stopped at maxRounds without a final answer. */
  stoppedAtRounds?: boolean;
  /** What this run added to the conversation (the assistant's calls, tool answers, the final answer). */
  transcript: ChatMessage[];
}
