// Embeddings never mix, with real vendor servers: two built-in openai servers (child processes over
// stdio) in front of two loopback OpenAI-format fakes whose vectors differ in size (3 and 2). A
// failure mid-request moves the whole request to the other vendor; the cache never joins them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../electron/core/router/router.js';
import { silentLogger, systemClock } from '../../electron/core/env.js';
import { fakeEmbedding, spawnBuiltinChild, startOpenAiFake, type OpenAiFake, type SpawnedChild } from '../fixtures/vendors/index.js';
import { routerSettings } from '../helpers/test-settings.js';
import { TestUpstreams } from '../helpers/fake-upstreams.js';

const KEY = 'sk-test-embed-0123456789abcdef';
const FAST_FAIL = { HTTP_MAX_ATTEMPTS: '1', HTTP_MAX_RETRY_DELAY_MS: '0', HTTP_TIMEOUT_MS: '5000' };

let primaryApi: OpenAiFake;
let backupApi: OpenAiFake;
let children: SpawnedChild[] = [];
let router: Router;

const inputsSent = (f: OpenAiFake) =>
  f.requests.filter((r) => r.path.endsWith('/embeddings')).map((r) => (r.body as { input: unknown }).input);

beforeAll(async () => {
  primaryApi = await startOpenAiFake({ apiKey: KEY, embeddingDim: 3 });
  backupApi = await startOpenAiFake({ apiKey: KEY, embeddingDim: 2 });
  children = await Promise.all([
    spawnBuiltinChild('openai.ts', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: primaryApi.baseUrl, ...FAST_FAIL }),
    spawnBuiltinChild('openai.ts', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: backupApi.baseUrl, ...FAST_FAIL }),
  ]);
  const source = new TestUpstreams();
  source.add({ id: 'openai', client: children[0].client, disabledTools: new Set(), namespace: 'openai', timeoutMs: 10_000 });
  source.add({ id: 'backup', client: children[1].client, disabledTools: new Set(), namespace: 'backup', timeoutMs: 10_000 });
  const settings = routerSettings({ embedPreference: ['openai', 'backup'] });
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock: systemClock });
}, 60_000);

afterAll(async () => {
  router?.dispose();
  await Promise.all(children.map((c) => c.close()));
  await Promise.all([primaryApi?.close(), backupApi?.close()]);
});

describe('embeddings across two real vendors of different dimensions', () => {
  it('keeps every answer to one vendor, model and size, through a failover and the cache', async () => {
    const first = await router.embed(['alpha']);
    expect(first).toEqual({
      embeddings: [fakeEmbedding('alpha', 3)],
      vendor: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 3,
      cached: false,
      failover: [],
    });

    // 'alpha' is cached from openai; openai now fails on 'beta', so backup embeds both texts itself.
    primaryApi.setMode('500');
    const moved = await router.embed(['alpha', 'beta']);
    expect(moved).toMatchObject({ vendor: 'backup', dimensions: 2, cached: false });
    expect(moved.failover).toEqual([{ vendor: 'openai', error: expect.stringMatching(/500|server error/i) }]);
    expect(moved.embeddings).toEqual([fakeEmbedding('alpha', 2), fakeEmbedding('beta', 2)]);
    expect(inputsSent(backupApi)).toEqual([['alpha', 'beta']]);
    expect(inputsSent(primaryApi)).toEqual([['alpha'], ['beta']]);

    // Back to health. backup holds both texts: answered from its cache, all backup's, no call.
    primaryApi.setMode('ok');
    expect(await router.embed(['beta', 'alpha'])).toEqual({
      embeddings: [fakeEmbedding('beta', 2), fakeEmbedding('alpha', 2)],
      vendor: 'backup',
      model: 'text-embedding-3-small',
      dimensions: 2,
      cached: true,
      failover: [],
    });
    // A new text: openai (first) uses its own cached 'alpha' and embeds only 'gamma', never backup's vectors.
    const fresh = await router.embed(['alpha', 'gamma']);
    expect(fresh).toMatchObject({ vendor: 'openai', dimensions: 3, cached: false });
    expect(fresh.embeddings).toEqual([fakeEmbedding('alpha', 3), fakeEmbedding('gamma', 3)]);
    expect(inputsSent(primaryApi)).toEqual([['alpha'], ['beta'], ['gamma']]);
    expect(inputsSent(backupApi)).toHaveLength(1);
  });
});
