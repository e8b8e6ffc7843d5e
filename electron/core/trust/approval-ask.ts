// The two ways a tool call's approval is asked: of the calling client itself with elicitation/create
// (when its session declared form elicitation), or of the user in the app (the question broker, shown
// by the UI and the tray). Both offer the same three answers (shared/approval.ts).
import { ANY_RESULT } from '../sdk/validation.js';
import { APPROVAL_CHOICES, type ApprovalChoice } from '../../../shared/approval.js';
import type { Caller } from '../metrics/audit-log.js';
import type { DownstreamLink } from '../wire/downstream-link.js';
import { redactDeep, type Redact } from '../wire/redaction.js';
import type { QuestionBroker } from './questions.js';

/** One call waiting for approval, as the question describes it. */
export interface ApprovalSubject {
  serverId: string;
  tool: string;
  publicName: string;
  args: unknown;
  caller: Caller;
}

/** What came back: a choice, nobody answered in time, or the call went away first. */
export type AskResult = ApprovalChoice | 'timeout' | 'cancelled';

/** Arguments as the user sees them: secrets redacted, long values cut (the full call is the client's). */
const MAX_ARGS_CHARS = 2_000;
function shownArgs(args: unknown, redact: Redact): string {
  const text = JSON.stringify(redactDeep(args ?? {}, redact), null, 2);
  return text.length > MAX_ARGS_CHARS ? `${text.slice(0, MAX_ARGS_CHARS)}… (${text.length} characters)` : text;
}

function who(caller: Caller): string {
  return caller.profile ? `${caller.client} (profile "${caller.profile}")` : caller.client;
}

function approvalMessage(s: ApprovalSubject, redact: Redact): string {
  return `Allow ${who(s.caller)} to run the tool "${s.tool}" of the server "${s.serverId}"?\n` + `Arguments:\n${shownArgs(s.args, redact)}`;
}

/** Whether the session's client can take a form-mode elicitation (the same rule the peer bridge applies). */
export function canElicit(link: DownstreamLink | undefined): link is DownstreamLink {
  const el = link?.server.getClientCapabilities()?.elicitation as { form?: object; url?: object } | undefined;
  return el !== undefined && (el.form !== undefined || el.url === undefined);
}

const isChoice = (v: unknown): v is ApprovalChoice => APPROVAL_CHOICES.some((c) => c.value === v);

/** Asks the calling client; accept with a choice is that choice, decline and cancel are "deny". */
export async function askClient(
  link: DownstreamLink,
  s: ApprovalSubject,
  redact: Redact,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<AskResult> {
  const requestedSchema = {
    type: 'object',
    properties: {
      decision: {
        type: 'string',
        title: 'Decision',
        enum: APPROVAL_CHOICES.map((c) => c.value),
        enumNames: APPROVAL_CHOICES.map((c) => c.label),
        default: 'allow-once',
      },
    },
    required: ['decision'],
  };
  const params = { message: approvalMessage(s, redact), requestedSchema };
  let reply: { action?: unknown; content?: { decision?: unknown } };
  try {
    reply = (await link.sendRequest({ method: 'elicitation/create', params }, ANY_RESULT, {
      signal: opts.signal,
      timeout: opts.timeoutMs,
    })) as typeof reply;
  } catch (err) {
    if (opts.signal?.aborted) return 'cancelled';
    // The SDK's own request timeout; any other failure of the client to ask counts as no.
    if ((err as { code?: unknown }).code === -32001) return 'timeout';
    return 'deny';
  }
  if (reply.action !== 'accept') return 'deny';
  const decision = reply.content?.decision;
  // An accept without a valid decision is not a yes: the form requires one.
  return isChoice(decision) ? decision : 'deny';
}

/** Asks the user in the app; an answer outside the choices cannot reach here (the broker refuses it). */
export async function askUser(
  broker: QuestionBroker,
  s: ApprovalSubject,
  redact: Redact,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<AskResult> {
  const outcome = await broker.ask(
    {
      kind: 'tool-approval',
      title: `Approve ${s.publicName}?`,
      message: approvalMessage(s, redact),
      details: { server: s.serverId, tool: s.tool, publicName: s.publicName, client: s.caller.client, profile: s.caller.profile },
      choices: APPROVAL_CHOICES.map((c) => ({ ...c })),
    },
    opts,
  );
  if (outcome.status !== 'answered') return outcome.status;
  return isChoice(outcome.value) ? outcome.value : 'deny';
}
