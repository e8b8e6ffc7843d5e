// Where the config file and data live on each OS. Takes the platform, environment and
// home folder as arguments so every OS can be tested on any OS.
import path from 'node:path';

export interface HostInfo {
  platform: string;
  env: Record<string, string | undefined>;
  homedir: string;
}

export const CONFIG_FILE_NAME = 'config.json';
const LINUX_DIR = 'mcp-orchestrator';
const PRODUCT_DIR = 'MCP Orchestrator';

/** Folder holding config.json: XDG_CONFIG_HOME on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultConfigDir(host: HostInfo): string {
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

export function defaultConfigPath(host: HostInfo): string {
  const join = host.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(defaultConfigDir(host), CONFIG_FILE_NAME);
}

/** Folder for the token file, state and caches (XDG_DATA_HOME on Linux; next to the config elsewhere). */
export function defaultDataDir(host: HostInfo): string {
  const { platform, env, homedir } = host;
  if (platform === 'win32' || platform === 'darwin') return defaultConfigDir(host);
  const base =
    env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(homedir, '.local', 'share');
  return path.posix.join(base, LINUX_DIR);
}
