// `config validate|path|import`: works on the file directly; no running orchestrator needed.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { formatIssues, parseConfigText } from '../../shared/config-schema.js';
import type { ImportInput, ImportPreview, ImportPreviewEntry } from '../../shared/types.js';
import { writeFileAtomic } from '../core/config/atomic-write.js';
import { EMPTY_CONFIG_TEXT } from '../core/config/import-edit.js';
import { commitImport, prepareImport, type ImportContext, type ImportDraft } from '../core/config/import-flow.js';
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
  const values = secretFlags(flags.secret ?? []);
  const { ctx, draft } = await draftImport(file, target, io);
  const { preview } = draft;
  if (preview.entries.length === 0) {
    io.out(`nothing new to import from ${file}: every server in it is already in ${target}`);
    return 0;
  }
  printPreview(io, `${file} adds ${preview.entries.length} server(s) to ${target}:`, preview, values);
  const interactive = !flags.yes && io.stdin.isTTY === true;
  // Without a keychain an input's value could not be stored; its server waits for the variable in the environment.
  if (interactive && ctx.store?.kind !== 'unavailable') await askInputs(io, preview.inputs, values);
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

/** The import worked out against the target file (or an empty one); the keychain is opened only if the file needs it. */
async function draftImport(file: string, target: string, io: Io): Promise<{ ctx: ImportContext; draft: ImportDraft }> {
  let text = EMPTY_CONFIG_TEXT;
  try {
    text = await readFile(target, 'utf8');
  } catch {
    // No config yet: the import creates it.
  }
  const source = await readText(file);
  const ctx: ImportContext = { path: target, text, store: null };
  const draft = await prepareImport(ctx, source, file);
  if (!draft.plan.moves.length && !draft.plan.inputs.length) return { ctx, draft };
  // Reaching the keychain is slow on some systems; it picks free names and says which inputs are stored.
  const withStore = { ...ctx, store: await createSecretStore({ service: keychainService(io.env), logger: silentLogger }) };
  return { ctx: withStore, draft: await prepareImport(withStore, source, file) };
}

function printPreview(io: Io, title: string, preview: ImportPreview, values: Record<string, string>): void {
  io.out([title, ...preview.entries.flatMap(describeEntry)].join('\n'));
  if (preview.inputs.length) {
    const lines = preview.inputs.map((i) => describeInput(i, values));
    io.out(['Secrets it asks for (VS Code inputs), kept in the OS keychain:', ...lines].join('\n'));
  }
  io.out(`\nChanges to ${preview.path}:\n${preview.diff.trimEnd()}`);
}

/** A hidden prompt per input not given with --secret; Enter leaves it out. */
async function askInputs(io: Io, inputs: ImportInput[], values: Record<string, string>): Promise<void> {
  for (const input of inputs) {
    if (values[input.id] !== undefined) continue;
    const keep = input.stored ? 'Enter keeps the stored one' : 'Enter leaves it missing';
    const value = await readHidden(io, `Value for ${input.name} (${input.description || input.id}; ${keep}): `);
    if (value) values[input.id] = value;
  }
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
