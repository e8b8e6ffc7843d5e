// The small parts around the OAuth client (issue 21 item 6): which failures mean "needs sign-in", the
// challenge watcher, the vault's serialised updates, and the redactor learning every token it stores.
import { describe, expect, it } from 'vitest';
import { signInNeeded, watchChallenges, type AuthChallenge } from '../../../../electron/core/oauth/auth-challenge.js';
import { OAuthVault } from '../../../../electron/core/oauth/oauth-vault.js';
import { redactingBackend } from '../../../../electron/core/oauth/vault-redaction.js';
import { UnauthorizedError } from '../../../../electron/core/sdk/auth.js';
import { MemorySecretStore } from '../../../../electron/core/secrets/secret-store.js';
import { Redactor } from '../../../../electron/core/secrets/redact.js';

const answer = (status: number, header?: string) => async () =>
  new Response('{}', { status, headers: header ? { 'www-authenticate': header } : {} });

describe('challenge watcher', () => {
  it('reports a Bearer 401 and a 403 insufficient_scope with the scope, and nothing else', async () => {
    const seen: AuthChallenge[] = [];
    const run = (status: number, header?: string) => watchChallenges(answer(status, header), (c) => seen.push(c))('http://x/mcp');
    await run(401, 'Bearer resource_metadata="http://x/.well-known/oauth-protected-resource", scope="mcp"');
    await run(401, 'Bearer error="invalid_token"');
    await run(403, 'Bearer error="insufficient_scope", scope="mcp admin"');
    await run(403, 'Bearer error="forbidden"');
    await run(401, 'Basic realm="x"');
    await run(401);
    await run(500);
    expect(seen).toEqual([
      { status: 401, scope: 'mcp' },
      { status: 401, error: 'invalid_token' },
      { status: 403, error: 'insufficient_scope', scope: 'mcp admin' },
    ]);
  });
});

describe('challenge watcher on the MCP endpoint', () => {
  const refusal = () => new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
  const sending = (token: string) => ({ headers: new Headers({ authorization: `Bearer ${token}` }) });

  it('marks a 401 for a new token after a refusal as repeated; a success or another URL in between does not count', async () => {
    // [url, token sent, status]
    const steps: Array<['mcp' | 'token', string, number]> = [
      ['mcp', 'a', 401], // refused: the SDK refreshes
      ['mcp', 'b', 200], // the refreshed token works
      ['mcp', 'b', 401], // refused later: refresh again
      ['mcp', 'c', 401], // and the refreshed one is refused too: repeated
      ['token', '', 200], // the token endpoint's success does not clear it
      ['mcp', 'd', 401], // repeated still
    ];
    let i = 0;
    const inner = async () => (steps[i][2] === 401 ? refusal() : new Response('{}'));
    const seen: AuthChallenge[] = [];
    const fetch = watchChallenges(inner, (c) => seen.push(c), 'http://x/mcp');
    for (; i < steps.length; i++) {
      const [where, token] = steps[i];
      await fetch(where === 'mcp' ? 'http://x/mcp' : 'http://x/token', sending(token));
    }
    expect(seen.map((c) => c.repeated ?? false)).toEqual([false, false, true, true]);
  });

  it('the same token refused by parallel requests is one expiry, not a refreshed token refused again', async () => {
    const seen: AuthChallenge[] = [];
    const fetch = watchChallenges(
      async () => refusal(),
      (c) => seen.push(c),
      'http://x/mcp',
    );
    await Promise.all([1, 2, 3].map(() => fetch('http://x/mcp', sending('expired'))));
    // Headers as a plain record (how a caller's requestInit may carry them) read the same.
    await fetch('http://x/mcp', { headers: { Authorization: 'Bearer expired' } });
    expect(seen.map((c) => c.repeated ?? false)).toEqual([false, false, false, false]);
    await fetch('http://x/mcp', sending('refreshed'));
    expect(seen.at(-1)?.repeated).toBe(true);
  });
});

describe('signInNeeded', () => {
  const bearer: AuthChallenge = { status: 401 };
  it('a challenge without a provider, or the SDK giving up, is a sign-in; other failures are not', () => {
    expect(signInNeeded(new Error('boom'), bearer, false)).toMatch(/requires an OAuth sign-in/);
    expect(signInNeeded(new UnauthorizedError(), undefined, true)).toMatch(/requires an OAuth sign-in/);
    expect(signInNeeded(new Error('boom'), undefined, false)).toBeUndefined();
    // With a provider, a 401 it refreshed past, then an unrelated failure, stays a failure.
    expect(signInNeeded(new Error('ECONNRESET'), bearer, true)).toBeUndefined();
    expect(signInNeeded(Object.assign(new Error('x'), { code: 401 }), { status: 401, error: 'invalid_token' }, true)).toMatch(
      /expired or revoked/,
    );
    expect(signInNeeded(new Error('x'), { status: 403, error: 'insufficient_scope', scope: 'a b' }, true)).toMatch(/scope "a b"/);
  });
});

describe('OAuth vault', () => {
  it('serialises updates per server, so concurrent changes are all kept', async () => {
    const vault = new OAuthVault(new MemorySecretStore());
    await Promise.all([
      vault.saveTokens('s', { access_token: 'a'.repeat(20), token_type: 'Bearer' }),
      vault.update('s', (r) => ({ ...r, stepUpScope: 'mcp admin' })),
      vault.update('s', (r) => ({ ...r, redirectUrl: 'http://127.0.0.1:1/callback' })),
    ]);
    const r = await vault.read('s');
    expect(r.tokens?.access_token).toBe('a'.repeat(20));
    expect(r.stepUpScope).toBe('mcp admin');
    expect(r.redirectUrl).toBe('http://127.0.0.1:1/callback');
  });

  it('teaches the redactor every token and client secret it writes or reads', async () => {
    const store = new MemorySecretStore();
    const writer = new Redactor();
    const tokens = { access_token: 'at-written-0123456789', refresh_token: 'rt-written-0123456789', token_type: 'Bearer' };
    await new OAuthVault(redactingBackend(store, (v) => writer.add(v))).update('s', (r) => ({
      ...r,
      tokens,
      client: { client_id: 'cid', client_secret: 'cs-written-0123456789' },
    }));
    const line = `got ${tokens.access_token} ${tokens.refresh_token} cs-written-0123456789 for cid`;
    expect(writer.redact(line)).not.toMatch(/written/);
    // A later run learns them on reading the keychain.
    const reader = new Redactor();
    await new OAuthVault(redactingBackend(store, (v) => reader.add(v))).read('s');
    expect(reader.redact(line)).not.toMatch(/written/);
  });
});
