// Where the config file and data live: the OS defaults, and the one resolution of flags and
// environment both composition roots use. Takes the platform, environment and home folder as
// arguments so every OS can be tested on any OS.
import path from 'node:path';

export interface HostInfo {
  platform: string;
  env: Record<string, string | undefined>;
  homedir: string;
}

const CONFIG_FILE_NAME = 'config.json';
const LINUX_DIR = 'mcp-orchestrator';
const PRODUCT_DIR = 'MCP Orchestrator';

/** Folder holding config.json: XDG_CONFIG_HOME on Linux, Application Support on macOS, %APPDATA% on Windows. */
function defaultConfigDir(host: HostInfo): string {
  const { platform, env, homedir } = host;
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming'), PRODUCT_DIR);
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', PRODUCT_DIR);
  // XDG says relative values must be ignored.
  const base =
    env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(homedir, '.config');
  return path.posix.join(base, LINUX_DIR);
}

function defaultConfigPath(host: HostInfo): string {
  const join = host.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(defaultConfigDir(host), CONFIG_FILE_NAME);
}

/** Folder for the token file, state and caches (XDG_DATA_HOME on Linux; next to the config elsewhere). */
function defaultDataDir(host: HostInfo): string {
  const { platform, env, homedir } = host;
  if (platform === 'win32' || platform === 'darwin') return defaultConfigDir(host);
  const base =
    env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(homedir, '.local', 'share');
  return path.posix.join(base, LINUX_DIR);
}

export const DEFAULT_KEYCHAIN_SERVICE = 'mcp-orchestrator';

export interface PathChoice {
  /** `--config`, when given. */
  config?: string;
  /** `--data-dir`, when given. */
  dataDir?: string;
}

export interface ResolvedPaths {
  configPath: string;
  dataDir: string;
  keychainService: string;
  /** Neither flag nor MCP_ORCHESTRATOR_CONFIG named the config: only there may a starter config be written. */
  configIsDefault: boolean;
}

/**
 * Where this run keeps its config, data and keychain entries; the one rule for the CLI and the app:
 * a flag, else MCP_ORCHESTRATOR_CONFIG / MCP_ORCHESTRATOR_DATA / MCP_ORCHESTRATOR_KEYCHAIN_SERVICE,
 * else the OS default. Empty values count as unset; relative paths resolve against the working folder.
 */
export function resolvePaths(host: HostInfo, choice: PathChoice = {}): ResolvedPaths {
  const given = (v: string | undefined) => (v ? v : undefined);
  const explicitConfig = given(choice.config) ?? given(host.env.MCP_ORCHESTRATOR_CONFIG);
  return {
    configPath: path.resolve(explicitConfig ?? defaultConfigPath(host)),
    dataDir: path.resolve(given(choice.dataDir) ?? given(host.env.MCP_ORCHESTRATOR_DATA) ?? defaultDataDir(host)),
    keychainService: given(host.env.MCP_ORCHESTRATOR_KEYCHAIN_SERVICE) ?? DEFAULT_KEYCHAIN_SERVICE,
    configIsDefault: explicitConfig === undefined,
  };
}
