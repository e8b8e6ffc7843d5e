// A starting arguments object from a JSON schema: every required property gets its default,
// first enum value, or an empty value of its type, so the user edits instead of typing keys.
type Schema = Record<string, unknown>;

function emptyOf(schema: Schema): unknown {
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return defaultArgs(schema);
    default:
      return null;
  }
}

export function defaultArgs(schema: Schema | undefined): Record<string, unknown> {
  const props = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  const out: Record<string, unknown> = {};
  for (const name of required) out[name] = emptyOf(props[name] ?? {});
  return out;
}

/** Parses the arguments editor; a tool call needs a JSON object. */
export function parseArgs(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  try {
    const v: unknown = JSON.parse(text.trim() || '{}');
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, message: 'Arguments must be a JSON object.' };
    return { ok: true, value: v as Record<string, unknown> };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/**
 * Checks the text of one JSON form field against the kind its schema asks for ('array',
 * 'object', or 'json' for anything). Empty text means "leave the argument out".
 */
export function jsonFieldProblem(text: string, kind: string): { problem: null; value: unknown } | { problem: string } {
  const raw = text.trim();
  if (!raw) return { problem: null, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { problem: `Not valid JSON: ${(err as Error).message}` };
  }
  if (kind === 'array' && !Array.isArray(value)) return { problem: 'Must be a JSON array, e.g. [1, 2].' };
  if (kind === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return { problem: 'Must be a JSON object, e.g. {"k": 1}.' };
  }
  return { problem: null, value };
}
