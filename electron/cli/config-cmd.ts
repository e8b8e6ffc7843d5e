// `config validate|path|import`: on the config the running orchestrator uses (asked of it), else on
// the default path; `--config` or MCP_ORCHESTRATOR_CONFIG name another file explicitly.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { formatIssues, parseConfigText, serializeConfig } from '../../shared/config-schema.js';
import { planImport } from '../../shared/import-plan.js';
import type { ImportPreviewEntry } from '../../shared/types.js';
import { writeFileAtomic } from '../core/config/atomic-write.js';
import { storeImportSecrets } from '../core/config/import-secrets.js';
import { silentLogger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { configPath, keychainService, orchestrator, type Io } from './context.js';
import { controlCall } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
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
  if (sub === 'import' && !arg) throw usage('usage: config import <claude_desktop_config.json> [--yes]');
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
