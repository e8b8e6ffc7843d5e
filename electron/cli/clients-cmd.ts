// `clients add NAME [--profile P] | list | revoke NAME`: client tokens for IDEs, each bound to one MCP endpoint.
// With an orchestrator running on this data folder, the command goes through its control API (a revoked client's
// open sessions then end at once); otherwise it edits the token file directly, which serve reads when it starts.
import { clientEndpoint } from '../../shared/profiles.js';
import type { ClientTokenInfo } from '../../shared/types.js';
import { systemClock } from '../core/env.js';
import { ClientTokenStore } from '../core/secrets/client-tokens.js';
import { dataDir, orchestrator, recordedOrchestrator, type Io } from './context.js';
import { controlCall } from './control-client.js';
import { usage } from './exit-codes.js';
import type { Flags } from './flags.js';

interface ClientsBackend {
  list(): Promise<ClientTokenInfo[]>;
  add(name: string, profile: string | null): Promise<{ token: string; client: ClientTokenInfo }>;
  revoke(name: string): Promise<void>;
}

async function backend(flags: Flags, io: Io): Promise<ClientsBackend> {
  const dir = dataDir(flags, io.env);
  if (await recordedOrchestrator(flags, io)) {
    const o = await orchestrator(flags, io);
    return {
      list: () => controlCall<ClientTokenInfo[]>(o, 'listClients'),
      add: (name, profile) => controlCall(o, 'addClient', [name, profile]),
      revoke: async (name) => void (await controlCall(o, 'revokeClient', [name])),
    };
  }
  const store = ClientTokenStore.forDataDir(dir, systemClock);
  return {
    list: () => store.list(),
    add: async (name, profile) => {
      const { token, info } = await store.add(name, profile);
      return { token, client: info };
    },
    revoke: async (name) => {
      if (!(await store.revoke(name))) throw new Error(`no client named "${name}"`);
    },
  };
}

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

export async function clientsCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, name] = rest;
  if (sub !== 'list' && !((sub === 'add' || sub === 'revoke') && name)) {
    throw usage('usage: clients add NAME [--profile P] | clients list | clients revoke NAME');
  }
  const clients = await backend(flags, io);
  if (sub === 'list') {
    const all = await clients.list();
    if (all.length === 0) io.out('no client tokens; create one with `mcp-orchestrator clients add NAME [--profile P]`');
    for (const c of all) io.out(`${c.name}  ${clientEndpoint(c.profile)}  created ${when(c.createdAt)}  last used ${when(c.lastUsedAt)}`);
    return 0;
  }
  if (sub === 'add' && name) {
    const { token, client } = await clients.add(name, flags.profile ?? null);
    // The token alone on stdout, so `TOKEN=$(mcp-orchestrator clients add cursor)` works; the rest on stderr.
    io.out(token);
    io.err(
      `client "${client.name}" may use ${clientEndpoint(client.profile)} only (never the control API). This is the only time the token is shown: put it in the IDE's config as "Authorization: Bearer <token>".`,
    );
    return 0;
  }
  if (sub === 'revoke' && name) {
    await clients.revoke(name);
    io.err(`client "${name}" revoked; its token no longer works`);
    return 0;
  }
  return 0;
}
