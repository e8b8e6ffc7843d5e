// Public tool names (`server__tool`, or a server's tool_prefix) as function names a model accepts:
// ^[a-zA-Z0-9_-]{1,64}$. Most public names already are; the rest are mapped, and back.

const LEGAL = /^[a-zA-Z0-9_-]{1,64}$/;

export interface ToolNameMap {
  /** Function name the model sees → public tool name. */
  toPublic: Map<string, string>;
  /** Public tool name → function name the model sees. */
  toFunction: Map<string, string>;
}

function sanitize(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned || 'tool';
}

/** A one-to-one map; collisions after cleaning get a numeric suffix within the 64 characters. */
export function mapToolNames(publicNames: readonly string[]): ToolNameMap {
  const toPublic = new Map<string, string>();
  const toFunction = new Map<string, string>();
  // Legal names keep themselves first, so a cleaned name never takes one of theirs.
  const ordered = [...publicNames.filter((n) => LEGAL.test(n)), ...publicNames.filter((n) => !LEGAL.test(n))];
  for (const name of ordered) {
    if (toFunction.has(name)) continue;
    let fn = LEGAL.test(name) ? name : sanitize(name);
    for (let i = 2; toPublic.has(fn); i++) {
      const suffix = `_${i}`;
      fn = sanitize(name).slice(0, 64 - suffix.length) + suffix;
    }
    toPublic.set(fn, name);
    toFunction.set(name, fn);
  }
  return { toPublic, toFunction };
}
