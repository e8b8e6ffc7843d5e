// The node-llama-cpp path of the local_llama built-in with a real model file: a tiny GGUF that
// test/helpers/tiny-gguf.ts writes (seeded random weights), the compiled server as a child
// process, the MCP SDK client over stdio. The model loads, generates, streams its tokens as
// progress notifications, and a cancelled call stops generating while the server stays up.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyGguf } from '../helpers/tiny-gguf.js';
import { pollFor } from '../helpers/wait.js';
import { REPO_ROOT } from '../fixtures/vendors/index.js';
import { orderRepliesAfterNotifications } from '../../electron/core/gateway/reply-order.js';

interface ChatResult {
  message: string;
  model: string;
  finish_reason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

let dir: string;
let transport: StdioClientTransport;
let client: Client;
let stderr = '';

/** User + system CPU time of a process, in clock ticks (Linux). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tiny-gguf-'));
  const model = await writeTinyGguf(path.join(dir, 'tiny.gguf'));
  transport = new StdioClientTransport({
    command: process.execPath,
    args: ['dist/servers/local_llama.mjs'],
    cwd: REPO_ROOT,
    // One thread: spinning llama.cpp workers on a shared 2-core machine slow it down 100-fold.
    env: { MODEL_PATH: model, LOCAL_LLM_THREADS: '1' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  client = new Client({ name: 'gguf-test', version: '0.0.0' });
  await client.connect(transport);
  // As the orchestrator reads its children: the SDK Client handles a reply before notifications
  // read in the same chunk, so without this the last progress of a quick call can be dropped.
  orderRepliesAfterNotifications(client);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await rm(dir, { recursive: true, force: true });
});

const chat = (args: Record<string, unknown>, options: Parameters<Client['callTool']>[1] = {}) =>
  client.callTool({ name: 'local_chat', arguments: args }, { timeout: 120_000, ...options });

describe('local_llama with MODEL_PATH (node-llama-cpp, tiny GGUF)', () => {
  it('names the model file and generates tokens, streamed as progress', async () => {
    const models = await client.callTool({ name: 'list_models', arguments: {} });
    expect(models.structuredContent).toEqual({ vendor: 'local LLM', models: ['tiny.gguf'] });

    const deltas: string[] = [];
    const res = await chat({ message: 'hello tiny model', max_tokens: 24 }, { onprogress: (p) => void deltas.push(String(p.message)) });
    expect(res.isError, JSON.stringify(res.content)).toBeFalsy();
    const out = res.structuredContent as ChatResult;
    expect(out).toMatchObject({ model: 'tiny.gguf', finish_reason: 'length' });
    expect(out.usage.completion_tokens).toBe(24);
    expect(out.usage.prompt_tokens).toBeGreaterThan(0);
    expect(out.message.trim().length).toBeGreaterThan(0);
    // Every generated piece reached the client as a progress notification, in order.
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(out.message);
    // Seeded weights and greedy sampling: the same prompt gives the same text.
    const again = await chat({ message: 'hello tiny model', max_tokens: 24 });
    expect((again.structuredContent as ChatResult).message).toBe(out.message);
  }, 120_000);

  it('stops generating when the call is cancelled, and keeps serving', async () => {
    const pid = transport.pid!;
    const controller = new AbortController();
    let streamed = 0;
    // Without cancellation this would generate 100,000 tokens: minutes of CPU.
    const call = chat(
      { message: 'tell a long story', max_tokens: 100_000 },
      {
        signal: controller.signal,
        onprogress: () => {
          if (++streamed === 5) controller.abort('user pressed stop');
        },
      },
    );
    await expect(call).rejects.toThrow(/stop|abort/i);
    expect(streamed).toBeGreaterThanOrEqual(5);
    // The child goes quiet: a full second with (almost) no CPU, where generating keeps a core busy.
    await pollFor(
      async () => {
        const before = cpuTicks(pid);
        await new Promise((r) => setTimeout(r, 1000));
        return cpuTicks(pid) - before <= 5;
      },
      'the server to stop generating',
      30_000,
      0,
    );
    // Same process, still answering, and the one context sequence is free again.
    expect(transport.pid).toBe(pid);
    await client.ping();
    const next = await chat({ message: 'hello again', max_tokens: 8 });
    expect(next.structuredContent).toMatchObject({ model: 'tiny.gguf', finish_reason: 'length' });
    expect(stderr).not.toMatch(/error/i);
  }, 120_000);
});
