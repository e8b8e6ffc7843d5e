// Downstream MCP sessions: one SDK transport + Server each, bounded in number, reaped when
// idle, and told when upstream lists change.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '../sdk/server.js';
import type { OrchestratorSettings } from '../../../shared/types.js';
import type { Logger, TimerHandle, Timers } from '../env.js';
import type { ListKind } from '../upstream/upstream.js';
import type { Aggregator } from './aggregator.js';
import { DualTransport } from './dual-transport.js';
import type { JsonEntry } from './json-entry.js';
import type { Caller } from '../metrics/audit-log.js';
import { createMcpServer, type ServerInfo } from './mcp-server.js';
import type { GatewayView } from './view.js';

export interface Session {
  id: string | undefined;
  transport: DualTransport;
  server: Server;
  /** What the session serves: the full set (the Aggregator) or one profile. */
  view: GatewayView;
  /** The credential that opened it ('admin' or 'client:<name>'); only that credential may use it. */
  owner: string;
  lastActive: number;
  /** POST requests still being answered; a session with any is busy and never reaped. */
  inflight: number;
  /** Open GET (server-to-client) streams. */
  streams: number;
  closed: boolean;
}

const CLIENT_PREFIX = 'client:';

/** The audit log's "who": the owner without its prefix, and the profile's name (a profile view has one). */
export function callerOf(owner: string, view: GatewayView): Caller {
  const client = owner.startsWith(CLIENT_PREFIX) ? owner.slice(CLIENT_PREFIX.length) : owner;
  return { client, profile: view.name ?? null };
}

export interface SessionManagerOptions {
  aggregator: Aggregator;
  serverInfo: ServerInfo;
  clock: Timers;
  logger: Logger;
  settings: () => OrchestratorSettings;
  /** The transport's direct entry into the pipeline (json-entry.ts); off when absent (all via the SDK Server). */
  jsonEntry?: JsonEntry;
}

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  /** Created for an initialize request that has not produced a session id yet. */
  private readonly pending = new Set<Session>();
  private reaper: TimerHandle | undefined;

  constructor(private readonly opts: SessionManagerOptions) {}

  /** The session with this id; when `view` (`owner`) is given, only if it was created on that endpoint (by them). */
  get(id: string, view?: GatewayView, owner?: string): Session | undefined {
    const s = this.sessions.get(id);
    return s && (view === undefined || s.view === view) && (owner === undefined || s.owner === owner) ? s : undefined;
  }

  count(): number {
    return this.sessions.size;
  }

  openStreamCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.streams > 0) n++;
    return n;
  }

  /** A new session, evicting the least recently used idle one at the cap; null if all are busy. */
  async create(view: GatewayView = this.opts.aggregator, owner = 'admin'): Promise<Session | null> {
    const cap = Math.max(1, this.opts.settings().maxSessions);
    if (this.sessions.size + this.pending.size >= cap) {
      const victim = this.leastRecentlyUsedIdle();
      if (!victim) return null;
      this.opts.logger.info('gateway: session cap reached, closing least recently used idle session', { id: victim.id });
      await this.close(victim);
    }
    const caller = callerOf(owner, view);
    const server = createMcpServer(this.opts.aggregator.pipeline, view, this.opts.serverInfo, caller);
    const session: Session = {
      id: undefined,
      transport: new DualTransport({
        onInitialized: (id) => {
          session.id = id;
          this.pending.delete(session);
          this.sessions.set(id, session);
        },
        bufferBytes: () => this.opts.settings().clientBufferBytes,
        // The session survives: its client may reconnect.
        onDrop: (stream, buffered) =>
          this.opts.logger.warn(`gateway: dropping a ${stream} stream whose reader stopped reading`, { id: session.id, buffered }),
      }),
      server,
      view,
      owner,
      lastActive: this.opts.clock.now(),
      inflight: 0,
      streams: 0,
      closed: false,
    };
    const fast = this.opts.jsonEntry;
    if (fast) session.transport.interceptor = fast.forSession(server, view, (m) => session.transport.send(m), caller);
    server.onclose = () => this.forget(session);
    this.pending.add(session);
    await server.connect(session.transport);
    return session;
  }

  /** Hands one HTTP request to the session's transport, tracking activity for reaping. */
  async handle(session: Session, req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    const isStream = req.method === 'GET';
    if (isStream) session.streams++;
    else session.inflight++;
    session.lastActive = this.opts.clock.now();
    res.once('close', () => {
      if (isStream) session.streams--;
      else session.inflight--;
      session.lastActive = this.opts.clock.now();
    });
    await session.transport.handle(req, res, body);
    // An initialize that failed never got an id; nothing else can reach that session.
    if (session.id === undefined && this.pending.has(session)) await this.close(session);
  }

  private leastRecentlyUsedIdle(): Session | undefined {
    let best: Session | undefined;
    for (const s of this.sessions.values()) {
      if (s.inflight > 0) continue;
      if (!best || s.lastActive < best.lastActive) best = s;
    }
    return best;
  }

  private forget(session: Session): void {
    session.closed = true;
    this.pending.delete(session);
    if (session.id !== undefined && this.sessions.get(session.id) === session) this.sessions.delete(session.id);
  }

  async close(session: Session): Promise<void> {
    this.forget(session);
    await session.server.close().catch(() => undefined);
  }

  /** Closes every session of one view (a profile that was removed from the config). */
  async closeView(view: GatewayView): Promise<void> {
    const all = [...this.sessions.values(), ...this.pending].filter((s) => s.view === view);
    await Promise.all(all.map((s) => this.close(s)));
  }

  /** Closes every session one credential opened (a revoked client token). */
  async closeOwner(owner: string): Promise<void> {
    const all = [...this.sessions.values(), ...this.pending].filter((s) => s.owner === owner);
    await Promise.all(all.map((s) => this.close(s)));
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values(), ...this.pending];
    await Promise.all(all.map((s) => this.close(s)));
  }

  /** Closes sessions with no request in flight and no activity for sessionIdleMs. */
  async reapIdle(): Promise<number> {
    const idleMs = this.opts.settings().sessionIdleMs;
    const now = this.opts.clock.now();
    const idle = [...this.sessions.values()].filter((s) => s.inflight === 0 && now - s.lastActive >= idleMs);
    await Promise.all(idle.map((s) => this.close(s)));
    if (idle.length > 0) this.opts.logger.debug('gateway: reaped idle sessions', { count: idle.length });
    return idle.length;
  }

  startReaper(): void {
    this.stopReaper();
    const every = Math.max(50, Math.min(this.opts.settings().sessionIdleMs / 2, 60_000));
    this.reaper = this.opts.clock.setInterval(() => void this.reapIdle(), every);
    // The reaper alone must not keep the process alive.
    this.reaper.unref();
  }

  stopReaper(): void {
    if (this.reaper) this.opts.clock.clearInterval(this.reaper);
    this.reaper = undefined;
  }

  /** Tells the sessions of `view` (all sessions when omitted) that these lists changed. */
  notifyListChanged(kinds: Set<ListKind>, view?: GatewayView): void {
    for (const s of this.sessions.values()) {
      if (view !== undefined && s.view !== view) continue;
      const sends: Promise<void>[] = [];
      if (kinds.has('tools')) sends.push(s.server.sendToolListChanged());
      if (kinds.has('resources')) sends.push(s.server.sendResourceListChanged());
      if (kinds.has('prompts')) sends.push(s.server.sendPromptListChanged());
      // A session whose stream just went away is not an error worth surfacing.
      Promise.all(sends).catch(() => undefined);
    }
  }
}
