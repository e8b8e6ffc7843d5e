// The command line that runs THIS installation's stdio bridge, for IDE snippets. Never a bare
// package name through npx: outside this repository npx resolves `mcp-orchestrator` from the
// public registry, which is someone else's package run with the user's rights.
import path from 'node:path';
import { DEFAULT_KEYCHAIN_SERVICE } from './config/paths.js';

export interface StdioLauncher {
  /** Absolute path of the executable: Node, or the packaged app's own binary in node mode. */
  command: string;
  /** Absolute path of bin/mcp-orchestrator.mjs first, then nothing else: callers append `stdio ...`. */
  args: string[];
  /** Set only under Electron: ELECTRON_RUN_AS_NODE=1 makes the app's binary behave as Node. */
  env?: Record<string, string>;
}

export interface LauncherHost {
  /** The running executable (process.execPath). */
  execPath: string;
  /** The folder holding package.json and bin/ (the repo, the npm package, or app.asar). */
  appRoot: string;
  /** True when running inside Electron (process.versions.electron). */
  electron: boolean;
}

/**
 * How to run this installation's CLI by absolute path. In the packaged app bin/ and dist/node/ stay
 * inside app.asar, which Electron's node mode (ELECTRON_RUN_AS_NODE) is to read; not yet checked on a
 * packaged build (if it fails, add bin/** and dist/node/** to asarUnpack and point this at the unpacked copy).
 */
export function stdioLauncher(host: LauncherHost): StdioLauncher {
  const bin = path.join(host.appRoot, 'bin', 'mcp-orchestrator.mjs');
  return host.electron
    ? { command: host.execPath, args: [bin], env: { ELECTRON_RUN_AS_NODE: '1' } }
    : { command: host.execPath, args: [bin] };
}

/** The full bridge command for one endpoint: the data dir names where the bridge finds the token. */
export function stdioBridgeCommand(launcher: StdioLauncher, url: string, dataDir: string): string[] {
  return [launcher.command, ...launcher.args, 'stdio', '--url', url, '--data-dir', dataDir];
}

/** A non-default keychain service travels with the command, or the bridge would look for the token elsewhere. */
export function withKeychainService(launcher: StdioLauncher, service: string | undefined): StdioLauncher {
  if (!service || service === DEFAULT_KEYCHAIN_SERVICE) return launcher;
  return { ...launcher, env: { ...launcher.env, MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: service } };
}
