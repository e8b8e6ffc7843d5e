// Where a remote server's OAuth state lives: the tokens, the client registration and the discovered
// metadata, one JSON record per server in the OS keychain under a service of its own (never in the
// config, and apart from the user's API keys so the Keys page doesn't list them). The account name is
// the server id in hex, so every id maps to a distinct name the keychain accepts.
import type { OAuthClientInformationMixed, OAuthTokens } from '../sdk/auth.js';
import type { OAuthDiscoveryState } from '../sdk/auth.js';

/** The keychain calls the vault needs (SecretStore has them). */
export interface VaultBackend {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

export interface OAuthRecord {
  tokens?: OAuthTokens;
  /** When the access token expires (ms since epoch), from `expires_in` at the time it was saved. */
  expiresAt?: number;
  client?: OAuthClientInformationMixed;
  /** The redirect URL the client was registered with, so a later sign-in can reuse its port. */
  redirectUrl?: string;
  discovery?: OAuthDiscoveryState;
  /** The scope a 403 `insufficient_scope` asked for: the next sign-in asks for it (step-up). */
  stepUpScope?: string;
}

const accountFor = (serverId: string) => 'OAUTH_' + Buffer.from(serverId, 'utf8').toString('hex').toUpperCase();

export class OAuthVault {
  /** Per server: the last update in line. Read-modify-write must not interleave (the SDK saves tokens while a step-up is noted). */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly backend: VaultBackend,
    private readonly now: () => number = Date.now,
  ) {}

  async read(serverId: string): Promise<OAuthRecord> {
    const text = await this.backend.get(accountFor(serverId));
    if (!text) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch {
      // A record we cannot read is as good as none: the next sign-in writes a new one.
      return {};
    }
  }

  update(serverId: string, change: (record: OAuthRecord) => OAuthRecord): Promise<void> {
    const write = async () => {
      const next = change(await this.read(serverId));
      await this.backend.set(accountFor(serverId), JSON.stringify(next));
    };
    const queued = (this.writes.get(serverId) ?? Promise.resolve()).then(write, write);
    const tail = queued.catch(() => {});
    this.writes.set(serverId, tail);
    void tail.then(() => {
      if (this.writes.get(serverId) === tail) this.writes.delete(serverId);
    });
    return queued;
  }

  async saveTokens(serverId: string, tokens: OAuthTokens): Promise<void> {
    const expiresAt = typeof tokens.expires_in === 'number' ? this.now() + tokens.expires_in * 1000 : undefined;
    await this.update(serverId, (r) => ({ ...r, tokens, expiresAt }));
  }

  /** Signs out: the tokens, registration and discovery are all forgotten. */
  async clear(serverId: string): Promise<boolean> {
    return this.backend.delete(accountFor(serverId));
  }

  /** Whether a sign-in left tokens behind (they may still be expired or revoked; the server decides). */
  async hasTokens(serverId: string): Promise<boolean> {
    return Boolean((await this.read(serverId)).tokens?.access_token);
  }
}
