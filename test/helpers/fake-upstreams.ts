// The one test-side UpstreamSource, and upstreams for it: in-process SDK McpServers linked to a
// real SDK Client over InMemoryTransport. Plus the small fakes of the core's env next to them:
// a clock the test moves, and a CallRecorder that keeps what it was told.
import { Client } from '../../electron/core/sdk/client.js';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import type { Clock } from '../../electron/core/env.js';
import type { CallKind, CallRecorder, ListKind, Upstream, UpstreamChange, UpstreamSource } from '../../electron/core/upstream/upstream.js';

const ALL_KINDS: ListKind[] = ['tools', 'resources', 'prompts'];

/** What the supervisor is to the gateway and router: connected upstreams and their list changes. */
export class TestUpstreams implements UpstreamSource {
  private ups: Upstream[] = [];
  private readonly listeners = new Set<(c: UpstreamChange) => void>();

  list(): Upstream[] {
    return [...this.ups];
  }
  get(id: string): Upstream | undefined {
    return this.ups.find((u) => u.id === id);
  }
  onChange(listener: (c: UpstreamChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(change: UpstreamChange): void {
    for (const l of [...this.listeners]) l(change);
  }
  /** Adds (or replaces, by id) an upstream, as a (re)started child. */
  add(up: Upstream): void {
    this.ups = [...this.ups.filter((u) => u.id !== up.id), up];
    this.emit({ serverId: up.id, kinds: ALL_KINDS });
  }
  remove(id: string): void {
    this.ups = this.ups.filter((u) => u.id !== id);
    this.emit({ serverId: id, kinds: ALL_KINDS });
  }
  /** Forwards a child's own list_changed notifications, as the supervisor does. */
  watch(id: string, client: Client): void {
    client.setNotificationHandler('notifications/tools/list_changed', () => this.emit({ serverId: id, kinds: ['tools'] }));
    client.setNotificationHandler('notifications/resources/list_changed', () => this.emit({ serverId: id, kinds: ['resources'] }));
    client.setNotificationHandler('notifications/prompts/list_changed', () => this.emit({ serverId: id, kinds: ['prompts'] }));
  }
}

export function testUpstream(id: string, client: Client, extra: Partial<Upstream> = {}): Upstream {
  return { id, client, disabledTools: new Set(), namespace: id, timeoutMs: 10_000, ...extra };
}

export interface Connected {
  upstream: Upstream;
  close(): Promise<void>;
}

export interface InProcess extends Connected {
  server: McpServer;
}

/** An McpServer in this process, set up by `setup`, connected over InMemoryTransport. */
export async function connectInProcess(id: string, setup: (server: McpServer) => void, extra: Partial<Upstream> = {}): Promise<InProcess> {
  const server = new McpServer({ name: id, version: '1.0.0' });
  setup(server);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: `test-${id}`, version: '1.0.0' });
  await client.connect(clientSide);
  return {
    server,
    upstream: testUpstream(id, client, extra),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export class FakeClock implements Clock {
  constructor(public t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export class RecordingRecorder implements CallRecorder {
  readonly calls: { serverId: string; ms: number; ok: boolean; kind?: CallKind }[] = [];
  record(serverId: string, ms: number, ok: boolean, kind?: CallKind): void {
    this.calls.push({ serverId, ms, ok, ...(kind ? { kind } : {}) });
  }
}
