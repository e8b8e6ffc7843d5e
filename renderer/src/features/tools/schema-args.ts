// The model behind the generated tool form: what kind of field each JSON Schema gets, the starting
// arguments (defaults honoured, required values filled in), and the problems that block a call
// (numbers out of range, JSON text that does not parse). Pure, so it is unit-tested alone.
import { isJsonObject } from '../../../../shared/json-shape.js';

export type Schema = Record<string, unknown>;

export type FieldKind = 'enum' | 'boolean' | 'number' | 'integer' | 'string' | 'object' | 'array' | 'json';

/** The one type a schema declares (`["string", "null"]` counts as string); a real union has none. */
function declaredType(s: Schema): string | undefined {
  const types = Array.isArray(s.type) ? (s.type as unknown[]).filter((x) => x !== 'null') : [s.type];
  return types.length === 1 && typeof types[0] === 'string' ? types[0] : undefined;
}

export function propertiesOf(s: Schema): Record<string, Schema> {
  return typeof s.properties === 'object' && s.properties !== null ? (s.properties as Record<string, Schema>) : {};
}

export function requiredOf(s: Schema): Set<string> {
  return new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
}

/**
 * The field for a schema. Objects with declared properties become fieldsets and arrays whose items
 * have a schema become lists of typed items; a JSON text field is kept for what is free-form (no
 * type, a union, an object without properties, an array without items).
 */
export function fieldKind(s: Schema): FieldKind {
  if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => typeof v === 'string' || typeof v === 'number')) return 'enum';
  const t = declaredType(s);
  switch (t) {
    case 'boolean':
    case 'number':
    case 'integer':
    case 'string':
      return t;
    case 'object':
      return Object.keys(propertiesOf(s)).length > 0 ? 'object' : 'json';
    case 'array':
      return isJsonObject(s.items) ? 'array' : 'json';
    default:
      return 'json';
  }
}

/** A fresh value for a field the user must fill (a required one, or a new array item). */
export function initialValue(s: Schema): unknown {
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  switch (fieldKind(s)) {
    case 'enum':
      return (s.enum as unknown[])[0];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return defaultArgs(s);
    default:
      return declaredType(s) === 'array' ? [] : declaredType(s) === 'object' ? {} : undefined;
  }
}

/** Starting arguments: every required property gets a value, and every optional one its `default` if it has one. */
export function defaultArgs(schema: Schema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!schema) return out;
  const required = requiredOf(schema);
  for (const [name, s] of Object.entries(propertiesOf(schema))) {
    const v = required.has(name) ? initialValue(s) : 'default' in s ? s.default : undefined;
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** What is wrong with a number for its schema (integer, minimum, maximum, exclusive bounds), or null. */
export function numberProblem(value: unknown, s: Schema): string | null {
  if (typeof value !== 'number') return null;
  if (Number.isNaN(value)) return 'Must be a number.';
  if (fieldKind(s) === 'integer' && !Number.isInteger(value)) return 'Must be a whole number.';
  if (typeof s.minimum === 'number' && value < s.minimum) return `Must be at least ${s.minimum}.`;
  if (typeof s.maximum === 'number' && value > s.maximum) return `Must be at most ${s.maximum}.`;
  if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) return `Must be more than ${s.exclusiveMinimum}.`;
  if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) return `Must be less than ${s.exclusiveMaximum}.`;
  return null;
}

/** Problems of the structured fields' values, by path (`target.port`, `weights[1]`); JSON fields report their own. */
export function valueProblems(schema: Schema, value: unknown, path = ''): Record<string, string> {
  const out: Record<string, string> = {};
  const kind = fieldKind(schema);
  if (kind === 'number' || kind === 'integer') {
    const p = numberProblem(value, schema);
    if (p) out[path] = p;
  } else if (kind === 'object' && isJsonObject(value)) {
    for (const [name, s] of Object.entries(propertiesOf(schema))) {
      Object.assign(out, valueProblems(s, value[name], path ? `${path}.${name}` : name));
    }
  } else if (kind === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => Object.assign(out, valueProblems(schema.items as Schema, item, `${path}[${i}]`)));
  }
  return out;
}

/** The DOM id / test id of the field at a path: `arg-target-port`, `arg-tags-0`. */
export function fieldId(path: string): string {
  return `arg-${path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
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
