// OAuth-aware MCP clients probe /.well-known/* before anything else. The gateway is not an OAuth resource server, and
// must say so with a JSON 404, not answer 200 with the web UI's page (which the UI's fallback route would serve).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

describe('/.well-known on the gateway', () => {
  let h: ServeHandle;
  beforeAll(async () => {
    const dir = await tempDir();
    h = await startServe({ servers: {} }, { dir });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 404 JSON for OAuth and OpenID metadata, with or without a token, while the UI still serves its page', async () => {
    for (const p of ['oauth-protected-resource', 'oauth-protected-resource/mcp', 'oauth-authorization-server', 'openid-configuration']) {
      for (const headers of [{}, { authorization: `Bearer ${h.token}` }] as Record<string, string>[]) {
        const res = await fetch(`${h.base}/.well-known/${p}`, { headers });
        expect(res.status, p).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(((await res.json()) as { error: string }).error).toBe('not_found');
      }
    }
    const page = await fetch(`${h.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});
