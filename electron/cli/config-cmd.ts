// `config validate|path|import`: works on the file directly; no running orchestrator needed.
import { readFile } from 'node:fs/promises';
import { formatIssues, importClientConfig, mergeServers, parseConfigText, serializeConfig } from '../../shared/config-schema.js';
import { writeFileAtomic } from '../core/config/atomic-write.js';
import { configPath, type Io } from './context.js';
import type { Flags } from './index.js';

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function configCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, arg] = rest;
  const target = configPath(flags, io.env);
  if (sub === 'path') {
    io.out(target);
    return 0;
  }
  if (sub === 'validate') {
    const file = arg ?? target;
    const parsed = parseConfigText(await readText(file));
    if (!parsed.ok) {
      io.err(formatIssues(file, parsed.issues));
      return 1;
    }
    io.out(`${file}: valid (${parsed.format} format, ${parsed.config.servers.length} servers)`);
    return 0;
  }
  if (sub === 'import') {
    if (!arg) throw new Error('usage: config import <claude_desktop_config.json>');
    const imported = importClientConfig(await readText(arg));
    if (!imported.ok) {
      io.err(formatIssues(arg, imported.issues));
      return 1;
    }
    let baseText: string;
    try {
      baseText = await readFile(target, 'utf8');
    } catch {
      baseText = '{"servers": {}}';
    }
    const base = parseConfigText(baseText);
    if (!base.ok) {
      io.err(formatIssues(target, base.issues));
      return 1;
    }
    const merged = mergeServers(base.config, imported.servers);
    await writeFileAtomic(target, serializeConfig(merged.config));
    io.out(`imported ${merged.imported.length} server(s) into ${target}: ${merged.imported.join(', ') || '(none)'}`);
    return 0;
  }
  throw new Error('usage: config validate [file] | path | import <file>');
}
