// `server <name>`: runs one built-in MCP server in this process on stdio. Kept for configs and
// scripts written before the `builtin` kind; it loads the same compiled file the supervisor starts.
import { pathToFileURL } from 'node:url';
import { BUILTIN_NAMES, isBuiltinName } from '../../shared/builtins.js';
import { builtinServersDir } from '../core/app-root.js';
import { builtinEntry } from '../core/supervisor/launch-command.js';
import { APP_ROOT, type Io } from './context.js';

export async function builtinServerCommand(rest: string[], io: Io): Promise<number> {
  const name = rest[0];
  if (!name || !isBuiltinName(name)) {
    io.err(`usage: mcp-orchestrator server <${BUILTIN_NAMES.join('|')}>`);
    return 2;
  }
  await import(pathToFileURL(builtinEntry(builtinServersDir(APP_ROOT), name)).href);
  // The server keeps the process alive until stdin closes.
  return await new Promise<number>(() => undefined);
}
