// Client tokens: one per IDE or agent, each bound to one MCP endpoint (/mcp or one profile's), never to the control
// API. Only a SHA-256 of each token is kept (a 0600 JSON file in the data folder), so the file alone lets nobody in;
// the token itself is shown once, when it is created. The CLI and the running gateway share the file: the gateway
// re-reads it when it changes, so `clients revoke` from a shell takes effect without a restart.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, ErrorCode, errorMessage } from '../../../shared/errors.js';
import type { ClientTokenInfo } from '../../../shared/types.js';
import { writeFileAtomic } from '../runtime/atomic-write.js';
import type { Clock, Logger } from '../env.js';

const CLIENT_TOKENS_FILE = 'client-tokens.json';
/** A recognisable shape, so leaked tokens are easy to find in files and logs (and to redact). */
const CLIENT_TOKEN_PREFIX = 'mcpo_';
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** How often a change made by another process (the CLI) is looked for, at most. */
const RELOAD_CHECK_MS = 1000;
/** lastUsed is written back at most this often; it is informational. */
const LAST_USED_WRITE_MS = 60_000;

interface StoredClient {
  name: string;
  /** hex SHA-256 of the token */
  hash: string;
  /** null: the full endpoint /mcp; otherwise a profile's name. */
  profile: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface ClientGrant {
  name: string;
  profile: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function clientTokensPath(dataDir: string): string {
  return join(dataDir, CLIENT_TOKENS_FILE);
}

export class ClientTokenStore {
  private byHash = new Map<string, StoredClient>();
  /** inode + mtime of the file last read: an atomic write replaces the inode, so no change goes unseen. */
  private loadedSig = '';
  private lastCheck = Number.NEGATIVE_INFINITY;
  private lastUsedWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  static forDataDir(dataDir: string, clock: Clock, logger?: Logger): ClientTokenStore {
    return new ClientTokenStore(clientTokensPath(dataDir), clock, logger);
  }

  /** Reads the file (again, when it changed since the last read). A missing file is an empty list. */
  async load(): Promise<void> {
    let sig: string;
    try {
      sig = signature(await stat(this.file));
    } catch {
      this.byHash = new Map();
      this.loadedSig = '';
      return;
    }
    if (sig === this.loadedSig) return;
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { clients?: StoredClient[] };
      this.byHash = new Map((parsed.clients ?? []).filter(isStoredClient).map((c) => [c.hash, c]));
      this.loadedSig = sig;
    } catch (err) {
      // A broken file must not lock the user out of the admin path; it grants nothing until fixed.
      this.logger?.warn('client tokens file unreadable; no client token is accepted until it is fixed', {
        file: this.file,
        error: errorMessage(err),
      });
      this.byHash = new Map();
    }
  }

  /** The grant for a presented token, or undefined. Looks for changes by other processes at most once a second. */
  async verify(token: string): Promise<ClientGrant | undefined> {
    if (!token.startsWith(CLIENT_TOKEN_PREFIX)) return undefined;
    const now = this.clock.now();
    if (now - this.lastCheck >= RELOAD_CHECK_MS) {
      this.lastCheck = now;
      await this.load();
    }
    const found = this.byHash.get(hashToken(token));
    if (!found) return undefined;
    found.lastUsedAt = now;
    if (now - this.lastUsedWrite >= LAST_USED_WRITE_MS) {
      this.lastUsedWrite = now;
      void this.persist().catch((err: unknown) => this.logger?.warn('could not record client token use', { error: errorMessage(err) }));
    }
    return { name: found.name, profile: found.profile };
  }

  async list(): Promise<ClientTokenInfo[]> {
    await this.load();
    return [...this.byHash.values()]
      .map(({ name, profile, createdAt, lastUsedAt }) => ({ name, profile, createdAt, lastUsedAt }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Creates a token for `name`, bound to `profile` (or /mcp); returns the token, which is not stored anywhere. */
  async add(name: string, profile: string | null): Promise<{ token: string; info: ClientTokenInfo }> {
    if (!NAME_PATTERN.test(name)) {
      throw new AppError(
        ErrorCode.BAD_REQUEST,
        `client name "${name}" must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit`,
      );
    }
    await this.load();
    if ([...this.byHash.values()].some((c) => c.name === name)) {
      throw new AppError(ErrorCode.ALREADY_EXISTS, `a client named "${name}" already exists; revoke it first or pick another name`);
    }
    const token = CLIENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const stored: StoredClient = { name, hash: hashToken(token), profile, createdAt: this.clock.now(), lastUsedAt: null };
    this.byHash.set(stored.hash, stored);
    await this.persist();
    return { token, info: { name, profile, createdAt: stored.createdAt, lastUsedAt: null } };
  }

  /** Removes the client; false when there was none of that name. */
  async revoke(name: string): Promise<boolean> {
    await this.load();
    const entry = [...this.byHash.values()].find((c) => c.name === name);
    if (!entry) return false;
    this.byHash.delete(entry.hash);
    await this.persist();
    return true;
  }

  private persist(): Promise<void> {
    const text = JSON.stringify({ clients: [...this.byHash.values()] }, null, 2) + '\n';
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await writeFileAtomic(this.file, text, { private: true, backup: false });
        this.loadedSig = signature(await stat(this.file));
      });
    return this.writing;
  }
}

const signature = (s: { ino: number; mtimeMs: number; size: number }) => `${s.ino}:${s.mtimeMs}:${s.size}`;

function isStoredClient(v: unknown): v is StoredClient {
  const c = v as Partial<StoredClient> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.name === 'string' &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    (c.profile === null || typeof c.profile === 'string')
  );
}
