// Result schemas for the pipeline's requests to children (forward.ts). The SDK Client validates every
// reply with a zod schema, and the downstream SDK Server validates a tools/call result a
// second time; for the common shapes (text content) that parse returns its input unchanged,
// so a plain structural check stands in for it. Anything else (images, annotations, _meta,
// unknown keys that zod would strip) still goes through the SDK's own schema and parser, so
// what reaches the client, and every validation error, is exactly what the SDK path gives.
import { specSchema, type SpecName, type StandardSchemaV1 } from '../sdk/validation.js';
import { isJsonObject, onlyKeys } from '../../../shared/json-shape.js';

type Obj = Record<string, unknown>;

/** A result schema as the SDK's request() takes it: a Standard Schema. */
export type LeanSchema = StandardSchemaV1;

const optString = (v: unknown) => v === undefined || typeof v === 'string';

function isTextBlock(v: unknown): boolean {
  return isJsonObject(v) && v.type === 'text' && typeof v.text === 'string' && onlyKeys(v, ['type', 'text']);
}

/** Top level of a result: loose (unknown keys pass), but _meta has a schema of its own. */
function plainResult(v: unknown): v is Obj {
  return isJsonObject(v) && v._meta === undefined;
}

export function isPlainToolResult(v: unknown): boolean {
  if (!plainResult(v) || !Array.isArray(v.content)) return false;
  if (v.isError !== undefined && typeof v.isError !== 'boolean') return false;
  if (v.structuredContent !== undefined && !isJsonObject(v.structuredContent)) return false;
  return v.content.every(isTextBlock);
}

export function isPlainReadResult(v: unknown): boolean {
  if (!plainResult(v) || !Array.isArray(v.contents)) return false;
  return v.contents.every(
    (c) =>
      isJsonObject(c) &&
      typeof c.uri === 'string' &&
      typeof c.text === 'string' &&
      optString(c.mimeType) &&
      onlyKeys(c, ['uri', 'mimeType', 'text']),
  );
}

export function isPlainPromptResult(v: unknown): boolean {
  if (!plainResult(v) || !Array.isArray(v.messages) || !optString(v.description)) return false;
  return v.messages.every(
    (m) => isJsonObject(m) && (m.role === 'user' || m.role === 'assistant') && isTextBlock(m.content) && onlyKeys(m, ['role', 'content']),
  );
}

/** The SDK's schema of `name`, with `plain` answering first for the shapes it would return unchanged. */
function lean(name: SpecName, plain: (v: unknown) => boolean): LeanSchema {
  const full = specSchema(name)['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: 'mcp-orchestrator',
      validate: (value) => (plain(value) ? { value } : full.validate(value)),
    },
  };
}

export const LEAN_TOOL_RESULT = lean('CallToolResult', isPlainToolResult);
export const LEAN_READ_RESULT = lean('ReadResourceResult', isPlainReadResult);
export const LEAN_PROMPT_RESULT = lean('GetPromptResult', isPlainPromptResult);
export const COMPLETE_RESULT: StandardSchemaV1 = specSchema('CompleteResult');
