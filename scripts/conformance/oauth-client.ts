// The client the conformance suite's authorization scenarios drive (`conformance client --command ...`):
// the orchestrator's upstream OAuth client (electron/core/oauth) in front of the SDK's Streamable HTTP
// transport, exactly as a remote server entry uses it, with a scripted browser. The suite appends the
// server URL; MCP_CONFORMANCE_CONTEXT carries a pre-registered client's credentials where a scenario
// has one.
//
// The browser: the authorization server's authorize endpoint answers at once with a redirect to our
// loopback listener (the suite approves without a login page), so following redirects is all a user
// would have done.
import { UnauthorizedError } from '../../electron/core/sdk/auth.js';
import { Client, StreamableHTTPClientTransport } from '../../electron/core/sdk/client.js';
import { MemorySecretStore } from '../../electron/core/secrets/secret-store.js';
import { openLoopbackCallback } from '../../electron/core/oauth/loopback-callback.js';
import { UpstreamOAuthProvider, type OAuthClientSettings } from '../../electron/core/oauth/oauth-provider.js';
import { OAuthVault } from '../../electron/core/oauth/oauth-vault.js';
import { checkAuthorizationIssuer } from '../../electron/core/oauth/issuer-check.js';

const CIMD_URL = 'https://conformance-test.local/client-metadata.json';
/** Sign-in rounds after the first before giving up (at most three authorizations): a server that keeps asking must not loop us forever. */
const MAX_ROUNDS = 2;

async function browse(url: URL): Promise<void> {
  let next: URL | undefined = url;
  for (let hops = 0; next && hops < 10; hops++) {
    const res: Response = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    next = location ? new URL(location, next) : undefined;
  }
}

function settingsFromContext(): OAuthClientSettings {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  const context = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const str = (k: string) => (typeof context[k] === 'string' ? context[k] : undefined);
  const clientId = str('client_id');
  const clientSecret = str('client_secret');
  return {
    clientMetadataUrl: CIMD_URL,
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
  };
}

/**
 * The SDK v2 client and transport through the seam, as the supervisor connects a remote server: the era is
 * negotiated (`auto`), so a 2025 scenario's server gets `initialize` and a 2026-07-28 one `server/discover`.
 */
function connectTo(url: URL, authProvider: UpstreamOAuthProvider) {
  return new StreamableHTTPClientTransport(url, { authProvider });
}

async function main(): Promise<void> {
  const serverUrl = process.argv[process.argv.length - 1];
  if (!serverUrl?.startsWith('http')) throw new Error('usage: oauth-client.ts <server-url>');
  const vault = new OAuthVault(new MemorySecretStore());
  let provider: UpstreamOAuthProvider | undefined;
  const callback = await openLoopbackCallback({ expectedState: () => provider?.expectedState ?? '' });
  provider = new UpstreamOAuthProvider('conformance', vault, settingsFromContext(), {
    kind: 'interactive',
    redirectUrl: callback.redirectUrl,
    open: (url) => void browse(url).catch(() => undefined),
  });

  // Each round: connect and use the server; a 401/403 the transport could not settle by itself sends
  // the browser round, and the code comes back to the loopback listener.
  let transport = connectTo(new URL(serverUrl), provider);
  const client = new Client({ name: 'mcp-orchestrator-oauth-conformance', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  // The steps, each retried after a sign-in round (a step-up retries the call that was refused).
  let tools: Array<{ name: string }> | undefined;
  let called = 0;
  let connected = false;
  const step = async () => {
    if (!connected) {
      await client.connect(transport);
      connected = true;
    }
    tools ??= (await client.listTools()).tools;
    while (called < tools.length) {
      await client.callTool({ name: tools[called].name, arguments: {} });
      called++;
    }
  };
  for (let round = 0; ; round++) {
    try {
      await step();
      break;
    } catch (err) {
      if (!(err instanceof UnauthorizedError) || round >= MAX_ROUNDS) throw err;
      const answer = await callback.next();
      checkAuthorizationIssuer(await provider.lastDiscovery(), answer);
      await transport.finishAuth(answer.code, answer.iss);
      if (!connected) transport = connectTo(new URL(serverUrl), provider);
    }
  }
  await client.close();
  await callback.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
