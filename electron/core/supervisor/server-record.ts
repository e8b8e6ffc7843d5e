// The observable side of one supervised server: its config, status fields, log buffer and event
// emission. Every other part of a ManagedServer reports through this one object.
import type { ExitInfo, ServerConfig, ServerState, ServerStatus } from '../../../shared/types.js';
import type { ChildExit } from './connection.js';
import { clampLine, LogBuffer } from './log-buffer.js';
import type { ServerContext } from './server-context.js';
import { decideSandbox } from './sandbox.js';
import { EraMemory } from './era-memory.js';
import { buildStatus, type StatusFields } from './status.js';

export class ServerRecord {
  readonly logs = new LogBuffer();
  readonly f: StatusFields = {
    state: 'stopped',
    pid: null,
    startedAt: null,
    restarts: 0,
    lastError: null,
    lastExit: null,
    nextRestartAt: null,
    presence: {},
    missingEnv: [],
    toolCount: 0,
  };
  /** Set once the server left the config; it then emits no more status. */
  removed = false;
  /** The protocol era the child negotiated last, reused by its next start (era-memory.ts). */
  readonly era: EraMemory;

  constructor(
    public config: ServerConfig,
    private readonly ctx: ServerContext,
  ) {
    this.era = new EraMemory(ctx.env.clock);
  }

  get id(): string {
    return this.config.id;
  }

  get state(): ServerState {
    return this.f.state;
  }

  status(): ServerStatus {
    const sandbox = decideSandbox(this.config.sandbox, this.config.transport, this.ctx.sandbox);
    return buildStatus(this.config, this.f, this.ctx.metrics.summary(this.id), this.ctx.env.clock.now(), sandbox);
  }

  exitInfo(reason: ExitInfo['reason'], exit: ChildExit, message?: string): ExitInfo {
    return { reason, code: exit.code, signal: exit.signal, at: this.ctx.env.clock.now(), ...(message ? { message } : {}) };
  }

  setState(state: ServerState): void {
    this.f.state = state;
    this.emitStatus();
  }

  emitStatus(): void {
    if (!this.removed) this.ctx.emitStatus(this.status());
  }

  system(text: string): void {
    this.log('system', text);
  }

  log(stream: 'stderr' | 'system', text: string): void {
    // Redacted whole, then cut to the line limit: a cut first could leave a secret's prefix unrecognised.
    const line = { serverId: this.id, at: this.ctx.env.clock.now(), stream, text: clampLine(this.ctx.redact(text)) };
    this.logs.push(line);
    this.ctx.emitLog(line);
  }
}
