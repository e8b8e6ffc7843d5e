// Agent chat for the control API: picks the tools (a profile's and/or named ones), runs the loop
// with the router as the model and the gateway's call path for tools (metrics and audit apply;
// the caller is `chat`), and holds the calls that wait for Allow/Deny.
import { AGENT_DEFAULT_ROUNDS, type AgentChatRequest, type AgentChatResponse, type AgentStep } from '../../../shared/agent.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { ChatRequest, ChatResponse, ToolInfo } from '../../../shared/types.js';
import type { Clock } from '../env.js';
import { runAgent } from './agent-loop.js';
import { needsApproval as defaultRule, type ApprovalRule } from './approval-rule.js';
import { ApprovalBoard } from './approvals.js';
import type { ToolOutcome } from './tool-outcome.js';

/** Most vendors refuse more function tools than this in one request (OpenAI: 128). */
export const MAX_AGENT_TOOLS = 128;
/** The audit log's caller for calls the chat makes. */
const CHAT_CLIENT = 'chat';

export interface AgentServiceDeps {
  chat(req: ChatRequest, opts: { signal?: AbortSignal; onDelta?: (delta: string) => void }): Promise<ChatResponse>;
  listTools(): Promise<ToolInfo[]>;
  profileTools(name: string): Promise<ToolInfo[]>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    opts: { signal?: AbortSignal; caller?: { client: string; profile: string | null }; byUser?: boolean },
  ): Promise<ToolOutcome>;
  onStep(requestId: string, step: AgentStep): void;
  clock: Clock;
  rule?: ApprovalRule;
}

export class AgentService {
  readonly approvals = new ApprovalBoard();

  constructor(private readonly deps: AgentServiceDeps) {}

  async chat(
    requestId: string,
    req: AgentChatRequest,
    opts: { signal: AbortSignal; onDelta?: (delta: string) => void },
  ): Promise<AgentChatResponse> {
    const { profile, toolNames, maxRounds, ...chat } = req;
    const tools = await this.pickTools(profile, toolNames);
    const caller = { client: CHAT_CLIENT, profile: profile ?? null };
    return runAgent(
      {
        chat: (r, o) => this.deps.chat(r, o),
        // A call the user allowed in the chat is theirs: the gateway's approval would only ask twice. Calls
        // the chat did not ask about (read-only tools) still meet the trust policy (an "always" server asks).
        callTool: (name, args, o) =>
          this.deps.callTool(name, args, { signal: o.signal, caller, ...(o.approvedByUser ? { byUser: true } : {}) }),
        approve: (step, signal) => this.approvals.wait(requestId, step.id, signal),
        onStep: (step) => this.deps.onStep(requestId, step),
        needsApproval: this.deps.rule ?? defaultRule,
        clock: this.deps.clock,
      },
      { request: chat, tools, maxRounds: maxRounds ?? AGENT_DEFAULT_ROUNDS, signal: opts.signal, onDelta: opts.onDelta },
    );
  }

  /** The enabled tools of the profile plus the named ones; a name that matches no tool is an error. */
  private async pickTools(profile: string | undefined, names: string[] | undefined): Promise<ToolInfo[]> {
    const picked = new Map<string, ToolInfo>();
    if (profile) for (const t of await this.deps.profileTools(profile)) picked.set(t.name, t);
    if (names?.length) {
      const all = new Map((await this.deps.listTools()).map((t) => [t.name, t]));
      const unknown = names.filter((n) => !all.has(n));
      if (unknown.length) throw new AppError(ErrorCode.BAD_REQUEST, `no such tool: ${unknown.join(', ')}`);
      for (const n of names) picked.set(n, all.get(n) as ToolInfo);
    }
    const tools = [...picked.values()].filter((t) => t.enabled);
    if (tools.length > MAX_AGENT_TOOLS) {
      throw new AppError(
        ErrorCode.BAD_REQUEST,
        `${tools.length} tools is more than a model takes in one chat (${MAX_AGENT_TOOLS}); pick a smaller profile or fewer tools`,
      );
    }
    return tools;
  }
}
