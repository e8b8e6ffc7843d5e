// Shared plumbing for CLI commands: where the config and data live, and how to reach a
// running orchestrator (its URL and bearer token).
import path from 'node:path';
import os from 'node:os';
import { parseConfigText } from '../../shared/config-schema.js';
import { readFile } from 'node:fs/promises';
import { findAppRoot } from '../core/app-root.js';
import { defaultConfigPath, defaultDataDir } from '../core/config/paths.js';
import { createStreamLogger, silentLogger, type Logger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { loadOrCreateToken } from '../core/secrets/token.js';

// Found by looking upwards, so it holds for the sources and for the bundle in dist/node alike.
export const APP_ROOT = findAppRoot(import.meta.url);

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  env: process.env,
  stdin: process.stdin,
};

export interface CommonFlags {
  config?: string;
  'data-dir'?: string;
  url?: string;
}

const host = () => ({ platform: process.platform, env: process.env, homedir: os.homedir() });

export function configPath(flags: CommonFlags, env: Io['env']): string {
  return path.resolve(flags.config ?? env.MCP_ORCHESTRATOR_CONFIG ?? defaultConfigPath(host()));
}

export function dataDir(flags: CommonFlags, env: Io['env']): string {
  return path.resolve(flags['data-dir'] ?? env.MCP_ORCHESTRATOR_DATA ?? defaultDataDir(host()));
}

export function keychainService(env: Io['env']): string {
  return env.MCP_ORCHESTRATOR_KEYCHAIN_SERVICE ?? 'mcp-orchestrator';
}

export function cliLogger(io: Io, level: string | undefined): Logger {
  if (level === 'silent') return silentLogger;
  const lvl = (['debug', 'info', 'warn', 'error'].includes(level ?? '') ? level : 'info') as 'info';
  return createStreamLogger((line) => io.err(line.trimEnd()), lvl);
}

/** The gateway URL of a running orchestrator: --url, env, or the port in the config file. */
export async function gatewayUrl(flags: CommonFlags, io: Io): Promise<string> {
  if (flags.url) return flags.url;
  if (io.env.MCP_ORCHESTRATOR_URL) return io.env.MCP_ORCHESTRATOR_URL;
  let port = 8000;
  try {
    const parsed = parseConfigText(await readFile(configPath(flags, io.env), 'utf8'));
    if (parsed.ok) port = parsed.config.orchestrator.port;
  } catch {
    // No config file: fall back to the default port.
  }
  return `http://127.0.0.1:${port}/mcp`;
}

/** The bearer token: env first (scripts, CI), else where serve keeps it. */
export async function gatewayToken(flags: CommonFlags, io: Io): Promise<string> {
  if (io.env.MCP_ORCHESTRATOR_TOKEN) return io.env.MCP_ORCHESTRATOR_TOKEN;
  const store = await createSecretStore({ service: keychainService(io.env), logger: silentLogger });
  return (await loadOrCreateToken({ store, dataDir: dataDir(flags, io.env) })).token;
}
