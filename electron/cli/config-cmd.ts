// `config validate|path|import`: on the config the running orchestrator uses (asked of it), else on
// the default path; `--config` or MCP_ORCHESTRATOR_CONFIG name another file explicitly.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { formatIssues, parseConfigText } from '../../shared/config-schema.js';
import type { ImportInput, ImportPreview, ImportPreviewEntry } from '../../shared/types.js';
import { writeFileAtomic } from '../core/runtime/atomic-write.js';
import { EMPTY_CONFIG_TEXT } from '../core/config/import-edit.js';
import { commitImport, prepareImport, type ImportContext, type ImportDraft } from '../core/config/import-flow.js';
import { silentLogger, systemClock } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { configPath, dataDir, keychainService, orchestrator, type Io } from './context.js';
import { PinStore } from '../core/trust/pins.js';
import { controlCall } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { readHidden } from './secrets-cmd.js';
import { print } from './output.js';

export interface ConfigTarget {
  path: string;
  /** Why this file: named by --config or the environment, the running orchestrator's, or the default. */
  source: 'flag' | 'env' | 'running' | 'default';
  /** The running orchestrator's gateway, when it named the file. */
  url?: string;
}

/**
 * The config file a command acts on. While an orchestrator runs, the one it uses (it is asked, so
 * `import` writes the file that hot-reloads): `npm run serve` runs examples/config.json, not the
 * default path. An orchestrator that refuses our token is an error, not a reason to pick another file.
 */
export async function configTarget(flags: Flags, io: Io): Promise<ConfigTarget> {
  if (flags.config) return { path: configPath(flags, io.env), source: 'flag' };
  if (io.env.MCP_ORCHESTRATOR_CONFIG) return { path: configPath(flags, io.env), source: 'env' };
  try {
    const o = await orchestrator(flags, io);
    const status = await controlCall<OrchestratorStatus>(o, 'getStatus');
    return { path: status.configPath, source: 'running', url: o.url };
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.UNREACHABLE) return { path: configPath(flags, io.env), source: 'default' };
    throw err;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const SOURCE_NOTE: Record<ConfigTarget['source'], string> = {
  flag: 'named by --config',
  env: 'named by MCP_ORCHESTRATOR_CONFIG',
  running: 'used by the running orchestrator',
  default: 'the default path; no orchestrator is running',
};

export async function configCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, arg] = rest;
  if (sub !== 'path' && sub !== 'validate' && sub !== 'import') throw usage('usage: config validate [file] | path | import <file> [--yes]');
  if (sub === 'import' && !arg) throw usage('usage: config import <claude_desktop_config.json | mcp.json> [--yes] [--secret id=value]');
  const target = sub === 'validate' && arg ? null : await configTarget(flags, io);
  if (sub === 'path') {
    print(io, flags, target, () => target!.path);
    if (!flags.json) io.err(`(${SOURCE_NOTE[target!.source]}${target!.url ? ` at ${target!.url}` : ''})`);
    return EXIT.OK;
  }
  if (sub === 'validate') {
    const file = arg ?? target!.path;
    const parsed = parseConfigText(await readText(file));
    if (!parsed.ok) {
      if (flags.json) print(io, flags, { file, valid: false, issues: parsed.issues }, () => '');
      else io.err(formatIssues(file, parsed.issues));
      return EXIT.CONFIG_INVALID;
    }
    const servers = parsed.config.servers.length;
    print(
      io,
      flags,
      { file, valid: true, format: parsed.format, servers, issues: [] },
      () => `${file}: valid (${parsed.format} format, ${servers} servers)`,
    );
    return EXIT.OK;
  }
  return importCommand(arg, target!.path, flags, io);
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
  // Issue 22: the imported servers expose nothing until approved (`tools review`); the running gateway reads the mark.
  const done = await commitImport({ ...ctx, pins: PinStore.forDataDir(dataDir(flags, io.env), systemClock) }, draft, values);
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
