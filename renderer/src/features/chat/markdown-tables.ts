// GitHub-style pipe tables, found in Markdown text so they can be drawn as <table>s. react-markdown
// without remark-gfm leaves them as paragraphs of pipes; this covers tables without a new dependency.
type Align = 'left' | 'center' | 'right' | undefined;
export interface TableBlock {
  kind: 'table';
  header: string[];
  align: Align[];
  rows: string[][];
}
export type Segment = { kind: 'md'; text: string } | TableBlock;

const DELIMITER_CELL = /^:?-+:?$/;
const FENCE = /^\s*(```|~~~)/;

/** The cells of one table row: outer pipes dropped, `\|` kept as a literal pipe. */
function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += s[i];
  }
  cells.push(cell.trim());
  return cells;
}

function alignments(line: string): Align[] | null {
  if (!line.includes('-')) return null;
  const cells = splitRow(line);
  if (!cells.every((c) => DELIMITER_CELL.test(c))) return null;
  return cells.map((c) =>
    c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : undefined,
  );
}

/** Splits Markdown into plain runs and tables (a header row, a delimiter row, body rows up to a blank line). */
export function splitTables(text: string): Segment[] {
  const lines = text.split('\n');
  const out: Segment[] = [];
  let run: string[] = [];
  let inFence = false;
  const flush = () => {
    if (run.length) out.push({ kind: 'md', text: run.join('\n') });
    run = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) inFence = !inFence;
    const align = !inFence && line.includes('|') && i + 1 < lines.length ? alignments(lines[i + 1]) : null;
    const header = align ? splitRow(line) : [];
    if (!align || header.length !== align.length) {
      run.push(line);
      continue;
    }
    flush();
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].trim() !== '' && lines[j].includes('|'); j++) {
      const cells = splitRow(lines[j]);
      // Short rows are padded and long ones cut, as GitHub does.
      rows.push(header.map((_, k) => cells[k] ?? ''));
    }
    out.push({ kind: 'table', header, align, rows });
    i = j - 1;
  }
  flush();
  return out;
}
