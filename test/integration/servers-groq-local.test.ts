// Groq and local-LLM servers as real children against the OpenAI-format fake.
import { copyFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  firstText,
  spawnBuiltinServer,
  startOpenAiFake,
  type OpenAiFake,
  type SpawnedServer,
} from '../fixtures/vendors/index.js';

const GROQ_KEY = 'gsk_TestKey0123456789abcdefXYZ';
let groqFake: OpenAiFake;
let localFake: OpenAiFake;
const servers: SpawnedServer[] = [];

async function spawn(file: string, env: Record<string, string>): Promise<SpawnedServer> {
  const s = await spawnBuiltinServer(file, env);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  groqFake = await startOpenAiFake({ apiKey: GROQ_KEY, models: ['llama-3.1-8b-instant', 'mixtral-8x7b'], pathPrefix: '/openai/v1' });
  localFake = await startOpenAiFake({ apiKey: '', models: ['qwen2.5:0.5b'], reply: () => 'local says hi' });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all([groqFake?.close(), localFake?.close()]);
});

describe('groq server', () => {
  it('chats through the /openai/v1 prefix with its default model', async () => {
    const s = await spawn('groq.ts', { GROQ_API_KEY: GROQ_KEY, GROQ_BASE_URL: groqFake.baseUrl });
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['groq_chat', 'list_models']);
    const res = await s.client.callTool({ name: 'groq_chat', arguments: { message: 'hi groq' } });
    expect(res.structuredContent).toMatchObject({ message: 'echo: hi groq', model: 'llama-3.1-8b-instant' });
    expect(groqFake.requests.at(-1)!.path).toBe('/openai/v1/chat/completions');
    const models = await s.client.callTool({ name: 'list_models', arguments: {} });
    expect(models.structuredContent).toEqual({ vendor: 'Groq', models: ['llama-3.1-8b-instant', 'mixtral-8x7b'] });
  });

  it('streams with progress and scrubs a gsk_ key from errors', async () => {
    const s = await spawn('groq.ts', { GROQ_API_KEY: GROQ_KEY, GROQ_BASE_URL: groqFake.baseUrl });
    const deltas: string[] = [];
    s.client.setNotificationHandler('notifications/progress', (n) => void deltas.push(String(n.params.message)));
    const res = await s.client.callTool({ name: 'groq_chat', arguments: { message: 'a b c' }, _meta: { progressToken: 7 } });
    expect(deltas.join('')).toBe((res.structuredContent as { message: string }).message);
    groqFake.setMode('401', 1);
    const bad = await s.client.callTool({ name: 'groq_chat', arguments: { message: 'x' } });
    expect(bad.isError).toBe(true);
    expect(firstText(bad)).toMatch(/^invalid API key for Groq/);
    expect(JSON.stringify(bad)).not.toContain(GROQ_KEY);
  });
});

describe('local llama server', () => {
  it('uses LOCAL_LLM_BASE_URL and the first listed model when none is configured', async () => {
    const s = await spawn('local-llama.ts', { LOCAL_LLM_BASE_URL: localFake.baseUrl });
    const res = await s.client.callTool({ name: 'local_chat', arguments: { message: 'hello' } });
    expect(res.structuredContent).toMatchObject({ message: 'local says hi', model: 'qwen2.5:0.5b' });
    expect(localFake.requests.at(-1)!.headers.authorization).toBeUndefined();
    const models = await s.client.callTool({ name: 'list_models', arguments: {} });
    expect(models.structuredContent).toEqual({ vendor: 'local LLM', models: ['qwen2.5:0.5b'] });
  });

  it('explains how to get node-llama-cpp when MODEL_PATH is used without it', async () => {
    // The compiled server alone, outside any node_modules: as the packaged app ships it.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'llama-missing-'));
    const file = path.join(dir, 'local_llama.mjs');
    await copyFile(path.join(REPO_ROOT, 'dist/servers/local_llama.mjs'), file);
    const client = new Client({ name: 'servers-test', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [file], cwd: dir, env: { MODEL_PATH: '/models/tiny.gguf' } }),
    );
    servers.push({ client, stderr: () => '', close: () => client.close() });
    const res = await client.callTool({ name: 'local_chat', arguments: { message: 'hello' } });
    expect(res.isError).toBe(true);
    // Both ways of getting it: the npm install, and the desktop app (which ships it, so a reinstall).
    expect(firstText(res)).toBe(
      'node-llama-cpp is not installed. From npm: run npm i node-llama-cpp@3.21.1 beside mcp-orchestrator. ' +
        'In the desktop app it ships in <resources>/local-models, which is missing: reinstall the app. Or set LOCAL_LLM_BASE_URL',
    );
    const models = await client.callTool({ name: 'list_models', arguments: {} });
    expect(models.structuredContent).toEqual({ vendor: 'local LLM', models: ['tiny.gguf'] });
  });

  it('names MODEL_PATH when the model file cannot be loaded', async () => {
    const s = await spawn('local-llama.ts', { MODEL_PATH: '/models/missing.gguf', LOCAL_LLM_THREADS: '1' });
    const res = await s.client.callTool({ name: 'local_chat', arguments: { message: 'hello' } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toMatch(/^could not load MODEL_PATH \/models\/missing\.gguf: /);
    // The server stays up and answers what needs no model.
    const models = await s.client.callTool({ name: 'list_models', arguments: {} });
    expect(models.structuredContent).toEqual({ vendor: 'local LLM', models: ['missing.gguf'] });
  }, 60_000);

  it('with nothing set, says which local servers it tried and what to configure', async () => {
    // A closed port stands in for "no Ollama / LM Studio / llama.cpp here" (the real ports may be taken).
    const gone = await startOpenAiFake({ apiKey: '' });
    await gone.close();
    const s = await spawn('local-llama.ts', { LOCAL_LLM_PROBE_URLS: gone.baseUrl });
    const res = await s.client.callTool({ name: 'local_chat', arguments: { message: 'hello' } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toContain(`no local model server found (tried local server at ${gone.baseUrl})`);
    expect(firstText(res)).toContain('set LOCAL_LLM_BASE_URL or MODEL_PATH');
  });

  it('with nothing set, uses the first probed local server that answers /v1/models', async () => {
    const gone = await startOpenAiFake({ apiKey: '' });
    await gone.close();
    const local = await startOpenAiFake({ apiKey: '', models: ['probed-model'] });
    try {
      const s = await spawn('local-llama.ts', { LOCAL_LLM_PROBE_URLS: `${gone.baseUrl},${local.baseUrl}` });
      const res = await s.client.callTool({ name: 'local_chat', arguments: { message: 'hello' } });
      expect(res.isError).toBeFalsy();
      expect(JSON.stringify(res.structuredContent)).toContain('probed-model');
    } finally {
      await local.close();
    }
  });

  it('reports an unreachable local server clearly', async () => {
    // A port that was just listening and is now closed: connection refused.
    const gone = await startOpenAiFake({ apiKey: '' });
    await gone.close();
    const s = await spawn('local-llama.ts', { LOCAL_LLM_BASE_URL: gone.baseUrl, LOCAL_LLM_MODEL: 'm', HTTP_MAX_ATTEMPTS: '2' });
    const res = await s.client.callTool({ name: 'local_chat', arguments: { message: 'hello' } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toBe(`local LLM is unreachable at ${new URL(gone.baseUrl).origin} (ECONNREFUSED)`);
  });
});
