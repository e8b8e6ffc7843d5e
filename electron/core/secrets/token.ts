// The bearer token IDE agents present to the gateway. Kept in the keychain when there is one,
// otherwise in a 0600 file in the data folder, written atomically.
import { errorMessage } from '../../../shared/errors.js';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../runtime/atomic-write.js';
import type { Logger } from '../env.js';
import type { SecretStore } from './secret-store.js';

export const GATEWAY_TOKEN_ACCOUNT = 'GATEWAY_TOKEN';
const TOKEN_FILE_NAME = 'gateway-token';
const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]{16,512}$/;

export interface TokenOptions {
  store: SecretStore;
  dataDir: string;
  logger?: Logger;
}

export interface TokenInfo {
  token: string;
  /** Human description of where the token is kept. */
  location: string;
}

function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

function tokenFilePath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE_NAME);
}

export async function loadOrCreateToken(opts: TokenOptions): Promise<TokenInfo> {
  if (opts.store.kind !== 'unavailable') {
    try {
      const existing = await opts.store.get(GATEWAY_TOKEN_ACCOUNT);
      if (existing && TOKEN_SHAPE.test(existing)) return { token: existing, location: storeLocation(opts.store) };
      return await saveToStore(opts.store, generateToken());
    } catch (err) {
      warnFallback(opts, err);
    }
  }
  const file = tokenFilePath(opts.dataDir);
  const existing = await readTokenFile(file);
  if (existing) return { token: existing, location: file };
  return { token: await writeTokenFile(opts.dataDir, generateToken()), location: file };
}

/** Replace the token; the old one stops working once the gateway reloads it. */
export async function rotateToken(opts: TokenOptions): Promise<TokenInfo> {
  const token = generateToken();
  if (opts.store.kind !== 'unavailable') {
    try {
      return await saveToStore(opts.store, token);
    } catch (err) {
      warnFallback(opts, err);
    }
  }
  await writeTokenFile(opts.dataDir, token);
  return { token, location: tokenFilePath(opts.dataDir) };
}

async function saveToStore(store: SecretStore, token: string): Promise<TokenInfo> {
  await store.set(GATEWAY_TOKEN_ACCOUNT, token);
  return { token, location: storeLocation(store) };
}

function storeLocation(store: SecretStore): string {
  const service = (store as { service?: string }).service;
  if (store.kind === 'keychain') return `OS keychain (service ${service ?? 'unknown'}, account ${GATEWAY_TOKEN_ACCOUNT})`;
  return `in-memory secret store (account ${GATEWAY_TOKEN_ACCOUNT}, not persisted)`;
}

function warnFallback(opts: TokenOptions, err: unknown): void {
  opts.logger?.warn('keychain unusable for the gateway token, using the token file instead', {
    error: errorMessage(err),
    file: tokenFilePath(opts.dataDir),
  });
}

async function readTokenFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const token = text.trim();
  if (!TOKEN_SHAPE.test(token)) return undefined;
  // Tighten permissions if someone loosened them; the token is a credential.
  if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return token;
}

async function writeTokenFile(dataDir: string, token: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Private from its first byte (the temp is created 0600) and swapped in atomically. No .bak:
  // a rotated-out credential is not worth keeping.
  await writeFileAtomic(tokenFilePath(dataDir), token + '\n', { private: true, backup: false });
  return token;
}
