// Test-side UpstreamSource: real SDK clients connected to real child servers over stdio, or
// to in-process McpServers over InMemoryTransport, plus a gateway/client starter.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { OrchestratorSettings } from '../../shared/types.js';
import { silentLogger, systemClock, type CoreEnv } from '../../electron/core/env.js';
import type { CallRecorder, ListKind, Upstream, UpstreamChange, UpstreamSource } from '../../electron/core/upstream/upstream.js';
import { Gateway, type HttpLimits, type HttpRoute } from '../../electron/core/gateway/gateway.js';
import { pollFor } from '../helpers/wait.js';

export const ALL_KINDS: ListKind[] = ['tools', 'resources', 'prompts'];

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
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.emit({ serverId: id, kinds: ['tools'] }));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => this.emit({ serverId: id, kinds: ['resources'] }));
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => this.emit({ serverId: id, kinds: ['prompts'] }));
  }
}

export interface Connected {
  upstream: Upstream;
  close(): Promise<void>;
}

function makeUpstream(id: string, client: Client, extra: Partial<Upstream>): Upstream {
  return { id, client, disabledTools: new Set(), namespace: id, timeoutMs: 10_000, ...extra };
}

const require = createRequire(import.meta.url);

function binOf(pkg: string): string {
  const pkgJson = require.resolve(`${pkg}/package.json`);
  const bin = JSON.parse(readFileSync(pkgJson, 'utf8')).bin as Record<string, string>;
  return path.join(path.dirname(pkgJson), Object.values(bin)[0]);
}

export async function connectStdio(
  id: string,
  args: string[],
  env: Record<string, string> = {},
  extra: Partial<Upstream> = {},
): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: `test-${id}`, version: '1.0.0' });
  await client.connect(transport);
  return { upstream: makeUpstream(id, client, extra), close: () => client.close() };
}

export function connectEverything(id = 'everything', extra: Partial<Upstream> = {}): Promise<Connected> {
  return connectStdio(id, [binOf('@modelcontextprotocol/server-everything'), 'stdio'], {}, extra);
}

/** server-memory with its graph in a fresh temp folder, removed on close. */
export async function connectMemory(id = 'memory', extra: Partial<Upstream> = {}): Promise<Connected> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-memory-'));
  const conn = await connectStdio(
    id,
    [binOf('@modelcontextprotocol/server-memory')],
    { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') },
    extra,
  );
  return {
    upstream: conn.upstream,
    close: async () => {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface InProcess extends Connected {
  server: McpServer;
}

/** An McpServer in this process, connected over InMemoryTransport. */
export async function connectInProcess(id: string, setup: (server: McpServer) => void, extra: Partial<Upstream> = {}): Promise<InProcess> {
  const server = new McpServer({ name: id, version: '1.0.0' });
  setup(server);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: `test-${id}`, version: '1.0.0' });
  await client.connect(clientSide);
  return {
    server,
    upstream: makeUpstream(id, client, extra),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export class RecordingRecorder implements CallRecorder {
  readonly calls: { serverId: string; ms: number; ok: boolean }[] = [];
  record(serverId: string, ms: number, ok: boolean): void {
    this.calls.push({ serverId, ms, ok });
  }
}

export function testSettings(overrides: Partial<OrchestratorSettings> = {}): OrchestratorSettings {
  return {
    host: '127.0.0.1',
    port: 0,
    defaultTimeoutMs: 10_000,
    retryAttempts: 0,
    pingIntervalMs: 30_000,
    pingTimeoutMs: 5_000,
    backoffInitialMs: 100,
    backoffMaxMs: 1_000,
    crashLoopMaxRestarts: 3,
    crashLoopWindowMs: 60_000,
    maxSessions: 16,
    sessionIdleMs: 60_000,
    maxBodyBytes: 1_000_000,
    routing: {
      chatPreference: [],
      embedPreference: [],
      breakerFailures: 3,
      breakerCooldownMs: 1_000,
      embedCacheTtlMs: 1_000,
      embedCacheMaxEntries: 10,
    },
    ...overrides,
  };
}

export function testEnv(): CoreEnv {
  return { logger: silentLogger, clock: systemClock, dataDir: tmpdir(), processEnv: {} };
}

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface RunningGateway {
  gateway: Gateway;
  url: string;
  port: number;
  recorder: RecordingRecorder;
}

export async function startGateway(
  upstreams: UpstreamSource,
  settings: Partial<OrchestratorSettings> = {},
  routes: HttpRoute[] = [],
  limits: Partial<HttpLimits> = {},
): Promise<RunningGateway> {
  const recorder = new RecordingRecorder();
  const merged = testSettings(settings);
  const gateway = new Gateway({ env: testEnv(), upstreams, recorder, settings: () => merged, getToken: () => TEST_TOKEN, routes, limits });
  const { url, port } = await gateway.start();
  return { gateway, url, port, recorder };
}

/** Connects like an IDE would: the SDK's own client over Streamable HTTP with a bearer token. */
export async function connectClient(url: string, token = TEST_TOKEN): Promise<Client> {
  const client = new Client({ name: 'test-ide', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** Polls a condition with a bounded deadline (no fixed sleeps). */
export async function waitFor(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  await pollFor(cond, what, timeoutMs, 10);
}
