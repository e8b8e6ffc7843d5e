// The router against the real built-in vendor servers (child processes over stdio) talking to
// loopback OpenAI-format fakes: failover on a 500, complete streaming, embeddings, models.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../electron/core/router/router.js';
import { createRouterUpstream } from '../../electron/core/router/router-server.js';
import { silentLogger, systemClock } from '../../electron/core/env.js';
import { fakeEmbedding, spawnBuiltinChild, startOpenAiFake, type OpenAiFake, type SpawnedChild } from '../fixtures/vendors/index.js';
import { routerSettings } from '../helpers/test-settings.js';
import { TestUpstreams } from '../helpers/fake-upstreams.js';

const OPENAI_KEY = 'sk-test-router-0123456789abcdef';
const GROQ_KEY = 'gsk_test_router_0123456789abcdef';
const FAST_FAIL = { HTTP_MAX_ATTEMPTS: '1', HTTP_MAX_RETRY_DELAY_MS: '0', HTTP_TIMEOUT_MS: '5000' };

let openaiApi: OpenAiFake;
let groqApi: OpenAiFake;
let children: SpawnedChild[] = [];
let router: Router;
let served: Awaited<ReturnType<typeof createRouterUpstream>>;

beforeAll(async () => {
  openaiApi = await startOpenAiFake({ apiKey: OPENAI_KEY, models: ['gpt-4o-mini', 'text-embedding-3-small'] });
  groqApi = await startOpenAiFake({ apiKey: GROQ_KEY, models: ['llama-3.1-8b-instant'], pathPrefix: '/openai/v1' });
  const [openai, groq] = await Promise.all([
    spawnBuiltinChild('openai.ts', { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: openaiApi.baseUrl, ...FAST_FAIL }),
    spawnBuiltinChild('groq.ts', { GROQ_API_KEY: GROQ_KEY, GROQ_BASE_URL: groqApi.baseUrl, ...FAST_FAIL }),
  ]);
  children = [openai, groq];
  const source = new TestUpstreams();
  source.add({ id: 'openai', client: openai.client, disabledTools: new Set(), namespace: 'openai', timeoutMs: 10_000 });
  source.add({ id: 'groq', client: groq.client, disabledTools: new Set(), namespace: 'groq', timeoutMs: 10_000 });
  const settings = routerSettings({ chatPreference: ['openai', 'groq'] });
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock: systemClock });
  served = await createRouterUpstream(router, { timeoutMs: 30_000 });
});

afterEach(() => {
  openaiApi.setMode('ok');
  groqApi.setMode('ok');
});

afterAll(async () => {
  await served?.close();
  router?.dispose();
  await Promise.all(children.map((c) => c.close()));
  await Promise.all([openaiApi?.close(), groqApi?.close()]);
});

describe('router with the built-in vendor servers', () => {
  it('fails over from an OpenAI 500 to Groq and maps the model', async () => {
    openaiApi.setMode('500');
    const res = await router.chat({ message: 'hello router', model: 'gpt-4o-mini' });
    expect(res.vendor).toBe('groq');
    expect(res.message).toBe('echo: hello router');
    expect(res.model).toBe('llama-3.1-8b-instant');
    expect(res.failover).toEqual([{ vendor: 'openai', error: expect.stringMatching(/500|server/i) }]);
    expect(res.notes).toEqual(['groq: model "gpt-4o-mini" belongs to openai; using "llama-3.1-8b-instant"']);
    expect(groqApi.requests.at(-1)?.body).toMatchObject({ model: 'llama-3.1-8b-instant' });
  });

  it('streams the whole answer through onDelta, even deltas that share a chunk with the result', async () => {
    const deltas: string[] = [];
    const res = await router.chat({ message: 'one two three four five' }, { onDelta: (d) => deltas.push(d) });
    expect(res.vendor).toBe('openai');
    expect(deltas.join('')).toBe('echo: one two three four five');
    expect(openaiApi.requests.at(-1)?.body).toMatchObject({ stream: true });
  });

  it('forwards streamed deltas as progress through the router upstream', async () => {
    const seen: string[] = [];
    const res = await served.upstream.client.callTool(
      { name: 'chat', arguments: { message: 'a b c', vendor: 'groq' } },
      {
        onprogress: (p) => seen.push(p.message ?? ''),
      },
    );
    expect((res.structuredContent as { message: string }).message).toBe('echo: a b c');
    expect(seen.join('')).toBe('echo: a b c');
  });

  it('embeds with OpenAI and lists models from both vendors', async () => {
    const e = await router.embed(['alpha', 'beta']);
    expect(e).toMatchObject({ vendor: 'openai', model: 'text-embedding-3-small', cached: false });
    expect(e.embeddings).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta')]);
    const models = await router.listModels();
    expect(models).toContainEqual({ vendor: 'openai', id: 'gpt-4o-mini' });
    expect(models).toContainEqual({ vendor: 'groq', id: 'llama-3.1-8b-instant' });
    expect(router.vendors().map((v) => [v.vendor, v.capabilities])).toEqual([
      ['openai', ['chat', 'embed', 'listModels']],
      ['groq', ['chat', 'listModels']],
    ]);
  });
});
