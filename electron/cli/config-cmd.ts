// `config validate|path|import`: works on the file directly; no running orchestrator needed.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { formatIssues, parseConfigText } from '../../shared/config-schema.js';
import type { ImportInput, ImportPreviewEntry } from '../../shared/types.js';
import { writeFileAtomic } from '../core/config/atomic-write.js';
import { EMPTY_CONFIG_TEXT } from '../core/config/import-edit.js';
import { commitImport, prepareImport, type ImportContext } from '../core/config/import-flow.js';
import { silentLogger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { configPath, keychainService, type Io } from './context.js';
import type { Flags } from './flags.js';
import { readHidden } from './secrets-cmd.js';

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
    if (!arg) throw new Error('usage: config import <claude_desktop_config.json | mcp.json> [--yes] [--secret id=value]');
    return importCommand(arg, target, flags, io);
  }
  throw new Error('usage: config validate [file] | path | import <file> [--yes] [--secret id=value]');
}

/**
 * Shows what the import adds (commands/URLs, referenced secrets, keys that move to the keychain, collisions, VS Code
 * inputs) and the diff of the config file, and writes nothing until confirmed: `--yes`, or "y" at the prompt on a
 * terminal. The file is edited, not rewritten (electron/core/config/import-flow.ts).
 */
async function importCommand(file: string, target: string, flags: Flags, io: Io): Promise<number> {
  let text = EMPTY_CONFIG_TEXT;
  try {
    text = await readFile(target, 'utf8');
  } catch {
    // No config yet: the import creates it.
  }
  const source = await readText(file);
  const values = secretFlags(flags.secret ?? []);
  let ctx: ImportContext = { path: target, text, store: null };
  let draft = await prepareImport(ctx, source, file);
  if (draft.plan.moves.length || draft.plan.inputs.length) {
    // The keychain only when the file needs it (it is slow to reach on some systems): free names, stored inputs.
    ctx = { ...ctx, store: await createSecretStore({ service: keychainService(io.env), logger: silentLogger }) };
    draft = await prepareImport(ctx, source, file);
  }
  const { preview } = draft;
  if (preview.entries.length === 0) {
    io.out(`nothing new to import from ${file}: every server in it is already in ${target}`);
    return 0;
  }
  io.out([`${file} adds ${preview.entries.length} server(s) to ${target}:`, ...preview.entries.flatMap(describeEntry)].join('\n'));
  if (preview.inputs.length)
    io.out(
      ['Secrets it asks for (VS Code inputs), kept in the OS keychain:', ...preview.inputs.map((i) => describeInput(i, values))].join('\n'),
    );
  io.out(`\nChanges to ${target}:\n${preview.diff.trimEnd()}`);
  const interactive = !flags.yes && io.stdin.isTTY === true;
  // Without a keychain an input's value could not be stored; its server waits for the variable in the environment.
  if (interactive && ctx.store?.kind !== 'unavailable') {
    for (const input of preview.inputs) {
      if (values[input.id] !== undefined) continue;
      const keep = input.stored ? 'Enter keeps the stored one' : 'Enter leaves it missing';
      const value = await readHidden(io, `Value for ${input.name} (${input.description || input.id}; ${keep}): `);
      if (value) values[input.id] = value;
    }
  }
  if (!(flags.yes || (interactive && (await confirm(io, 'Import them? [y/N] '))))) {
    io.err('nothing written: re-run with --yes to import these servers');
    return 1;
  }
  const done = await commitImport(ctx, draft, values);
  await writeFileAtomic(target, done.text, { private: true });
  for (const m of done.moves) io.out(`stored ${m.serverId}.env.${m.envKey} in the OS keychain as ${m.name}`);
  for (const name of done.storedInputs) io.out(`stored input ${name} in the OS keychain`);
  for (const name of done.missingInputs) {
    io.out(`missing key ${name}: the servers using it wait for it; store it with \`secrets set ${name}\``);
  }
  io.out(`imported ${done.imported.length} server(s) into ${target}: ${done.imported.join(', ')}`);
  return 0;
}

/** `--secret id=value` flags by input id. */
function secretFlags(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--secret ${item}: expected id=value, with the input's id from the file's "inputs"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function describeInput(i: ImportInput, values: Record<string, string>): string {
  const state = values[i.id] ? 'given with --secret' : i.stored ? 'already stored' : 'not stored yet';
  return `  input ${i.id} -> \${${i.name}}${i.description ? `  "${i.description}"` : ''}  used by ${i.usedBy.join(', ')}  (${state})`;
}

export function describeEntry(e: ImportPreviewEntry): string[] {
  const lines = [`  ${e.id}  ${e.target}${e.autostart ? '  (starts once imported)' : '  (disabled or not autostarted)'}`];
  lines.push(`      secrets referenced: ${e.secrets.length ? e.secrets.join(', ') : 'none'}`);
  for (const m of e.movedToKeychain) lines.push(`      env ${m.envKey}: literal key moves to the OS keychain as \${${m.name}}`);
  for (const c of e.collisions) lines.push(`      collision: ${c}`);
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
