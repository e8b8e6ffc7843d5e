// Load-time rules for where secrets may appear in a server entry (known statically, so reported with a JSON path).
//  - Reserved names (the gateway token) never resolve: `${GATEWAY_TOKEN}` anywhere, or a reserved name in
//    required_env / env_passthrough, is an error.
//  - A secret in `args` is visible to every local user (`ps`), so `${X}` in args is an error when X is
//    declared by the entry (required_env / env_passthrough) or its name looks secret (*_KEY, *_TOKEN, ...).
//    Names stored in the keychain are only known at start; the supervisor refuses those then.
import { isReservedName, looksSecretName } from './env-names.js';
import { issueAt } from './config-schema-issues.js';
import { referencedVars } from './substitute.js';
import type { ConfigIssue, ServerConfig } from './types.js';

export function argsSecretMessage(name: string): string {
  return `\${${name}} is a secret and args are visible to every local user (ps); pass it through "env" instead, e.g. "env": {"${name}": "\${${name}}"}, and let the server read it from there`;
}

function reservedMessage(name: string): string {
  return `${name} is reserved for the orchestrator itself and is never passed to servers`;
}

export function checkSecretUse(s: ServerConfig, at: readonly PropertyKey[], issues: ConfigIssue[]): void {
  const declared = new Set([...s.requiredEnv, ...(s.envPassthrough ?? [])]);
  s.args.forEach((arg, i) => {
    for (const name of referencedVars(arg)) {
      if (isReservedName(name)) issues.push(issueAt([...at, 'args', i], reservedMessage(name)));
      else if (declared.has(name) || looksSecretName(name)) issues.push(issueAt([...at, 'args', i], argsSecretMessage(name)));
    }
  });
  for (const field of ['env', 'headers'] as const) {
    for (const [key, value] of Object.entries(s[field])) {
      for (const name of referencedVars(value)) {
        if (isReservedName(name)) issues.push(issueAt([...at, field, key], reservedMessage(name)));
      }
    }
  }
  s.requiredEnv.forEach((name, i) => {
    if (isReservedName(name)) issues.push(issueAt([...at, 'required_env', i], reservedMessage(name)));
  });
  (s.envPassthrough ?? []).forEach((name, i) => {
    if (isReservedName(name)) issues.push(issueAt([...at, 'env_passthrough', i], reservedMessage(name)));
  });
}
