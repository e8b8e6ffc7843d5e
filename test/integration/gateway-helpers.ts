// Real child servers (over stdio) as upstreams, and a gateway with an IDE-like client to test them
// through. The fake upstream source and the in-process servers are in test/helpers/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as UpstreamClient } from '../../electron/core/sdk/client.js';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { OrchestratorSettings } from '../../shared/types.js';
import type { Upstream, UpstreamSource } from '../../electron/core/upstream/upstream.js';
import { Gateway, type HttpLimits, type HttpRoute } from '../../electron/core/gateway/gateway.js';
import { RecordingRecorder, testUpstream, type Connected } from '../helpers/fake-upstreams.js';
import { testEnv, testSettings } from '../helpers/test-settings.js';

const require = createRequire(import.meta.url);

export function binOf(pkg: string): string {
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
  const client = new UpstreamClient({ name: `test-${id}`, version: '1.0.0' });
  await client.connect(transport);
  return { upstream: testUpstream(id, client, extra), close: () => client.close() };
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

/** Connects like an IDE would: the SDK's own (v2) client over Streamable HTTP with a bearer token, in the 2025 era. */
export async function connectClient(url: string, token = TEST_TOKEN): Promise<Client> {
  const client = new Client({ name: 'test-ide', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

// Their earlier home: tests written against it keep working.
export { connectInProcess, RecordingRecorder, TestUpstreams, type Connected, type InProcess } from '../helpers/fake-upstreams.js';
export { testEnv, testSettings } from '../helpers/test-settings.js';
