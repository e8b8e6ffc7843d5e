// Approval before risky calls: the hook every tools/call passes (the pipeline's approval hook,
// gateway/forward-hooks.ts, whichever front received it) before it is sent. It resolves the mode (profile preset, else the server's setting by
// tool glob), and when the call needs approval asks the calling client (elicitation) or the user in the
// app, remembering "allow for this session" per (session, server, tool).
import { McpErrorCode, type ProtocolError } from '../sdk/types.js';
import { approvalMode, needsApproval, type ToolHints } from '../../../shared/approval.js';
import { ErrorCode } from '../../../shared/errors.js';
import type { ApprovalDecision, OrchestratorSettings, ProfileConfig, ServerConfig } from '../../../shared/types.js';
import type { Logger } from '../env.js';
import { ownError, routingError } from '../wire/errors.js';
import type { DownstreamLink } from '../wire/downstream-link.js';
import type { Redact } from '../wire/redaction.js';
import type { Caller } from '../metrics/audit-log.js';
import { askClient, askUser, canElicit, type AskResult } from './approval-ask.js';
import type { QuestionBroker } from './questions.js';

/** One tools/call on its way to a child. */
export interface ApprovalRequest {
  serverId: string;
  tool: string;
  publicName: string;
  args: unknown;
  /** The session's credential and endpoint. */
  caller: Caller;
  /** The admin user calling through the control API (Tools page, `mcp-orchestrator call`): never asked. */
  byUser: boolean;
  /** The downstream request: its client may be asked, and its session remembers "allow for this session". */
  link?: DownstreamLink;
  signal?: AbortSignal;
  /** The tool's annotations, looked up only when the mode depends on them. */
  hints: () => Promise<ToolHints | undefined>;
}

export interface ApprovalResult {
  decision: ApprovalDecision;
  /** Set when the call must not run: the MCP error its client gets. */
  refusal?: ProtocolError;
}

/** What Aggregator asks of the gate (tests may pass their own). */
const BY_USER: ApprovalResult = { decision: 'user' };
const NOT_NEEDED: ApprovalResult = { decision: 'not-needed' };

export interface ApprovalCheck {
  /** At once when nobody has to be asked (the usual case), else once the answer is in. */
  check(req: ApprovalRequest): ApprovalResult | Promise<ApprovalResult>;
}

export interface ApprovalGateOptions {
  broker: QuestionBroker;
  servers: () => readonly ServerConfig[];
  profiles: () => readonly ProfileConfig[];
  settings: () => Pick<OrchestratorSettings, 'approvalTimeoutMs'>;
  redact: Redact;
  logger: Logger;
}

export class ApprovalGate implements ApprovalCheck {
  /** Per session (its SDK Server, or its caller when there is no link): "server\0tool" allowed for the session. */
  private readonly granted = new WeakMap<object, Set<string>>();

  constructor(private readonly opts: ApprovalGateOptions) {}

  check(req: ApprovalRequest): ApprovalResult | Promise<ApprovalResult> {
    if (req.byUser) return BY_USER;
    const mode = this.modeFor(req);
    if (mode === 'never') return NOT_NEEDED;
    return this.checkMode(req, mode);
  }

  private async checkMode(req: ApprovalRequest, mode: Exclude<ReturnType<typeof approvalMode>, 'never'>): Promise<ApprovalResult> {
    if (!needsApproval(mode, await req.hints())) return NOT_NEEDED;
    const key = `${req.serverId}\0${req.tool}`;
    const session = req.link?.server ?? req.caller;
    if (this.granted.get(session)?.has(key)) return { decision: 'session' };
    const timeoutMs = this.opts.settings().approvalTimeoutMs;
    const ask = { timeoutMs, signal: req.signal };
    const viaClient = canElicit(req.link);
    const answer: AskResult = viaClient
      ? await askClient(req.link as DownstreamLink, req, this.opts.redact, ask)
      : await askUser(this.opts.broker, req, this.opts.redact, ask);
    this.opts.logger.info('approval: tool call answered', {
      server: req.serverId,
      tool: req.tool,
      via: viaClient ? 'client' : 'ui',
      answer,
    });
    return this.result(answer, viaClient ? 'client' : 'ui', req, timeoutMs, () => this.remember(session, key));
  }

  private modeFor(req: ApprovalRequest) {
    const preset = req.caller.profile ? this.opts.profiles().find((p) => p.name === req.caller.profile)?.approval : undefined;
    const server = this.opts.servers().find((s) => s.id === req.serverId);
    return approvalMode(server?.approval, req.tool, preset);
  }

  private remember(session: object, key: string): void {
    let keys = this.granted.get(session);
    if (!keys) this.granted.set(session, (keys = new Set()));
    keys.add(key);
  }

  private result(answer: AskResult, via: 'client' | 'ui', req: ApprovalRequest, timeoutMs: number, remember: () => void): ApprovalResult {
    if (answer === 'allow-once') return { decision: via };
    if (answer === 'allow-session') {
      remember();
      return { decision: via };
    }
    if (answer === 'cancelled') {
      return {
        decision: 'cancelled',
        refusal: refusal(McpErrorCode.InvalidRequest, ErrorCode.CANCELLED, 'cancelled while waiting for approval'),
      };
    }
    if (answer === 'timeout') {
      const secs = Math.round(timeoutMs / 1000);
      const msg = `tool call not approved: nobody answered the approval request for ${req.publicName} within ${secs} s (orchestrator.approval_timeout)`;
      return { decision: 'timeout', refusal: refusal(McpErrorCode.RequestTimeout, ErrorCode.TIMEOUT, msg) };
    }
    const msg = `tool call declined by the user: ${req.publicName} was not approved`;
    return { decision: 'denied', refusal: refusal(McpErrorCode.InvalidRequest, ErrorCode.FORBIDDEN, msg) };
  }
}

/** The gateway's own answer: passed to the client as is, not attributed to the server. */
function refusal(mcpCode: number, appCode: ErrorCode, message: string): ProtocolError {
  return ownError(routingError(mcpCode, appCode, message));
}
