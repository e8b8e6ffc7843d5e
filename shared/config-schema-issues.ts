// Turns zod issues into plain-English ConfigIssues with human JSON paths.
import type { z } from 'zod';
import type { ConfigIssue } from './types.js';
import { describeType, formatPath } from './config-schema-json.js';

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

interface RawIssue {
  code?: string;
  expected?: string;
  input?: unknown;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: unknown[];
  keys?: string[];
}

/** Per-parse zod error map: messages read like "expected a string, got number". */
function zodErrorMap(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      const want = NOUNS[iss.expected ?? ''] ?? iss.expected;
      if (iss.input === undefined) return `is required (${want})`;
      if (iss.expected === 'int' && typeof iss.input === 'number') return `expected a whole number, got ${iss.input}`;
      return `expected ${want}, got ${describeType(iss.input)}`;
    }
    case 'too_small':
      return tooSmall(iss);
    case 'too_big':
      return tooBig(iss);
    case 'invalid_value':
      return `expected one of ${(iss.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(iss.input)}`;
    case 'unrecognized_keys':
      return `unknown key${(iss.keys ?? []).length > 1 ? 's' : ''} ${(iss.keys ?? []).map((k) => `"${k}"`).join(', ')}`;
    default:
      return undefined;
  }
}

function tooSmall(iss: RawIssue): string {
  const min = Number(iss.minimum);
  if (iss.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
  if (iss.origin === 'array') return `must have at least ${min} item${min === 1 ? '' : 's'}`;
  return iss.inclusive === false ? `must be greater than ${min}` : `must be at least ${min}`;
}

function tooBig(iss: RawIssue): string {
  const max = Number(iss.maximum);
  if (iss.origin === 'string') return `must be at most ${max} characters`;
  if (iss.origin === 'array') return `must have at most ${max} items`;
  return iss.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
}

/** Validates `value` with `schema`; issues get `prefix` prepended to their paths. */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[],
  issues: ConfigIssue[],
): z.output<S> | undefined {
  const res = schema.safeParse(value, { error: (iss) => zodErrorMap(iss) });
  if (res.success) return res.data;
  for (const iss of res.error.issues) {
    issues.push({ path: formatPath([...prefix, ...iss.path]), message: iss.message });
  }
  return undefined;
}

export function issueAt(path: readonly PropertyKey[], message: string): ConfigIssue {
  return { path: formatPath(path), message };
}
