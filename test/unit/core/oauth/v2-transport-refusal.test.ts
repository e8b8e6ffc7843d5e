// The connection's "needs sign-in" test must recognise the refusal the v2 HTTP transport actually throws. With the
// seam's auth names from v1, `instanceof UnauthorizedError` never matched v2's class, and a 401 without a Bearer
// challenge was taken for a crash (backoff) instead of a sign-in to ask for.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signInNeeded } from '../../../../electron/core/oauth/auth-challenge.js';
import { sharedRoundAuth, UpstreamOAuthProvider } from '../../../../electron/core/oauth/oauth-provider.js';
import { OAuthVault } from '../../../../electron/core/oauth/oauth-vault.js';
import { StreamableHTTPClientTransport } from '../../../../electron/core/sdk/client.js';
import { MemorySecretStore } from '../../../../electron/core/secrets/secret-store.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

describe('a v2 transport refused by a remote server', () => {
  it('ends in the UnauthorizedError the seam exports, so the connection asks for a sign-in', async () => {
    // Every request is refused, with no WWW-Authenticate: the SDK cannot discover anything and gives up.
    server = createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
    const vault = new OAuthVault(new MemorySecretStore());
    await vault.saveTokens('remote', { access_token: 'expired-access-token', token_type: 'Bearer' });
    const reasons: string[] = [];
    const provider = new UpstreamOAuthProvider(
      'remote',
      vault,
      { clientId: 'pre-registered' },
      {
        kind: 'background',
        needsSignIn: (reason) => reasons.push(reason),
      },
      'http://127.0.0.1:1/callback',
    );
    const transport = new StreamableHTTPClientTransport(url, { authProvider: sharedRoundAuth(provider) });
    await transport.start();
    const err = await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await transport.close();
    expect(err).toBeInstanceOf(Error);
    expect(signInNeeded(err, undefined, true)).toMatch(/requires an OAuth sign-in/);
  });
});
