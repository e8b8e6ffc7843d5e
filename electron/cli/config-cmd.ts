// `config validate|path|import`: works on the file directly; no running orchestrator needed.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { formatIssues, parseConfigText, serializeConfig } from '../../shared/config-schema.js';
import { planImport } from '../../shared/import-plan.js';
import type { ImportPreviewEntry } from '../../shared/types.js';
import { writeFileAtomic } from '../core/config/atomic-write.js';
import { storeImportSecrets } from '../core/config/import-secrets.js';
import { silentLogger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { configPath, keychainService, type Io } from './context.js';
import type { Flags } from './flags.js';

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
    if (!arg) throw new Error('usage: config import <claude_desktop_config.json> [--yes]');
    return importCommand(arg, target, flags, io);
  }
  throw new Error('usage: config validate [file] | path | import <file> [--yes]');
}

/**
 * Shows what the import adds (commands/URLs, referenced secrets, keys that move to the keychain) and
 * writes nothing until confirmed: `--yes`, or "y" at the prompt on a terminal.
 */
async function importCommand(file: string, target: string, flags: Flags, io: Io): Promise<number> {
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
  const planned = planImport(base.config, await readText(file));
  if (!planned.ok) {
    io.err(formatIssues(file, planned.issues));
    return 1;
  }
  const { plan } = planned;
  if (plan.imported.length === 0) {
    io.out(`nothing new to import from ${file}: every server in it is already in ${target}`);
    return 0;
  }
  io.out([`${file} adds ${plan.imported.length} server(s) to ${target}:`, ...plan.entries.flatMap(describeEntry)].join('\n'));
  if (!(flags.yes || (io.stdin.isTTY && (await confirm(io, 'Import them? [y/N] '))))) {
    io.err('nothing written: re-run with --yes to import these servers');
    return 1;
  }
  const store = plan.moves.length ? await createSecretStore({ service: keychainService(io.env), logger: silentLogger }) : null;
  const stored = store ? await storeImportSecrets(plan, store) : { config: plan.config, moves: [] };
  await writeFileAtomic(target, serializeConfig(stored.config), { private: true });
  for (const m of stored.moves) io.out(`stored ${m.serverId}.env.${m.envKey} in the OS keychain as ${m.name}`);
  io.out(`imported ${plan.imported.length} server(s) into ${target}: ${plan.imported.join(', ')}`);
  return 0;
}

export function describeEntry(e: ImportPreviewEntry): string[] {
  const lines = [`  ${e.id}  ${e.target}${e.autostart ? '  (starts once imported)' : '  (disabled or not autostarted)'}`];
  lines.push(`      secrets referenced: ${e.secrets.length ? e.secrets.join(', ') : 'none'}`);
  for (const m of e.movedToKeychain) lines.push(`      env ${m.envKey}: literal key moves to the OS keychain as \${${m.name}}`);
  for (const w of e.warnings) lines.push(`      warning: ${w}`);
  return lines;
}

async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
