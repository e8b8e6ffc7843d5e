// The UI as the client of its own tool calls. A tool called from the Tools page has no MCP session,
// so a child that asks back (sampling, elicitation, roots) had nobody to ask. Each UI call gets a
// DownstreamLink whose requests become `peerRequest` events; the UI answers with answerPeerRequest.
// A request ends when answered, after a timeout, or when its tool call ends (then it is cancelled).
import type { ClientCapabilities, Result } from '../sdk/types.js';
import { McpErrorCode, ProtocolError } from '../sdk/types.js';
import type { PeerAnswer, PeerRequestDoneEvent, PeerRequestEvent, PeerRequestMethod } from '../../../shared/contract.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { RootEntry } from '../../../shared/types.js';
import type { DownstreamLink } from '../wire/downstream-link.js';

/** A person answers; past this the child gets an error (its own, shorter timeout may come first). */
const UI_ANSWER_TIMEOUT_MS = 5 * 60_000;
const NAMESPACE = '__';

export interface UiPeerOptions {
  emitRequest(event: PeerRequestEvent): void;
  emitDone(event: PeerRequestDoneEvent): void;
  /** The configured roots (orchestrator.roots), read at the moment of asking. */
  roots(): RootEntry[];
  /** Answers a sampling request through the router: called only on the user's explicit choice. */
  sample(params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>>;
  timeoutMs?: number;
  /** Starts a timer and returns its cancel (the core passes env.clock's, tests their own). */
  setTimer: (fn: () => void, ms: number) => () => void;
}

interface Pending {
  event: PeerRequestEvent;
  resolve(result: Result): void;
  reject(err: unknown): void;
  /** Aborted when the request ends any way but an answer (tool call over, child cancelled, timeout). */
  abort: AbortController;
}

export interface UiCallLink {
  link: DownstreamLink;
  /** The tool call ended: whatever it still waits for is cancelled. */
  close(): void;
}

export class UiPeer {
  private readonly pending = new Map<string, Pending>();
  private next = 0;

  constructor(private readonly opts: UiPeerOptions) {}

  /** What the UI declares: sampling and form elicitation always; roots only when some are configured. */
  capabilities(): ClientCapabilities {
    const caps: ClientCapabilities = { sampling: {}, elicitation: { form: {} } };
    if (this.opts.roots().length > 0) caps.roots = { listChanged: false };
    return caps;
  }

  /** A link for one UI tool call; every call has its own, so two UI calls on one stdio child are ambiguous, as two sessions are. */
  open(tool: string, callRequestId?: string): UiCallLink {
    const mine = new Set<string>();
    const session = { getClientCapabilities: () => this.capabilities() };
    const link: DownstreamLink = {
      server: session,
      sendRequest: (request, _schema, options) => {
        const method = request.method as PeerRequestMethod;
        if (method === 'roots/list') return Promise.resolve({ roots: this.opts.roots().map((r) => ({ ...r })) });
        const sep = tool.indexOf(NAMESPACE);
        const event: PeerRequestEvent = {
          id: `peer-${++this.next}`,
          tool,
          ...(sep > 0 ? { server: tool.slice(0, sep) } : {}),
          ...(callRequestId ? { callRequestId } : {}),
          method,
          params: request.params ?? {},
        };
        mine.add(event.id);
        return this.ask(event, options?.signal).finally(() => mine.delete(event.id));
      },
      // Log lines about a UI call already reach the server's log view.
      sendNotification: async () => undefined,
    };
    return { link, close: () => [...mine].forEach((id) => this.end(id, 'cancelled')) };
  }

  private ask(event: PeerRequestEvent, signal: AbortSignal | undefined): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const abort = new AbortController();
      const entry: Pending = { event, resolve, reject, abort };
      this.pending.set(event.id, entry);
      const clear = this.opts.setTimer(() => this.end(event.id, 'timeout'), this.opts.timeoutMs ?? UI_ANSWER_TIMEOUT_MS);
      const onAbort = () => this.end(event.id, 'cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      abort.signal.addEventListener('abort', () => (clear(), signal?.removeEventListener('abort', onAbort)), { once: true });
      this.opts.emitRequest(event);
    });
  }

  /** Settles a request without an answer; the child gets an MCP error. */
  private end(id: string, outcome: 'timeout' | 'cancelled'): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.abort.abort();
    const what = outcome === 'timeout' ? 'was not answered in time' : 'was cancelled: its tool call ended';
    p.reject(new ProtocolError(McpErrorCode.RequestTimeout, `${p.event.method} to the orchestrator's UI ${what}`));
    this.opts.emitDone({ id, outcome });
  }

  /** The UI's answer. Returns the result sent to the child (the router's, for `router`). */
  async answer(id: string, answer: PeerAnswer): Promise<Record<string, unknown> | null> {
    const p = this.pending.get(id);
    if (!p) throw new AppError(ErrorCode.BAD_REQUEST, `no pending request "${id}" (answered, timed out or cancelled)`);
    let result: Record<string, unknown> | null = null;
    if ('router' in answer) {
      if (p.event.method !== 'sampling/createMessage') {
        throw new AppError(ErrorCode.BAD_REQUEST, `only a sampling request can be answered by the router, not ${p.event.method}`);
      }
      result = await this.opts.sample(p.event.params, p.abort.signal);
      // It may have ended while the router worked.
      if (!this.pending.has(id)) return result;
      p.resolve(result);
    } else if ('result' in answer) {
      result = answer.result;
      p.resolve(result);
    } else {
      p.reject(new ProtocolError(answer.error.code ?? McpErrorCode.InvalidRequest, answer.error.message));
    }
    this.pending.delete(id);
    p.abort.abort();
    this.opts.emitDone({ id, outcome: 'answered' });
    return result;
  }

  /** Requests still waiting (for a UI that connects late). */
  waiting(): PeerRequestEvent[] {
    return [...this.pending.values()].map((p) => p.event);
  }
}
