// Where an issue is in the text, so "jump to error" can select it. Syntax issues carry an offset;
// schema issues carry a JSON path (`servers.memory.args[1]`), found with jsonc-parser's tree.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { JSONPath } from 'jsonc-parser';
import type { EditorIssue } from '../../slices/config-slice.js';

export function parsePath(path: string): JSONPath {
  const out: JSONPath = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return out;
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The span to select, or null when the issue points nowhere in particular (root-level). */
export function issueSpan(text: string, issue: EditorIssue): { start: number; end: number } | null {
  if (issue.offset !== undefined) return { start: issue.offset, end: Math.min(text.length, issue.offset + 1) };
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return null;
  const path = parsePath(issue.path);
  // A missing key points at its nearest existing parent.
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) {
      const target = node.parent?.type === 'property' ? node.parent : node;
      return { start: target.offset, end: target.offset + target.length };
    }
  }
  return null;
}

export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
