// Which environment/secret names are special: reserved for the orchestrator itself, or shaped like a secret.
// Pure, so the config schema (renderer too), the core and the CLI apply the same rules.

/**
 * Internal names: never resolved in `${}`, never passed to a child, never set or deleted as a user secret.
 * GATEWAY_TOKEN is the gateway's own keychain account; MCP_ORCHESTRATOR_TOKEN carries it to CLI clients.
 */
export const RESERVED_NAMES: readonly string[] = ['GATEWAY_TOKEN', 'MCP_ORCHESTRATOR_TOKEN'];

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.includes(name.toUpperCase());
}

// `*_KEY`, `*_TOKEN`, `*_SECRET`, `*PASSWORD*` (and the bare words), case-insensitive.
const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET)$|PASSWORD|PASSWD/i;

/** A variable whose name says it holds a secret (its value is redacted and it may not appear in args). */
export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

// Prefixes of keys from common vendors; a literal value with one of these is a key whatever its name.
const KEY_PREFIX = /^(sk-|sk_|gsk_|xai-|ghp_|gho_|ghu_|ghs_|github_pat_|glpat-|xox[abpr]-|AKIA|AIza|hf_|pk_live_|rk_live_)/;

/** A literal value that looks like an API key: a known vendor prefix, or a long opaque token. */
export function looksKeyValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v) || v.includes('${')) return false;
  if (KEY_PREFIX.test(v)) return true;
  // Long, no path or URL punctuation, mixes letters and digits: an opaque credential, not a setting.
  return v.length >= 24 && /^[A-Za-z0-9_\-.=+]+$/.test(v) && /[A-Za-z]/.test(v) && /\d/.test(v);
}
