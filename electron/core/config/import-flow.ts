// Import in two steps, the same for the CLI and the UI (through the control API): `prepareImport` computes what
// the import would do (entries, collisions, inputs to ask for, and the diff of the config file) and writes
// nothing; `commitImport` stores the secrets and returns the edited text for the caller to write.
import os from 'node:os';
import path from 'node:path';
import { parseConfigText } from '../../../shared/config-schema.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { planImport, type ImportPlan, type SecretMove, type VariableContext } from '../../../shared/import-plan.js';
import type { ConfigIssue, ImportPreview } from '../../../shared/types.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { importDiff, insertServers } from './import-edit.js';
import { resolveMoveNames, storeImportSecrets, storedInputs } from './import-secrets.js';

export interface ImportContext {
  /** The config file the import edits (named in the diff). */
  path: string;
  /** Its current text (EMPTY_CONFIG_TEXT when there is none yet). */
  text: string;
  /** The keychain, to pick free names and say which inputs are stored; null or unavailable: names as planned. */
  store: SecretStore | null;
  /** For `${userHome}` and `${pathSeparator}`; the running user's by default. */
  variables?: VariableContext;
  /** Issue 22: where imported servers are marked as awaiting the user's approval (trust/pins.ts). */
  pins?: { markAwaitingApproval(serverIds: readonly string[]): Promise<void> };
}

export interface ImportDraft {
  plan: ImportPlan;
  before: string;
  after: string;
  preview: ImportPreview;
}

export interface CommittedImport {
  /** The edited config text to write. */
  text: string;
  imported: string[];
  moves: SecretMove[];
  storedInputs: string[];
  /** Inputs neither given nor stored: their entries wait for them ("missing key"). */
  missingInputs: string[];
}

/** `head:` and one line per problem with its JSON path. */
function describe(head: string, issues: ConfigIssue[]): string {
  return [`${head}:`, ...issues.map((i) => `  ${i.path ? `at ${i.path}: ` : ''}${i.message}`)].join('\n');
}

/** What importing `source` (the file's text, `label` naming it) into the config would do; writes nothing. */
export async function prepareImport(ctx: ImportContext, source: string, label: string): Promise<ImportDraft> {
  const base = parseConfigText(ctx.text);
  if (!base.ok) {
    const first = base.issues[0];
    throw new AppError(
      ErrorCode.CONFIG_INVALID,
      `cannot import into ${ctx.path} while it is invalid; fix it first (${first ? `${first.path || '(root)'}: ${first.message}` : 'unreadable'})`,
    );
  }
  const variables = ctx.variables ?? { home: os.homedir(), sep: path.sep };
  const planned = planImport(base.config, source, variables);
  if (!planned.ok)
    throw new AppError(ErrorCode.CONFIG_INVALID, describe(label ? `cannot import ${label}` : 'cannot import', planned.issues));
  const plan = await resolveMoveNames(planned.plan, ctx.store);
  const after = edited(ctx, plan);
  const stored = await storedInputs(plan, ctx.store);
  const preview: ImportPreview = {
    path: ctx.path,
    entries: plan.entries,
    inputs: plan.inputs.map((i) => ({ ...i, stored: stored.has(i.name) })),
    diff: importDiff(ctx.text, after, ctx.path),
  };
  return { plan, before: ctx.text, after, preview };
}

/** Stores the moved keys and given inputs (by input id), then gives the text to write. */
export async function commitImport(ctx: ImportContext, draft: ImportDraft, values: Record<string, string> = {}): Promise<CommittedImport> {
  const stored = await storeImportSecrets(draft.plan, ctx.store, values);
  // Before the config is written: the gateway must never list an imported server's tools before the user saw them.
  await ctx.pins?.markAwaitingApproval(stored.plan.imported);
  const missingInputs = draft.preview.inputs.filter((i) => !i.stored && !stored.inputs.includes(i.name)).map((i) => i.name);
  return {
    text: edited(ctx, stored.plan),
    imported: stored.plan.imported,
    moves: stored.moves,
    storedInputs: stored.inputs,
    missingInputs,
  };
}

/**
 * The config text with the plan's entries inserted. A result that would not load (a rule across entries, such as a
 * namespace another server owns) is refused with its JSON paths, before anything is stored or written.
 */
function edited(ctx: ImportContext, plan: ImportPlan): string {
  const text = insertServers(ctx.text, plan.added);
  const check = parseConfigText(text);
  if (!check.ok)
    throw new AppError(ErrorCode.CONFIG_INVALID, describe(`cannot import: the new entries would make ${ctx.path} invalid`, check.issues));
  return text;
}
