// What a pin covers: the parts of a tool, prompt or resource template definition a client's model reads or relies
// on, in canonical JSON (keys sorted at every depth), so a server that only reorders keys changes nothing.
import { createHash } from 'node:crypto';
import type { PinKind } from '../../../shared/types.js';

/** The pinned fields of one definition; absent fields are left out. */
export type Definition = Record<string, unknown> & { name: string; description?: string };

const FIELDS: Record<PinKind, readonly string[]> = {
  tool: ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'],
  prompt: ['name', 'title', 'description', 'arguments'],
  template: ['name', 'title', 'description', 'uriTemplate', 'mimeType', 'annotations'],
};

/** A listed tool, prompt or resource template, as the child sent it. */
export interface Listed {
  name: string;
  description?: string;
  [field: string]: unknown;
}

/** The pinned fields of a listed item (anything else, such as `_meta` or icons, is not pinned). */
export function definitionOf(kind: PinKind, item: Listed): Definition {
  const src = item as Record<string, unknown>;
  const out: Definition = { name: item.name };
  for (const field of FIELDS[kind]) if (src[field] !== undefined) out[field] = src[field];
  return out;
}

/** Plain JSON with object keys sorted at every depth; undefined members dropped as JSON.stringify drops them. */
function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalize(v)));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonicalize(v);
  }
  return out;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

/** hex SHA-256 of the canonical JSON. */
export function definitionHash(def: Definition): string {
  return createHash('sha256').update(canonicalJson(def), 'utf8').digest('hex');
}

/** The definition without its description, pretty-printed canonically: what the schema diff compares. */
export function schemaText(def: Definition | undefined): string {
  if (!def) return '';
  const { description: _description, ...rest } = def;
  return JSON.stringify(canonicalize(rest), null, 2) + '\n';
}
