// Name clashes an import would bring, shown as warnings in its preview: an id that is already taken (the entry is
// renamed), and public tool names that could shadow another server's (a `tool_prefix` inside another server's
// `<id>__` namespace, or the other way round). Pure.
import type { ServerConfig } from './types.js';

/** Where a server's public tool and prompt names start: its `tool_prefix`, or `<id>__`. */
function namespaceOf(s: ServerConfig): string {
  return s.toolPrefix ?? `${s.id}__`;
}

/**
 * Collisions of `added` (imported under `added.id`, asked for as `wantedId`) with every other server of the
 * config it joins. `taken` holds the ids that existed before this entry was added.
 */
export function collisionsOf(added: ServerConfig, wantedId: string, taken: ReadonlySet<string>, all: readonly ServerConfig[]): string[] {
  const out: string[] = [];
  if (added.id !== wantedId && taken.has(wantedId)) {
    out.push(`server id "${wantedId}" is already configured (a different entry); this one is imported as "${added.id}"`);
  }
  const mine = namespaceOf(added);
  if (mine === '') return out; // no prefix: names are the child's own, a clash is only known once it lists its tools
  for (const other of all) {
    if (other.id === added.id) continue;
    const theirs = namespaceOf(other);
    if (theirs === '') continue;
    // Compared without case: some clients fold the case of tool names.
    if (mine.toLowerCase().startsWith(theirs.toLowerCase())) {
      out.push(`tool_prefix "${mine}" falls inside server "${other.id}"'s namespace "${theirs}": its tool names can shadow ${other.id}'s`);
    } else if (theirs.toLowerCase().startsWith(mine.toLowerCase())) {
      out.push(
        `server "${other.id}" has tool_prefix "${theirs}", inside this entry's namespace "${mine}": their tool names can shadow each other`,
      );
    }
  }
  return out;
}
