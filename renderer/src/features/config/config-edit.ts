// Form edits applied to the raw config text, so the JSON editor stays the single source.
// The file keeps servers as a map keyed by id (`servers` or Claude-style `mcpServers`);
// an array of entries with `id` is handled too. The text is JSONC (comments, trailing commas),
// as the server accepts; edits go through jsonc-parser's `modify`, which touches only the
// changed values, so the user's comments and layout survive.
import { applyEdits, modify, parse as parseJsonc } from 'jsonc-parser';
import type { JSONPath, ParseError } from 'jsonc-parser';
import { detectFormatting } from '../../../../shared/text-format.js';
import { isJsonObject } from '../../../../shared/json-shape.js';
export interface ServerDraft {
  id: string;
  name: string;
  kind: 'stdio' | 'remote';
  command: string;
  /** One argument per line, so spaces need no quoting. */
  args: string;
  url: string;
  /** Required environment names, comma or space separated. */
  envNames: string;
}

export const EMPTY_DRAFT: ServerDraft = { id: '', name: '', kind: 'stdio', command: '', args: '', url: '', envNames: '' };

type Json = Record<string, unknown>;
type Container = { kind: 'map'; key: string; map: Record<string, Json> } | { kind: 'array'; list: Json[] };

function parse(text: string): Json | null {
  const errors: ParseError[] = [];
  const v: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length === 0 && isJsonObject(v) ? v : null;
}

function setAt(text: string, path: JSONPath, value: unknown): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: detectFormatting(text) }));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Writes `next` over `prev` at `base` field by field: untouched fields (and their comments) stay as they are. */
function patchEntry(text: string, base: JSONPath, prev: Json | undefined, next: Json): string {
  if (!prev) return setAt(text, base, next);
  let out = text;
  for (const k of Object.keys(prev)) if (!(k in next)) out = setAt(out, [...base, k], undefined);
  for (const [k, v] of Object.entries(next)) if (!sameJson(prev[k], v)) out = setAt(out, [...base, k], v);
  return out;
}

function container(doc: Json): Container {
  if (Array.isArray(doc.servers)) return { kind: 'array', list: doc.servers as Json[] };
  if (isJsonObject(doc.servers)) return { kind: 'map', key: 'servers', map: doc.servers as Record<string, Json> };
  if (isJsonObject(doc.mcpServers)) return { kind: 'map', key: 'mcpServers', map: doc.mcpServers as Record<string, Json> };
  return { kind: 'map', key: 'servers', map: {} };
}

function entries(c: Container): Array<[string, Json]> {
  if (c.kind === 'map') return Object.entries(c.map);
  return c.list.filter(isJsonObject).map((e) => [String(e.id ?? ''), e]);
}

export function listServerIds(text: string): string[] {
  const doc = parse(text);
  return doc ? entries(container(doc)).map(([id]) => id) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

export function readDraft(text: string, id: string): ServerDraft | null {
  const doc = parse(text);
  const entry = doc ? entries(container(doc)).find(([k]) => k === id)?.[1] : undefined;
  if (!entry) return null;
  const env = strings(entry.required_env ?? entry.requiredEnv);
  return {
    id,
    name: String(entry.name ?? ''),
    kind: typeof entry.url === 'string' ? 'remote' : 'stdio',
    command: String(entry.command ?? ''),
    args: strings(entry.args).join('\n'),
    url: String(entry.url ?? ''),
    envNames: env.join(', '),
  };
}

function splitList(s: string, sep: RegExp): string[] {
  return s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Merge the draft into the existing entry, keeping keys the form does not know. */
function applyDraft(entry: Json, d: ServerDraft): Json {
  const next: Json = { ...entry };
  if (d.name) next.name = d.name;
  else delete next.name;
  if (d.kind === 'stdio') {
    next.command = d.command.trim();
    next.args = splitList(d.args, /\r?\n/);
    delete next.url;
  } else {
    next.url = d.url.trim();
    delete next.command;
    delete next.args;
  }
  const env = splitList(d.envNames, /[\s,]+/);
  delete next.requiredEnv;
  if (env.length) next.required_env = env;
  else delete next.required_env;
  return next;
}

export type EditResult = { ok: true; text: string } | { ok: false; message: string };

export function upsertServer(text: string, d: ServerDraft): EditResult {
  const doc = parse(text);
  if (!doc) return { ok: false, message: 'Fix the JSON syntax first.' };
  const id = d.id.trim();
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(id)) return { ok: false, message: 'Id: letters, digits, _ and - only.' };
  if (d.kind === 'stdio' && !d.command.trim()) return { ok: false, message: 'A stdio server needs a command.' };
  if (d.kind === 'remote' && !/^https?:\/\//.test(d.url.trim())) return { ok: false, message: 'URL must start with http(s)://' };
  const c = container(doc);
  if (c.kind === 'map') {
    const prev = c.map[id];
    return { ok: true, text: patchEntry(text, [c.key, id], prev, applyDraft(prev ?? {}, d)) };
  }
  const i = c.list.findIndex((e) => isJsonObject(e) && e.id === id);
  if (i >= 0) return { ok: true, text: patchEntry(text, ['servers', i], c.list[i], applyDraft(c.list[i], d)) };
  // -1 appends to the array.
  return {
    ok: true,
    text: applyEdits(
      text,
      modify(text, ['servers', -1], applyDraft({ id }, d), {
        formattingOptions: detectFormatting(text),
        isArrayInsertion: true,
      }),
    ),
  };
}

export function removeServer(text: string, id: string): EditResult {
  const doc = parse(text);
  if (!doc) return { ok: false, message: 'Fix the JSON syntax first.' };
  const c = container(doc);
  if (c.kind === 'map') return c.map[id] ? { ok: true, text: setAt(text, [c.key, id], undefined) } : { ok: true, text };
  const i = c.list.findIndex((e) => isJsonObject(e) && e.id === id);
  return { ok: true, text: i >= 0 ? setAt(text, ['servers', i], undefined) : text };
}
