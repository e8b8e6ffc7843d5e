// The agent loop: ask the model with the picked tools, run the calls it asks for (approval first
// where the rule says so), hand the results back, and repeat until it answers or maxRounds is hit.
// Everything it touches comes in as deps, so tests drive it with a scripted model.
import type { AgentChatResponse, AgentStep } from '../../../shared/agent.js';
import { AppError, ErrorCode, errorMessage } from '../../../shared/errors.js';
import type { ChatMessage, ChatRequest, ChatResponse, ChatTool, ChatToolCall, ToolInfo } from '../../../shared/types.js';
import type { Clock } from '../env.js';
import type { ApprovalRule } from './approval-rule.js';
import { mapToolNames, type ToolNameMap } from './tool-names.js';
import { outcomeText, type ToolOutcome } from './tool-outcome.js';

export interface AgentLoopDeps {
  chat(req: ChatRequest, opts: { signal: AbortSignal; onDelta?: (delta: string) => void }): Promise<ChatResponse>;
  /** `approvedByUser`: the user allowed this call in the chat, so the gateway's own approval does not ask again. */
  callTool(name: string, args: Record<string, unknown>, opts: { signal: AbortSignal; approvedByUser: boolean }): Promise<ToolOutcome>;
  /** Waits for the user's Allow (true) or Deny (false); rejects when the run is stopped. */
  approve(step: AgentStep, signal: AbortSignal): Promise<boolean>;
  onStep(step: AgentStep): void;
  needsApproval: ApprovalRule;
  clock: Clock;
}

export interface AgentRun {
  /** The request as the model should see it (messages, vendor, model, temperature, max_tokens). */
  request: ChatRequest;
  tools: ToolInfo[];
  maxRounds: number;
  signal: AbortSignal;
  onDelta?: (delta: string) => void;
}

export const DECLINED = 'The user declined this tool call.';

function functionTools(tools: ToolInfo[], names: ToolNameMap): ChatTool[] {
  return tools.map((t) => {
    const description = (t.description ?? t.title ?? '').slice(0, 1024);
    return {
      type: 'function',
      function: {
        name: names.toFunction.get(t.name) ?? t.name,
        ...(description ? { description } : {}),
        parameters: t.inputSchema,
      },
    };
  });
}

function parseArgs(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const cancelled = (signal: AbortSignal) =>
  signal.reason instanceof AppError ? signal.reason : new AppError(ErrorCode.CANCELLED, 'request cancelled');

export async function runAgent(deps: AgentLoopDeps, run: AgentRun): Promise<AgentChatResponse> {
  const started = deps.clock.now();
  const names = mapToolNames(run.tools.map((t) => t.name));
  const byName = new Map(run.tools.map((t) => [t.name, t]));
  const tools = functionTools(run.tools, names);
  const messages: ChatMessage[] = [...(run.request.messages ?? [])];
  const transcript: ChatMessage[] = [];
  const steps: AgentStep[] = [];
  const failover: ChatResponse['failover'] = [];
  const notes = new Set<string>();
  const ctx = { deps, run, names, byName, steps };
  for (let round = 1; ; round++) {
    const res = await deps.chat(
      { ...run.request, messages, ...(tools.length ? { tools } : {}) },
      { signal: run.signal, onDelta: run.onDelta },
    );
    failover.push(...res.failover);
    for (const n of res.notes ?? []) notes.add(n);
    const calls = res.tool_calls ?? [];
    const said: ChatMessage = { role: 'assistant', content: res.message, ...(calls.length ? { tool_calls: calls } : {}) };
    messages.push(said);
    transcript.push(said);
    if (calls.length === 0) return finish(res, round, false);
    if (round > run.maxRounds) return finish(res, round - 1, true);
    for (const call of calls) {
      const answer: ChatMessage = { role: 'tool', tool_call_id: call.id, content: await runCall(ctx, call, round) };
      messages.push(answer);
      transcript.push(answer);
    }
  }

  function finish(res: ChatResponse, rounds: number, stopped: boolean): AgentChatResponse {
    const message = stopped
      ? `Stopped after ${run.maxRounds} rounds of tool calls without a final answer. Ask again, narrow the question, or allow more rounds.`
      : res.message;
    if (stopped) {
      // The last assistant turn asked for calls that never ran; the history must not claim otherwise.
      transcript.pop();
      transcript.push({ role: 'assistant', content: message });
    }
    const out: AgentChatResponse = {
      ...res,
      message,
      latency_ms: deps.clock.now() - started,
      failover,
      steps,
      rounds,
      transcript,
      ...(stopped ? { stoppedAtRounds: true } : {}),
    };
    delete out.tool_calls;
    if (notes.size) out.notes = [...notes];
    else delete out.notes;
    return out;
  }
}

interface CallCtx {
  deps: AgentLoopDeps;
  run: AgentRun;
  names: ToolNameMap;
  byName: Map<string, ToolInfo>;
  steps: AgentStep[];
}

/** Runs one call and returns what the model is told; updates the step the chat shows as it goes. */
async function runCall(ctx: CallCtx, call: ChatToolCall, round: number): Promise<string> {
  const { deps, run } = ctx;
  const publicName = ctx.names.toPublic.get(call.function.name);
  const info = publicName ? ctx.byName.get(publicName) : undefined;
  const args = parseArgs(call.function.arguments);
  const step: AgentStep = {
    id: call.id,
    round,
    tool: publicName ?? call.function.name,
    server: info?.serverId ?? null,
    arguments: args ?? call.function.arguments,
    status: 'running',
    needsApproval: !!info && deps.needsApproval(info),
  };
  ctx.steps.push(step);
  const update = (patch: Partial<AgentStep>) => {
    Object.assign(step, patch);
    deps.onStep({ ...step });
  };
  // The model may only call what it was given: anything else is refused here, never routed.
  if (!info) {
    update({ status: 'error', error: `"${call.function.name}" is not one of the tools this chat offers` });
    return `Error: there is no tool named "${call.function.name}" in this chat.`;
  }
  if (!args) {
    update({ status: 'error', error: 'the arguments are not a JSON object' });
    return 'Error: the arguments were not a valid JSON object; call the tool again with a JSON object.';
  }
  if (step.needsApproval) {
    update({ status: 'awaiting-approval' });
    const allowed = await deps.approve({ ...step }, run.signal).catch((err: unknown) => {
      update({ status: 'cancelled', error: 'stopped by the user' });
      throw err;
    });
    if (!allowed) {
      update({ status: 'denied', result: DECLINED });
      return DECLINED;
    }
  }
  update({ status: 'running' });
  const t0 = deps.clock.now();
  try {
    const result = await deps.callTool(info.name, args, { signal: run.signal, approvedByUser: step.needsApproval === true });
    const text = outcomeText(result);
    update({ status: result.isError ? 'error' : 'ok', result: text, ms: deps.clock.now() - t0 });
    return result.isError ? `Error: ${text}` : text;
  } catch (err) {
    if (run.signal.aborted) {
      update({ status: 'cancelled', error: 'stopped by the user', ms: deps.clock.now() - t0 });
      throw cancelled(run.signal);
    }
    const message = errorMessage(err);
    update({ status: 'error', error: message, ms: deps.clock.now() - t0 });
    return `Error: ${message}`;
  }
}
