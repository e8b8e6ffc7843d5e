// Result schemas for the pipeline's requests to children (forward.ts). The SDK Client validates every
// reply with a zod schema, and the downstream SDK Server validates a tools/call result a
// second time; for the common shapes (text content) that parse returns its input unchanged,
// so a plain structural check stands in for it. Anything else (images, annotations, _meta,
// unknown keys that zod would strip) still goes through the SDK's own schema and parser, so
// what reaches the client, and every validation error, is exactly what the SDK path gives.
import { safeParse } from '../sdk/server.js';
import { CallToolResultSchema, GetPromptResultSchema, ReadResourceResultSchema } from '../sdk/types.js';

type Obj = Record<string, unknown>;
type Parsed = { success: true; data: unknown } | { success: false; error: unknown };

/** What Protocol.request needs from a result schema (it calls safeParse on anything without `_zod`). */
export interface LeanSchema {
  safeParse(data: unknown): Parsed;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `o` has no own keys outside `allowed`. */
function onlyKeys(o: Obj, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}

const optString = (v: unknown) => v === undefined || typeof v === 'string';

function isTextBlock(v: unknown): boolean {
  return isObj(v) && v.type === 'text' && typeof v.text === 'string' && onlyKeys(v, ['type', 'text']);
}

/** Top level of a result: loose (unknown keys pass), but _meta has a schema of its own. */
function plainResult(v: unknown): v is Obj {
  return isObj(v) && v._meta === undefined;
}

export function isPlainToolResult(v: unknown): boolean {
  if (!plainResult(v) || !Array.isArray(v.content)) return false;
  if (v.isError !== undefined && typeof v.isError !== 'boolean') return false;
  if (v.structuredContent !== undefined && !isObj(v.structuredContent)) return false;
  return v.content.every(isTextBlock);
}

export function isPlainReadResult(v: unknown): boolean {
  if (!plainResult(v) || !Array.isArray(v.contents)) return false;
  return v.contents.every(
    (c) =>
      isObj(c) &&
      typeof c.uri === 'string' &&
      typeof c.text === 'string' &&
      optString(c.mimeType) &&
      onlyKeys(c, ['uri', 'mimeType', 'text']),
  );
}

export function isPlainPromptResult(v: unknown): boolean {
  if (!plainResult(v) || !Array.isArray(v.messages) || !optString(v.description)) return false;
  return v.messages.every(
    (m) => isObj(m) && (m.role === 'user' || m.role === 'assistant') && isTextBlock(m.content) && onlyKeys(m, ['role', 'content']),
  );
}

function lean(schema: Parameters<typeof safeParse>[0], plain: (v: unknown) => boolean): LeanSchema {
  return { safeParse: (data) => (plain(data) ? { success: true, data } : safeParse(schema, data)) };
}

export const LEAN_TOOL_RESULT = lean(CallToolResultSchema, isPlainToolResult);
export const LEAN_READ_RESULT = lean(ReadResourceResultSchema, isPlainReadResult);
export const LEAN_PROMPT_RESULT = lean(GetPromptResultSchema, isPlainPromptResult);
