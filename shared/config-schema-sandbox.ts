// The per-server "sandbox" setting (issue 22 item 6): "off", "auto" or an explicit policy object.
// Checked by hand rather than with a zod union, so each mistake gets its own message at its own JSON path.
import type { ConfigIssue, SandboxSetting } from './types.js';
import { issueAt } from './config-schema-issues.js';
import { describeType } from './config-schema-json.js';

const POLICY_KEYS = ['network', 'read', 'write'] as const;

/** The normalised setting, or undefined (with issues pushed) when `value` is not a valid one. */
export function parseSandbox(value: unknown, at: readonly PropertyKey[], issues: ConfigIssue[]): SandboxSetting | undefined {
  if (value === 'off' || value === 'auto') return value;
  if (typeof value === 'string' || value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push(
      issueAt(at, `expected "off", "auto" or an object {"network", "read", "write"}, got ${JSON.stringify(value) ?? describeType(value)}`),
    );
    return undefined;
  }
  const before = issues.length;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key))
      issues.push(issueAt([...at, key], `unknown key "${key}" (expected network, read or write)`));
  }
  if (obj.network !== undefined && typeof obj.network !== 'boolean') {
    issues.push(issueAt([...at, 'network'], `expected true or false, got ${describeType(obj.network)}`));
  }
  const read = pathList(obj.read, [...at, 'read'], issues);
  const write = pathList(obj.write, [...at, 'write'], issues);
  if (issues.length > before) return undefined;
  return { network: obj.network !== false, read, write };
}

function pathList(value: unknown, at: readonly PropertyKey[], issues: ConfigIssue[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.push(issueAt(at, `expected an array of paths, got ${describeType(value)}`));
    return [];
  }
  value.forEach((p, i) => {
    // Relative paths would depend on the orchestrator's own working folder; "~" is the user's home.
    if (typeof p !== 'string' || !(p.startsWith('/') || p === '~' || p.startsWith('~/'))) {
      issues.push(issueAt([...at, i], `expected an absolute path or one starting with "~/", got ${JSON.stringify(p)}`));
    }
  });
  return value.filter((p): p is string => typeof p === 'string');
}

/** The setting as written in the config file (defaults left out). */
export function serializeSandbox(s: SandboxSetting): unknown {
  if (typeof s === 'string') return s;
  return {
    ...(s.network ? {} : { network: false }),
    ...(s.read.length ? { read: s.read } : {}),
    ...(s.write.length ? { write: s.write } : {}),
  };
}
