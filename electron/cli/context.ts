// Shared plumbing for CLI commands: where the config and data live, and how to reach a
// running orchestrator (its URL and bearer token).
import { bridgeToken as bridgeCredential } from '../core/gateway/identity.js';
import { verifyListener } from './verify-listener.js';
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import { findAppRoot } from '../core/app-root.js';
import { resolvePaths, type ResolvedPaths } from '../core/config/paths.js';
import { readRuntimeFile, type RuntimeInfo } from '../core/config/runtime-file.js';
import { createStreamLogger, silentLogger, type Logger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { loadOrCreateToken } from '../core/secrets/token.js';
import type { Io } from './io.js';

// Found by looking upwards, so it holds for the sources and for the bundle in dist/node alike.
export const APP_ROOT = findAppRoot(import.meta.url);

export { type Io } from './io.js';

export interface CommonFlags {
  config?: string;
  'data-dir'?: string;
  url?: string;
}

/** Config, data and keychain service for this command: flags, then env, then the OS default (core/config/paths.ts). */
export function cliPaths(flags: CommonFlags, env: Io['env']): ResolvedPaths {
  return resolvePaths({ platform: process.platform, env, homedir: os.homedir() }, { config: flags.config, dataDir: flags['data-dir'] });
}

export function configPath(flags: CommonFlags, env: Io['env']): string {
  return cliPaths(flags, env).configPath;
}

export function dataDir(flags: CommonFlags, env: Io['env']): string {
  return cliPaths(flags, env).dataDir;
}

export function keychainService(env: Io['env']): string {
  return cliPaths({}, env).keychainService;
}

export function cliLogger(io: Io, level: string | undefined): Logger {
  if (level === 'silent') return silentLogger;
  const lvl = (['debug', 'info', 'warn', 'error'].includes(level ?? '') ? level : 'info') as 'info';
  return createStreamLogger((line) => io.err(line.trimEnd()), lvl);
}

/** True while a process with this pid exists (EPERM: it exists, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The orchestrator that recorded itself in this data dir (core/config/runtime-file.ts), if it still runs. */
export async function recordedOrchestrator(flags: CommonFlags, io: Io): Promise<RuntimeInfo | null> {
  const info = await readRuntimeFile(dataDir(flags, io.env));
  return info && alive(info.pid) ? info : null;
}

/** The gateway URL of a running orchestrator: --url, env, the one recorded in the data dir, or the port in the config file. */
export async function gatewayUrl(flags: CommonFlags, io: Io): Promise<string> {
  if (flags.url) return flags.url;
  if (io.env.MCP_ORCHESTRATOR_URL) return io.env.MCP_ORCHESTRATOR_URL;
  const recorded = await recordedOrchestrator(flags, io);
  if (recorded) return recorded.url;
  // Only the port is needed: read it without loading the schema (zod), which would slow every client command.
  let port = 8000;
  try {
    const value = (JSON.parse(await readFile(configPath(flags, io.env), 'utf8')) as { orchestrator?: { port?: unknown } }).orchestrator
      ?.port;
    if (Number.isInteger(value) && (value as number) > 0 && (value as number) <= 65535) port = value as number;
  } catch {
    // No or unreadable config file: the default port (serve refuses an invalid file anyway).
  }
  return `http://127.0.0.1:${port}/mcp`;
}

/**
 * The bearer token for `url`: env first (scripts, CI), else where serve keeps it. Sent to nobody that has not
 * proven first that it is the orchestrator running with this data folder (verify-listener.ts).
 */
export async function gatewayToken(flags: CommonFlags, io: Io, url: string): Promise<string> {
  await verifyListener(url, dataDir(flags, io.env));
  if (io.env.MCP_ORCHESTRATOR_TOKEN) return io.env.MCP_ORCHESTRATOR_TOKEN;
  const store = await createSecretStore({ service: keychainService(io.env), logger: silentLogger });
  return (await loadOrCreateToken({ store, dataDir: dataDir(flags, io.env) })).token;
}

/**
 * The stdio bridge's token for `url`: MCP_ORCHESTRATOR_TOKEN when set, else this run's bridge credential, derived
 * from the runtime file once the listener proved it is that orchestrator (no keychain needed: see identity.ts).
 */
export async function bridgeToken(flags: CommonFlags, io: Io, url: string): Promise<string> {
  const info = await verifyListener(url, dataDir(flags, io.env));
  return io.env.MCP_ORCHESTRATOR_TOKEN || bridgeCredential(info.nonce);
}

/** Where a running orchestrator would be, and the token to talk to it. */
export async function orchestrator(flags: CommonFlags, io: Io): Promise<{ url: string; token: string }> {
  const url = await gatewayUrl(flags, io);
  return { url, token: await gatewayToken(flags, io, url) };
}
