// VS Code's (and Cursor's) `${...}` variables in an imported entry, translated to what the orchestrator fills in:
//  - `${env:X}` becomes `${X}` (resolved from the keychain, then the environment, like any `${X}`);
//  - `${userHome}`, `${pathSeparator}` and `${/}` are expanded at import time;
//  - `${input:id}` becomes `${NAME}`, a keychain secret the import preview asks for (VS Code's `inputs`);
//  - anything tied to an editor window (`${workspaceFolder}`, `${file}`, `${config:...}`, `${command:...}`, ...)
//    has no meaning here and is refused with the JSON path where it occurs, so nothing silently becomes "".
// Pure: the caller supplies the home folder and path separator.
import { formatPath } from './config-schema-json.js';
import { issueAt } from './config-schema-issues.js';
import type { ConfigIssue } from './types.js';
import { isJsonObject } from './json-shape.js';

export interface VariableContext {
  home: string;
  /** The platform's path separator, for `${pathSeparator}` and `${/}`. */
  sep: string;
}

/** One VS Code input: asked for in the preview, stored in the keychain as `name`. */
export interface InputSpec {
  id: string;
  name: string;
  description: string;
  password: boolean;
  /** Public ids of the entries that reference it (filled in by the caller after ids are final). */
  usedBy: string[];
}

type Obj = Record<string, unknown>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE = /\$\{([^}]*)\}/g;
/** VS Code's predefined variables that name an editor's folder, file or state. */
const EDITOR_ONLY = new Set([
  'workspaceFolder',
  'workspaceFolderBasename',
  'workspaceRoot',
  'file',
  'fileWorkspaceFolder',
  'relativeFile',
  'relativeFileDirname',
  'fileBasename',
  'fileBasenameNoExtension',
  'fileExtname',
  'fileDirname',
  'fileDirnameBasename',
  'cwd',
  'lineNumber',
  'selectedText',
  'execPath',
  'defaultBuildTask',
]);

/** A keychain account name for an input id or env key: upper-case letters, digits and `_`, starting with a letter. */
export function secretNameFor(raw: string): string {
  const up = raw
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .slice(0, 120);
  return /^[A-Z]/.test(up) ? up : `K_${up}`;
}

/** The file's `inputs` (VS Code mcp.json, or `mcp.inputs` in settings.json), keyed by id. */
export function readInputs(root: unknown): Map<string, InputSpec> {
  const list = isJsonObject(root) ? (root.inputs ?? (isJsonObject(root.mcp) ? root.mcp.inputs : undefined)) : undefined;
  const out = new Map<string, InputSpec>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.id !== 'string' || item.id === '') continue;
    const description = typeof item.description === 'string' ? item.description : '';
    out.set(item.id, { id: item.id, name: secretNameFor(item.id), description, password: item.password === true, usedBy: [] });
  }
  return out;
}

type Field = 'command' | 'args' | 'env' | 'headers' | 'url' | 'cwd';
/** Fields the supervisor fills `${NAME}` in; elsewhere only import-time expansions are possible. */
const SUBSTITUTED: ReadonlySet<Field> = new Set(['args', 'env', 'headers']);

interface Translation {
  ctx: VariableContext;
  inputs: Map<string, InputSpec>;
  /** Input ids this entry references. */
  used: Set<string>;
  issues: ConfigIssue[];
}

/** Records why; the text stays as it was (the import fails anyway), so the schema does not report it twice. */
function refuse(t: Translation, at: readonly PropertyKey[], whole: string, message: string): string {
  t.issues.push(issueAt(at, message));
  return whole;
}

function replaceOne(t: Translation, inner: string, field: Field, at: readonly PropertyKey[]): string {
  const whole = `\${${inner}}`;
  if (inner === 'userHome') return t.ctx.home;
  if (inner === 'pathSeparator' || inner === '/') return t.ctx.sep;
  if (EDITOR_ONLY.has(inner)) {
    return refuse(
      t,
      at,
      whole,
      `${whole} names VS Code's open folder or file, which the orchestrator does not have; replace it with an absolute path in the file you import (at ${formatPath(at)}) and import again`,
    );
  }
  const colon = inner.indexOf(':');
  const kind = colon < 0 ? '' : inner.slice(0, colon);
  const arg = inner.slice(colon + 1);
  if (kind === 'env' || kind === 'input') {
    if (!SUBSTITUTED.has(field)) {
      return refuse(
        t,
        at,
        whole,
        `${whole} in "${field}" cannot be filled in: the orchestrator fills variables in args, env and headers only`,
      );
    }
    if (kind === 'env') return ENV_NAME.test(arg) ? `\${${arg}}` : refuse(t, at, whole, `${whole} is not an environment variable name`);
    if (field === 'args') {
      return refuse(
        t,
        at,
        whole,
        `${whole} is a secret and args are visible to every local user (ps); in the file you import, pass it through "env" instead`,
      );
    }
    let input = t.inputs.get(arg);
    if (!input) {
      // Referenced but not declared: still a secret to ask for, named after its id.
      input = { id: arg, name: secretNameFor(arg), description: '', password: true, usedBy: [] };
      t.inputs.set(arg, input);
    }
    t.used.add(arg);
    return `\${${input.name}}`;
  }
  if (colon < 0 && ENV_NAME.test(inner)) return whole; // already the orchestrator's `${NAME}`
  return refuse(t, at, whole, `${whole} is not a variable the orchestrator can fill in; replace it with its value in the file you import`);
}

function translateString(t: Translation, value: string, field: Field, at: readonly PropertyKey[]): string {
  return value.replace(VARIABLE, (_m, inner: string) => replaceOne(t, inner, field, at));
}

/**
 * The entry with its variables translated. Issues carry paths starting at `at`; input ids it uses are
 * added to `used`. Keys other than the six string-bearing fields are left for the schema to judge.
 */
export function translateEntry(
  entry: unknown,
  at: readonly PropertyKey[],
  ctx: VariableContext,
  inputs: Map<string, InputSpec>,
  issues: ConfigIssue[],
): { entry: unknown; used: string[] } {
  if (!isJsonObject(entry)) return { entry, used: [] };
  const t: Translation = { ctx, inputs, used: new Set(), issues };
  const out: Obj = { ...entry };
  for (const field of ['command', 'url', 'cwd'] as const) {
    const v = entry[field];
    if (typeof v === 'string') out[field] = translateString(t, v, field, [...at, field]);
  }
  if (Array.isArray(entry.args)) {
    out.args = entry.args.map((a, i) => (typeof a === 'string' ? translateString(t, a, 'args', [...at, 'args', i]) : a));
  }
  for (const field of ['env', 'headers'] as const) {
    const rec = entry[field];
    if (!isJsonObject(rec)) continue;
    out[field] = Object.fromEntries(
      Object.entries(rec).map(([k, v]) => [k, typeof v === 'string' ? translateString(t, v, field, [...at, field, k]) : v]),
    );
  }
  return { entry: out, used: [...t.used] };
}
