// The import as an edit of the config text: each new entry is inserted with jsonc-parser's `modify`, so comments,
// layout, unknown keys and every existing setting and entry stay byte for byte as they were.
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { serializeServer } from '../../../shared/config-schema-server.js';
import { looksKeyValue } from '../../../shared/env-names.js';
import { detectFormatting } from '../../../shared/text-format.js';
import type { ServerConfig } from '../../../shared/types.js';
import { unifiedDiff } from '../../../shared/unified-diff.js';

/** What a missing config file is taken to be, so the first import creates a small seed-format file. */
export const EMPTY_CONFIG_TEXT = '{\n  "servers": {}\n}\n';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key the file lists its servers under: `servers`, or `mcpServers` in a Claude-style file. */
function serversKey(text: string): string {
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (isObject(root) && !isObject(root.servers) && isObject(root.mcpServers)) return 'mcpServers';
  return 'servers';
}

/** `text` with `servers` added as new entries, in their seed form; nothing else in the text changes. */
export function insertServers(text: string, servers: readonly ServerConfig[]): string {
  const key = serversKey(text);
  let out = text;
  for (const s of servers) {
    out = applyEdits(out, modify(out, [key, s.id], serializeServer(s), { formattingOptions: detectFormatting(out) }));
  }
  return out;
}

const STRING = /"((?:[^"\\]|\\.)*)"/g;

/** A shown line with key-shaped string values (and the credential after `Bearer `) replaced by [redacted]. */
export function maskKeys(line: string): string {
  return line.replace(STRING, (whole, inner: string) => {
    if (looksKeyValue(inner)) return '"[redacted]"';
    const m = /^(\S+\s+)(\S+)$/.exec(inner);
    return m && looksKeyValue(m[2]) ? `"${m[1]}[redacted]"` : whole;
  });
}

/** The unified diff the CLI prints and the UI shows before an import is written. */
export function importDiff(before: string, after: string, file: string): string {
  return unifiedDiff(before, after, { from: file, to: `${file} (after import)` }, { mask: maskKeys });
}
