// The import as an edit of the config text: each new entry is inserted on lines of its own after the last one,
// so comments, layout, unknown keys and every existing setting and entry stay byte for byte as they were.
// jsonc-parser's `modify` with formatting would reflow the whole line of the entry before (and move its trailing
// comment after the new one), so a non-empty list gets two plain edits instead: a comma after the last entry if it
// has none, and the new entry at the end of that entry's line. An empty list is `modify`'s job.
import { applyEdits, createScanner, findNodeAtLocation, modify, parseTree, type Edit, type Node } from 'jsonc-parser';
import { serializeServer } from '../../../shared/config-schema-server.js';
import { looksKeyValue } from '../../../shared/env-names.js';
import { detectFormatting } from '../../../shared/text-format.js';
import type { ServerConfig } from '../../../shared/types.js';
import { unifiedDiff } from '../../../shared/unified-diff.js';

/** What a missing config file is taken to be, so the first import creates a small seed-format file. */
export const EMPTY_CONFIG_TEXT = '{\n  "servers": {}\n}\n';

// jsonc-parser's SyntaxKind is an ambient const enum, which isolated modules cannot read.
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const TRIVIA = 15;

/** The object the file lists its servers in: `servers`, or `mcpServers` in a Claude-style file. */
function serversNode(text: string): { key: string; node: Node | undefined } {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const servers = root && findNodeAtLocation(root, ['servers']);
  const claude = root && findNodeAtLocation(root, ['mcpServers']);
  if (servers?.type !== 'object' && claude?.type === 'object') return { key: 'mcpServers', node: claude };
  return { key: 'servers', node: servers };
}

/** `text` with `servers` added as new entries, in their seed form; nothing else in the text changes. */
export function insertServers(text: string, servers: readonly ServerConfig[]): string {
  let out = text;
  for (const s of servers) out = insertOne(out, s.id, serializeServer(sandboxImported(s)));
  return out;
}

// Sandbox (issue 22 item 6): an imported local server is someone else's code, so it runs sandboxed where the host
// can ("auto"); an entry that says otherwise keeps its own setting, and built-ins are ours.
function sandboxImported(s: ServerConfig): ServerConfig {
  return s.transport === 'stdio' && s.builtin === undefined && s.sandbox === undefined ? { ...s, sandbox: 'auto' } : s;
}

function insertOne(text: string, id: string, value: unknown): string {
  const fmt = detectFormatting(text);
  const { key, node } = serversNode(text);
  const last = node?.type === 'object' ? node.children?.at(-1) : undefined;
  if (!last) return applyEdits(text, modify(text, [key, id], value, { formattingOptions: fmt }));
  const unit = fmt.insertSpaces ? ' '.repeat(fmt.tabSize) : '\t';
  const indent = lineIndent(text, last.offset);
  const body = JSON.stringify(value, null, unit)
    .split('\n')
    .join(fmt.eol + indent);
  const { comma, lineEnd } = afterEntry(text, last.offset + last.length);
  const edits: Edit[] = [];
  if (!comma) edits.push({ offset: last.offset + last.length, length: 0, content: ',' });
  edits.push({ offset: lineEnd, length: 0, content: `${fmt.eol}${indent}${JSON.stringify(id)}: ${body}${comma ? ',' : ''}` });
  return applyEdits(text, edits);
}

/** The whitespace before `offset` on its line (the entry's indentation), or two spaces if code precedes it. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const lead = text.slice(start, offset);
  return /^[ \t]*$/.test(lead) ? lead : '  ';
}

/** Whether the entry ending at `end` already has its comma, and where its line ends (after any trailing comment). */
function afterEntry(text: string, end: number): { comma: boolean; lineEnd: number } {
  const scanner = createScanner(text, false);
  scanner.setPosition(end);
  let comma = false;
  for (;;) {
    const kind = scanner.scan() as number;
    if (kind === COMMA) comma = true;
    else if (kind !== TRIVIA && kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) break; // a line break, `}` or the next token
  }
  return { comma, lineEnd: scanner.getTokenOffset() };
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
