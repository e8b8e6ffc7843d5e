// `${NAME}` substitution for args, env and headers. Pure: the caller supplies the lookup.
const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function referencedVars(value: string): string[] {
  return [...value.matchAll(VAR)].map((m) => m[1]);
}

/** Replaces every `${NAME}` with lookup(NAME); names that resolve to undefined are reported and left empty. */
export function substituteVars(value: string, lookup: (name: string) => string | undefined): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(VAR, (_m, name: string) => {
    const v = lookup(name);
    if (v === undefined) {
      missing.push(name);
      return '';
    }
    return v;
  });
  return { value: out, missing };
}
